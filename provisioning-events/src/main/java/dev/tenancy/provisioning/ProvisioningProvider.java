package dev.tenancy.provisioning;

import org.keycloak.provider.Provider;

/** The module's server-wide runtime, as seen from a session: its options and its drainer. */
public interface ProvisioningProvider extends Provider {

    ProvisioningConfig config();

    /** Tells this node's drainer that new deliveries were committed. */
    void wakeDrainer();

    /** Sends one webhook request (used by the test ping). */
    dev.tenancy.provisioning.delivery.WebhookSender sender();

    /** This node's cache of each realm's enabled subscriptions. */
    dev.tenancy.provisioning.store.SubscriptionCache subscriptions();

    /** This node's view of the event log: its options, and the signal long-polling readers wait on. */
    dev.tenancy.provisioning.log.EventLog eventLog();

    @Override
    default void close() {
    }
}
