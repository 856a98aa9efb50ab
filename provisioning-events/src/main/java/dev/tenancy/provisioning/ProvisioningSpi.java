package dev.tenancy.provisioning;

import dev.tenancy.orgs.api.TenancySpi;

/** SPI {@value #NAME}: options as {@code --spi-tenancy-provisioning--default--<option>}. */
public final class ProvisioningSpi extends TenancySpi {

    public static final String NAME = "tenancy-provisioning";

    public ProvisioningSpi() {
        super(NAME, ProvisioningProvider.class, ProvisioningProviderFactory.class);
    }
}
