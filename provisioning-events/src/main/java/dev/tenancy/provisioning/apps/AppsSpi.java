package dev.tenancy.provisioning.apps;

import dev.tenancy.orgs.api.TenancySpi;

/**
 * SPI {@value #NAME}: outbound SCIM to connected applications; options as
 * {@code --spi-tenancy-provisioning-apps--default--<option>}. Not internal to Keycloak (see
 * {@link TenancySpi}), so Keycloak does not warn about its provider at start-up.
 */
public final class AppsSpi extends TenancySpi {

    public static final String NAME = "tenancy-provisioning-apps";

    public AppsSpi() {
        super(NAME, AppsRuntime.class, AppsRuntimeFactory.class);
    }
}
