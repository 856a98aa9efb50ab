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
    /** The fairness and broker options. */
    dev.tenancy.provisioning.delivery.DeliveryOptions delivery();

    /** The sinks this server has (webhook always; kafka and nats when their brokers are configured). */
    dev.tenancy.provisioning.delivery.Sinks sinks();

    /** Whether this node's circuit breaker for the subscription is open. */
    boolean breakerOpen(String subscriptionId);

    @Override
    default void close() {
    }
}
