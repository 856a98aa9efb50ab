package dev.tenancy.orgs.setup;

import dev.tenancy.orgs.api.RealmResourceFactory;

/** Serves {@code /realms/{realm}/tenancy}: the setup page opened through a setup link. */
public final class SetupPageResourceProviderFactory extends RealmResourceFactory {

    public static final String ID = "tenancy";

    public SetupPageResourceProviderFactory() {
        super(ID, SetupPageResource::new);
    }
}
