package dev.tenancy.provisioning.rest;

import dev.tenancy.orgs.api.RealmResourceFactory;

/** Serves {@code /realms/{realm}/provisioning}. */
public final class ProvisioningResourceProviderFactory extends RealmResourceFactory {

    public static final String ID = "provisioning";

    public ProvisioningResourceProviderFactory() {
        super(ID, ProvisioningResource::new);
    }
}
