package dev.tenancy.provisioning;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** SPI {@value #NAME}: options as {@code --spi-tenancy-provisioning--default--<option>}. */
public final class ProvisioningSpi implements Spi {

    public static final String NAME = "tenancy-provisioning";

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
        return ProvisioningProvider.class;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return ProvisioningProviderFactory.class;
    }
}
