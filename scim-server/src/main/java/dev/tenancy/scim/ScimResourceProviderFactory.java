package dev.tenancy.scim;

import java.util.Map;

import dev.tenancy.orgs.api.RealmResourceFactory;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

/**
 * Realm resource {@code scim}, the id Keycloak's own realm-level SCIM uses: a higher {@link #order()}
 * makes this factory the one Keycloak picks, and it hands every non-organization path back to
 * Keycloak's implementation.
 */
public final class ScimResourceProviderFactory extends RealmResourceFactory implements ServerInfoAwareProviderFactory {

    public static final String ID = "scim";

    public ScimResourceProviderFactory() {
        super(ID, ScimRootResource::new);
    }

    @Override
    public int order() {
        return 100;
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        String version = ScimResourceProviderFactory.class.getPackage().getImplementationVersion();
        return Map.of("version", version == null ? "dev" : version);
    }
}
