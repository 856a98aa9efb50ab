package dev.tenancy.orgs.api;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/**
 * A Tenancy SPI: a name (options as {@code --spi-<name>--default--<option>}), one provider class and
 * its factory class. Subclasses only name them in a public no-argument constructor.
 */
public abstract class TenancySpi implements Spi {

    private final String name;
    private final Class<? extends Provider> providerClass;
    @SuppressWarnings("rawtypes")
    private final Class<? extends ProviderFactory> factoryClass;

    @SuppressWarnings("rawtypes")
    protected TenancySpi(String name, Class<? extends Provider> providerClass, Class<? extends ProviderFactory> factoryClass) {
        this.name = name;
        this.providerClass = providerClass;
        this.factoryClass = factoryClass;
    }

    /**
     * Not internal: Keycloak warns (KC-SERVICES0047) about every provider of an internal SPI that is not
     * its own, and this SPI is ours — internal to Tenancy, not to Keycloak.
     */
    @Override
    public final boolean isInternal() {
        return false;
    }

    @Override
    public final String getName() {
        return name;
    }

    @Override
    public final Class<? extends Provider> getProviderClass() {
        return providerClass;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public final Class<? extends ProviderFactory> getProviderFactoryClass() {
        return factoryClass;
    }
}
