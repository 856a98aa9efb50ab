package dev.tenancy.provisioning.apps;

import org.keycloak.provider.ProviderFactory;

public interface AppsRuntimeFactory extends ProviderFactory<AppsRuntime> {
}
