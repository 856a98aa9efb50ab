package dev.tenancy.orgs.rest;

import dev.tenancy.orgs.api.RealmResourceFactory;

/** Serves {@code /realms/{realm}/orgs}. */
public final class OrgsRealmResourceProviderFactory extends RealmResourceFactory {

    public static final String ID = "orgs";

    public OrgsRealmResourceProviderFactory() {
        super(ID, OrgsResource::new);
    }
}
