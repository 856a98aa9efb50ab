package dev.tenancy.orgs.api;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** The SPI behind {@link TenancyOrgsProvider}; configured as {@code --spi-tenancy-orgs--default--…}. */
public final class TenancyOrgsSpi implements Spi {

    public static final String NAME = "tenancy-orgs";

    /**
     * Not internal: Keycloak warns (KC-SERVICES0047) about every provider of an internal SPI that is not
     * its own, and this SPI is ours — internal to Tenancy, not to Keycloak.
     */
    @Override
    public boolean isInternal() {
        return false;
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
