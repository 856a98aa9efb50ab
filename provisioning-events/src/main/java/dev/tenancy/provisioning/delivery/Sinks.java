package dev.tenancy.provisioning.delivery;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The sinks this server has: always {@code webhook}; {@code kafka} and {@code nats} when their brokers are configured. */
public final class Sinks implements AutoCloseable {

    public static final List<String> TYPES = List.of(WebhookSink.TYPE, KafkaSink.TYPE, NatsSink.TYPE);

    private final Map<String, Sink> byType = new LinkedHashMap<>();

    public Sinks(List<Sink> sinks) {
        sinks.forEach(s -> byType.put(s.type(), s));
    }

    public Optional<Sink> get(String type) {
        return Optional.ofNullable(byType.get(type == null ? WebhookSink.TYPE : type));
    }

    public boolean configured(String type) {
        return byType.containsKey(type);
    }

    /** The webhook sink's thread count (the node's bound on concurrent webhook requests). */
    int webhookCapacity() {
        Sink s = byType.get(WebhookSink.TYPE);
        return s instanceof WebhookSink w ? w.capacity() : Integer.MAX_VALUE;
    }

    @Override
    public void close() {
        byType.values().forEach(Sink::close);
    }
}
