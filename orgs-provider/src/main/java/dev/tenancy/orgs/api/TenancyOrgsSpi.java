package dev.tenancy.orgs.api;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** The SPI behind {@link TenancyOrgsProvider}; configured as {@code --spi-tenancy-orgs--default--…}. */
public final class TenancyOrgsSpi implements Spi {

    public static final String NAME = "tenancy-orgs";

    @Override
    public boolean isInternal() {
        return true;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return TenancyOrgsProvider.class;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return TenancyOrgsProviderFactory.class;
    }
}
