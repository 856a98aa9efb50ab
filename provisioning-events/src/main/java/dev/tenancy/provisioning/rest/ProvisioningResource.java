package dev.tenancy.provisioning.rest;

import jakarta.ws.rs.Path;

import org.keycloak.models.KeycloakSession;

import dev.tenancy.orgs.api.Caller;
import dev.tenancy.orgs.api.TenancyOrgsProvider;

/** {@code /realms/{realm}/provisioning}. */
public final class ProvisioningResource {

    private final KeycloakSession session;

    ProvisioningResource(KeycloakSession session) {
        this.session = session;
    }

    @Path("webhooks")
    public WebhooksResource webhooks() {
        Caller caller = session.getProvider(TenancyOrgsProvider.class).authenticateCaller();
        return new WebhooksResource(session, new Access(session, caller));
    }

    @Path("events")
    public EventsResource events() {
        Caller caller = session.getProvider(TenancyOrgsProvider.class).authenticateCaller();
        return new EventsResource(session, new Access(session, caller));
    }

    @Path("apps")
    public dev.tenancy.provisioning.apps.rest.AppsResource apps() {
        Caller caller = session.getProvider(TenancyOrgsProvider.class).authenticateCaller();
        return new dev.tenancy.provisioning.apps.rest.AppsResource(session, new Access(session, caller));
    }
}
