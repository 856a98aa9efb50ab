package dev.tenancy.provisioning.apps;

import org.keycloak.provider.Provider;

/** The server-wide outbound SCIM runtime as seen from a session: options, caches and the workers to wake. */
public interface AppsRuntime extends Provider {

    AppsConfig config();

    /** A client for one app with the current settings (shared token cache and rate limit). */
    ScimRemote remote(org.keycloak.models.KeycloakSession session, dev.tenancy.provisioning.apps.store.AppEntity app,
                      AppSettings settings);

    /** Whether the app accepts PATCH (its ServiceProviderConfig, cached). */
    boolean patchSupported(dev.tenancy.provisioning.apps.store.AppEntity app, ScimRemote remote);

    /** Forget what is cached about an app (its settings changed). */
    void forget(String appId);

    void wakePusher();

    void wakeSync();

    @Override
    default void close() {
    }
}
