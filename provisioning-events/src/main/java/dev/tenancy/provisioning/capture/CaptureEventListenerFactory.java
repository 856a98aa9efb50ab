package dev.tenancy.provisioning.capture;

import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * A global event listener (active in every realm without configuration) plus Keycloak's model
 * events, so that every path that changes a user — admin REST and console, SCIM, account console,
 * identity-provider login, invitations — is captured the same way.
 */
public final class CaptureEventListenerFactory implements EventListenerProviderFactory {

    public static final String ID = "tenancy-provisioning";

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new CaptureEventListener(session);
    }

    @Override
    public boolean isGlobal() {
        return true;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(new ModelEventRouter());
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }
}
