package dev.tenancy.provisioning.rest;

import java.util.regex.Pattern;

import dev.tenancy.orgs.api.ApiError;
import dev.tenancy.provisioning.delivery.DeliveryOptions;
import dev.tenancy.provisioning.delivery.KafkaSink;
import dev.tenancy.provisioning.delivery.NatsSink;
import dev.tenancy.provisioning.delivery.WebhookSink;
import dev.tenancy.provisioning.store.SubscriptionEntity;

/**
 * A subscription's sink from a request: {@code webhook} (url, secret), {@code kafka} (topic) or
 * {@code nats} (subject). A broker type this server has no broker for is a 400 naming {@code type};
 * a field of another type is a 400 naming that field. The broker itself is a server option only.
 */
final class SinkTarget {

    private SinkTarget() {
    }

    /** Applies the request's sink to a new subscription; returns whether it is a webhook (needs url and secret). */
    static boolean create(DeliveryOptions options, SubscriptionRequest req, SubscriptionEntity s) {
        String type = req.type() == null ? WebhookSink.TYPE : req.type();
        s.setType(type);
        if (WebhookSink.TYPE.equals(type)) {
            refuse("topic", req.topic(), type);
            refuse("subject", req.subject(), type);
            return true;
        }
        refuse("url", req.url(), type);
        refuse("secret", req.secret(), type);
        if (KafkaSink.TYPE.equals(type)) {
            if (options.kafka() == null) {
                throw ApiError.badRequest("type", "kafka is not available: this server has no Kafka broker configured"
                        + " (--spi-tenancy-provisioning--default--kafka-bootstrap-servers)");
            }
            refuse("subject", req.subject(), type);
            s.setTarget(valid("topic", req.topic(), options.kafka().topicPattern()));
        } else {
            if (options.nats() == null) {
                throw ApiError.badRequest("type", "nats is not available: this server has no NATS server configured"
                        + " (--spi-tenancy-provisioning--default--nats-url)");
            }
            refuse("topic", req.topic(), type);
            s.setTarget(valid("subject", req.subject(), options.nats().subjectPattern()));
        }
        return false;
    }

    /** Applies a {@code PUT}: the type never changes; the topic or subject may. */
    static void update(DeliveryOptions options, SubscriptionRequest req, SubscriptionEntity s) {
        if (req.type() != null && !req.type().equals(s.getType())) {
            throw ApiError.badRequest("type", "type cannot be changed; create a new subscription");
        }
        if (WebhookSink.TYPE.equals(s.getType())) {
            refuse("topic", req.topic(), s.getType());
            refuse("subject", req.subject(), s.getType());
            return;
        }
        refuse("url", req.url(), s.getType());
        refuse("secret", req.secret(), s.getType());
        if (KafkaSink.TYPE.equals(s.getType())) {
            refuse("subject", req.subject(), s.getType());
            if (req.topic() != null) {
                if (options.kafka() == null) {
                    throw ApiError.badRequest("type", "kafka is not available: this server has no Kafka broker configured");
                }
                s.setTarget(valid("topic", req.topic(), options.kafka().topicPattern()));
            }
        } else if (NatsSink.TYPE.equals(s.getType())) {
            refuse("topic", req.topic(), s.getType());
            if (req.subject() != null) {
                if (options.nats() == null) {
                    throw ApiError.badRequest("type", "nats is not available: this server has no NATS server configured");
                }
                s.setTarget(valid("subject", req.subject(), options.nats().subjectPattern()));
            }
        }
    }

    private static void refuse(String field, String value, String type) {
        if (value != null) {
            throw ApiError.badRequest(field, field + " does not apply to " + type + " subscriptions");
        }
    }

    private static String valid(String field, String value, Pattern pattern) {
        if (value == null || value.isBlank()) {
            throw ApiError.badRequest(field, field + " is required");
        }
        if (value.length() > 255 || !pattern.matcher(value).matches()) {
            throw ApiError.badRequest(field, field + " must match " + pattern.pattern());
        }
        return value;
    }
}
