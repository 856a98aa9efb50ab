package dev.tenancy.orgs.api;

import org.keycloak.provider.ProviderFactory;

/** Factory type of the {@link TenancyOrgsSpi}. */
public interface TenancyOrgsProviderFactory extends ProviderFactory<TenancyOrgsProvider> {
}
