package dev.tenancy.provisioning;

import org.keycloak.provider.Provider;

/** The module's server-wide runtime, as seen from a session: its options and its drainer. */
public interface ProvisioningProvider extends Provider {

    ProvisioningConfig config();

    /** Tells this node's drainer that new deliveries were committed. */
    void wakeDrainer();

    /** Sends one webhook request (used by the test ping). */
    dev.tenancy.provisioning.delivery.WebhookSender sender();

    @Override
    default void close() {
    }
}
