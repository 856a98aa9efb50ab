package dev.tenancy.orgs.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;

import org.keycloak.Config;

/**
 * Tenancy's meters, on Keycloak's own registry (Quarkus adds it to Micrometer's global registry, so
 * they appear on the management interface's {@code /metrics} with {@code --metrics-enabled=true};
 * without it they cost a no-op). Labels are bounded: sink types, resource types, status classes and
 * reasons are fixed sets; organization ids appear only when the operator sets
 * {@code --spi-tenancy-orgs--default--metrics-organization-label=true}. Never a user id or a secret.
 */
public final class TenancyMetrics {

    public static final String ORGANIZATION_LABEL_OPTION = "metrics-organization-label";
    private static volatile TenancyMetrics global;

    private final MeterRegistry registry;
    private final boolean organizationLabel;
    private final Map<String, AtomicLong> backlog = new ConcurrentHashMap<>();
    private final Map<String, DoubleAdder> oldest = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> disabled = new ConcurrentHashMap<>();

    public TenancyMetrics(MeterRegistry registry, boolean organizationLabel) {
        this.registry = registry;
        this.organizationLabel = organizationLabel;
    }

    /** The server's instance, on the global registry, configured from the {@code tenancy-orgs} options. */
    public static TenancyMetrics get() {
        TenancyMetrics m = global;
        if (m == null) {
            synchronized (TenancyMetrics.class) {
                m = global;
                if (m == null) {
                    Config.Scope scope = Config.scope("tenancy-orgs", "default");
                    boolean org = scope != null && Boolean.TRUE.equals(scope.getBoolean(ORGANIZATION_LABEL_OPTION, false));
                    global = m = new TenancyMetrics(Metrics.globalRegistry, org);
                }
            }
        }
        return m;
    }

    // ---- SCIM and authentication -------------------------------------------------------------

    /** One SCIM request: {@code resourceType} Users, Groups, Bulk, … ; {@code status} the HTTP status. */
    public void scimRequest(String resourceType, int status, String organizationIdOrNull) {
        scimRequest(resourceType, statusClass(status), organizationIdOrNull);
    }

    /** One SCIM request with its status class ({@code 2xx}, {@code 4xx}, {@code 5xx}). */
    public void scimRequest(String resourceType, String statusClass, String organizationIdOrNull) {
        Counter.builder("tenancy.scim.requests").description("SCIM requests by resource type and status class")
                .tag("resource_type", bounded(resourceType))
                .tag("status_class", statusClass == null ? "unknown" : statusClass)
                .tag("organization", organizationIdOrNull != null && organizationLabel ? organizationIdOrNull : "")
                .register(registry).increment();
    }

    /** A refused SCIM credential; {@code reason} from a fixed set (missing, invalid, expired, disabled, …). */
    public void authFailure(String reason) {
        Counter.builder("tenancy.auth.failures").description("Refused SCIM credentials by reason")
                .tag("reason", bounded(reason)).register(registry).increment();
    }

    /** A SCIM client throttled after repeated failures. */
    public void authThrottled() {
        Counter.builder("tenancy.auth.throttled").description("SCIM clients throttled after repeated failures")
                .register(registry).increment();
    }

    // ---- provisioning delivery -----------------------------------------------------------------

    /** Event creation to acknowledged delivery, per sink type. */
    public void deliveryLag(String sinkType, long millis) {
        Timer.builder("tenancy.provisioning.delivery.lag").description("From the event's commit to its acknowledged delivery")
                .tag("type", bounded(sinkType))
                .serviceLevelObjectives(Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
                        Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10),
                        Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(30))
                .register(registry).record(Duration.ofMillis(Math.max(0, millis)));
    }

    public void deliveryFailed(String sinkType) {
        Counter.builder("tenancy.provisioning.deliveries.failed").description("Failed delivery attempts")
                .tag("type", bounded(sinkType)).register(registry).increment();
    }

    public void deliveryDead(String sinkType) {
        Counter.builder("tenancy.provisioning.deliveries.dead").description("Deliveries that became DEAD")
                .tag("type", bounded(sinkType)).register(registry).increment();
    }

    /**
     * The outbox as last read from the database (the same on every node: aggregate with {@code max},
     * not {@code sum}): deliveries still to send, the age of the oldest, disabled subscriptions.
     */
    public void outbox(String sinkType, long pending, double oldestPendingSeconds, long disabledSubscriptions) {
        String type = bounded(sinkType);
        backlog.computeIfAbsent(type, t -> {
            AtomicLong v = new AtomicLong();
            Gauge.builder("tenancy.provisioning.outbox.backlog", v, AtomicLong::get)
                    .description("Deliveries PENDING or FAILED").tag("type", t).register(registry);
            return v;
        }).set(pending);
        DoubleAdder age = oldest.computeIfAbsent(type, t -> {
            DoubleAdder v = new DoubleAdder();
            Gauge.builder("tenancy.provisioning.outbox.oldest.pending.age.seconds", v, DoubleAdder::sum)
                    .description("Age of the oldest delivery still to send").tag("type", t).register(registry);
            return v;
        });
        age.reset();
        age.add(oldestPendingSeconds);
        disabled.computeIfAbsent(type, t -> {
            AtomicLong v = new AtomicLong();
            Gauge.builder("tenancy.provisioning.subscriptions.disabled", v, AtomicLong::get)
                    .description("Disabled subscriptions").tag("type", t).register(registry);
            return v;
        }).set(disabledSubscriptions);
    }

    private static final java.util.List<String> SCIM_TYPES = java.util.List.of("Users", "Groups", "Bulk",
            "ServiceProviderConfig", "ResourceTypes", "Schemas");

    /**
     * The resource type label of a SCIM request path ({@code …/organizations/{orgId}/Users/{id}} →
     * {@code Users}; {@code …/.search} → {@code Search}); anything else is {@code other}.
     */
    public static String scimResourceType(String path) {
        if (path == null) {
            return "other";
        }
        String[] segments = path.split("/");
        for (int i = 0; i + 2 < segments.length; i++) {
            if ("organizations".equals(segments[i])) {
                String type = segments[i + 2];
                return SCIM_TYPES.contains(type) ? type : ".search".equals(type) ? "Search" : "other";
            }
        }
        return "other";
    }

    static String statusClass(int status) {
        return status >= 100 && status < 600 ? (status / 100) + "xx" : "unknown";
    }

    /** Keeps label values short and free of anything a caller could use to grow the series count. */
    static String bounded(String value) {
        if (value == null || value.isEmpty()) {
            return "unknown";
        }
        if (value.length() > 32 || !value.matches("[A-Za-z0-9_.-]+")) {
            return "other";
        }
        return value;
    }
}
