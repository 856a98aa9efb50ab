package dev.tenancy.provisioning.delivery;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * The {@code webhook} sink: {@link WebhookSender} (one signed {@code POST}, blocking) on a bounded pool
 * of sender threads. The drainer never hands it more requests than it has threads, so a request
 * never waits in the pool's queue behind another receiver's.
 */
public final class WebhookSink implements Sink {

    public static final String TYPE = "webhook";

    private final WebhookSender sender;
    private final ExecutorService threads;
    private final int capacity;

    public WebhookSink(WebhookSender sender, ExecutorService threads, int capacity) {
        this.sender = sender;
        this.threads = threads;
        this.capacity = capacity;
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** How many requests may be in flight at once on this node (the sender threads). */
    public int capacity() {
        return capacity;
    }

    @Override
    public CompletableFuture<Attempt> send(Message m) {
        return CompletableFuture.supplyAsync(() -> attempt(m), threads)
                .exceptionally(e -> Attempt.failed("internal", 0));
    }

    private Attempt attempt(Message m) {
        WebhookSender.Outcome o = sender.send(m.url(), m.secret(), m.eventId(), m.body());
        return of(o);
    }

    /** The sink-neutral form of a webhook outcome. */
    public static Attempt of(WebhookSender.Outcome o) {
        return new Attempt(o.delivered(), o.gone(), o.status() == 0 ? null : o.status(), o.retryAfterMillis(),
                o.error(), o.durationMillis());
    }
}
