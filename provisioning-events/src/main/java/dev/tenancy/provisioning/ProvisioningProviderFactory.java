package dev.tenancy.provisioning;

import org.keycloak.provider.ProviderFactory;

/** Factory interface of the {@link ProvisioningSpi}. */
public interface ProvisioningProviderFactory extends ProviderFactory<ProvisioningProvider> {
}
