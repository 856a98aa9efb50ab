package dev.tenancy.provisioning.delivery;

import java.util.concurrent.CompletableFuture;

/**
 * Where a subscription's events go: a webhook, a Kafka topic or a NATS JetStream subject. A sink
 * makes one attempt per call and never blocks the caller: the future completes with the outcome
 * (never exceptionally) once the receiver or broker has answered or the attempt timed out. The
 * outbox, retries, ordering and {@code DEAD} are the drainer's, the same for every sink.
 */
public interface Sink extends AutoCloseable {

    /** The subscription {@code type} this sink serves: {@code webhook}, {@code kafka} or {@code nats}. */
    String type();

    CompletableFuture<Attempt> send(Message message);

    @Override
    default void close() {
    }
}
