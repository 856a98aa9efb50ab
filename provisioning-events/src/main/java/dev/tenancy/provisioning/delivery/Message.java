package dev.tenancy.provisioning.delivery;

/**
 * One event as a sink sends it.
 *
 * @param subscriptionId the subscription it is delivered for
 * @param url the webhook URL (webhook sinks)
 * @param secret the signing secret (webhook sinks)
 * @param target the topic (Kafka) or subject (NATS); null for webhooks
 * @param eventId the CloudEvents {@code id}, the same across retries
 * @param eventType the CloudEvents {@code type}
 * @param key the ordering key: the user id, or the group id of group events
 * @param body the stored CloudEvents JSON, sent exactly as stored
 */
public record Message(String subscriptionId, String url, String secret, String target, String eventId,
                      String eventType, String key, String body) {
}
