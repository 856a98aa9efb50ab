package dev.tenancy.orgs.api;

/** The SPI behind {@link TenancyOrgsProvider}; configured as {@code --spi-tenancy-orgs--default--…}. */
public final class TenancyOrgsSpi extends TenancySpi {

    public static final String NAME = "tenancy-orgs";

    public TenancyOrgsSpi() {
        super(NAME, TenancyOrgsProvider.class, TenancyOrgsProviderFactory.class);
    }
}
