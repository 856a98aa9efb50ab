package dev.tenancy.orgs.api;

import java.util.function.Function;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/**
 * Serves {@code /realms/{realm}/<id>} with a JAX-RS root made per request from the session. It has
 * no options and holds nothing: subclasses only name the id and the root in a public no-argument
 * constructor.
 */
public abstract class RealmResourceFactory implements RealmResourceProviderFactory {

    private final String id;
    private final Function<KeycloakSession, Object> root;

    protected RealmResourceFactory(String id, Function<KeycloakSession, Object> root) {
        this.id = id;
        this.root = root;
    }

    @Override
    public final RealmResourceProvider create(KeycloakSession session) {
        return new RealmResourceProvider() {
            @Override
            public Object getResource() {
                return root.apply(session);
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public final String getId() {
        return id;
    }
}
