package dev.tenancy.provisioning.apps;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** {@code tenancy-provisioning-apps}: outbound SCIM to connected applications (internal). */
public final class AppsSpi implements Spi {
    @Override public boolean isInternal() { return true; }
    @Override public String getName() { return "tenancy-provisioning-apps"; }
    @Override public Class<? extends Provider> getProviderClass() { return AppsRuntime.class; }
    @Override @SuppressWarnings("rawtypes") public Class<? extends ProviderFactory> getProviderFactoryClass() { return AppsRuntimeFactory.class; }
}
