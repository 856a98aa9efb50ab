package dev.tenancy.scim;

import java.util.Map;

import java.util.List;

import dev.tenancy.orgs.api.RealmResourceFactory;
import dev.tenancy.scim.bulk.BulkService;
import org.keycloak.Config;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

/**
 * Realm resource {@code scim}, the id Keycloak's own realm-level SCIM uses: a higher {@link #order()}
 * makes this factory the one Keycloak picks, and it hands every non-organization path back to
 * Keycloak's implementation.
 *
 * <p>Options ({@code --spi-realm-restapi-extension--scim--<option>}): {@code bulk-threads} (default 4)
 * and {@code bulk-chunk} (default 10), see {@link BulkService}.
 */
public final class ScimResourceProviderFactory extends RealmResourceFactory implements ServerInfoAwareProviderFactory {

    public static final String ID = "scim";

    public ScimResourceProviderFactory() {
        super(ID, ScimRootResource::new);
    }

    @Override
    public void init(Config.Scope config) {
        // the system properties are the names these settings had before they were options
        int chunk = config.getInt("bulk-chunk", Integer.getInteger("tenancy.scim.bulk.chunk", BulkService.DEFAULT_CHUNK));
        int threads = config.getInt("bulk-threads", Integer.getInteger("tenancy.scim.bulk.threads", BulkService.DEFAULT_THREADS));
        if (chunk < 1 || threads < 1) {
            throw new IllegalArgumentException("scim bulk-chunk and bulk-threads must be at least 1, got " + chunk + " and " + threads);
        }
        BulkService.configure(chunk, threads);
    }

    @Override
    public void postInit(org.keycloak.models.KeycloakSessionFactory factory) {
        factory.register(new MemberChanges());
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name("bulk-threads").type("int").defaultValue(BulkService.DEFAULT_THREADS)
                .helpText("Independent /Bulk creations run at once on this node (each in its own transaction); 1 runs them in order").add()
                .property().name("bulk-chunk").type("int").defaultValue(BulkService.DEFAULT_CHUNK)
                .helpText("The most /Bulk operations in one transaction (1: one transaction each)").add()
                .build();
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
