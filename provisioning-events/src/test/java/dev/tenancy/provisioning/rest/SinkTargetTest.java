package dev.tenancy.provisioning.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.tenancy.orgs.api.ApiError;
import dev.tenancy.provisioning.delivery.DeliveryOptions;
import dev.tenancy.provisioning.store.SubscriptionEntity;

class SinkTargetTest {

    private static final DeliveryOptions.Kafka KAFKA = new DeliveryOptions.Kafka("127.0.0.1:9092", "PLAINTEXT", null, null,
            null, null, null, null, null, null, Duration.ofSeconds(5), Pattern.compile("[A-Za-z0-9._-]{1,249}"));
    private static final DeliveryOptions.Nats NATS = new DeliveryOptions.Nats("nats://127.0.0.1:4222", null, null, null,
            null, null, null, Duration.ofSeconds(5), Pattern.compile("[A-Za-z0-9_.-]+"));
    private static final DeliveryOptions BOTH = new DeliveryOptions(8, 5, Duration.ofSeconds(5), Duration.ofMinutes(5),
            Duration.ofSeconds(10), KAFKA, NATS);

    private static SubscriptionRequest parse(String json) {
        return SubscriptionRequest.parse(json);
    }

    private static String field(Runnable r) {
        try {
            r.run();
        } catch (ApiError e) {
            return String.valueOf(((java.util.Map<?, ?>) e.getResponse().getEntity()).get("field"));
        }
        throw new AssertionError("no ApiError");
    }

    @Test
    void givenNoType_thenAWebhook() {
        SubscriptionEntity s = new SubscriptionEntity();
        assertThat(SinkTarget.create(BOTH, parse("{\"url\":\"https://example.com\"}"), s)).isTrue();
        assertThat(s.getType()).isEqualTo("webhook");
    }

    @Test
    void givenKafkaWithATopic_thenTheTopicIsTheTarget() {
        SubscriptionEntity s = new SubscriptionEntity();
        assertThat(SinkTarget.create(BOTH, parse("{\"type\":\"kafka\",\"topic\":\"hr.events\"}"), s)).isFalse();
        assertThat(s.getType()).isEqualTo("kafka");
        assertThat(s.getTarget()).isEqualTo("hr.events");
    }

    @Test
    void givenABrokerThisServerHasNot_then400NamingType() {
        DeliveryOptions none = DeliveryOptions.defaults();
        assertThat(field(() -> SinkTarget.create(none, parse("{\"type\":\"kafka\",\"topic\":\"t\"}"), new SubscriptionEntity())))
                .isEqualTo("type");
        assertThat(field(() -> SinkTarget.create(none, parse("{\"type\":\"nats\",\"subject\":\"s\"}"), new SubscriptionEntity())))
                .isEqualTo("type");
    }

    @Test
    void givenBadFields_then400NamingTheField() {
        assertThat(field(() -> parse("{\"type\":\"sqs\"}"))).isEqualTo("type");
        assertThat(field(() -> SinkTarget.create(BOTH, parse("{\"type\":\"kafka\"}"), new SubscriptionEntity()))).isEqualTo("topic");
        assertThat(field(() -> SinkTarget.create(BOTH, parse("{\"type\":\"kafka\",\"topic\":\"a b\"}"), new SubscriptionEntity())))
                .isEqualTo("topic");
        assertThat(field(() -> SinkTarget.create(BOTH, parse("{\"type\":\"nats\",\"subject\":\"a.>\"}"), new SubscriptionEntity())))
                .isEqualTo("subject");
        assertThat(field(() -> SinkTarget.create(BOTH, parse("{\"type\":\"nats\",\"subject\":\"a\",\"url\":\"https://x\"}"),
                new SubscriptionEntity()))).isEqualTo("url");
        assertThat(field(() -> SinkTarget.create(BOTH, parse("{\"url\":\"https://x\",\"topic\":\"t\"}"), new SubscriptionEntity())))
                .isEqualTo("topic");
    }

    @Test
    void givenAnUpdateThatChangesTheType_then400() {
        SubscriptionEntity s = new SubscriptionEntity();
        SinkTarget.create(BOTH, parse("{\"type\":\"nats\",\"subject\":\"a.b\"}"), s);
        assertThat(field(() -> SinkTarget.update(BOTH, parse("{\"type\":\"kafka\"}"), s))).isEqualTo("type");
        SinkTarget.update(BOTH, parse("{\"subject\":\"a.c\"}"), s);
        assertThat(s.getTarget()).isEqualTo("a.c");
        assertThatThrownBy(() -> SinkTarget.update(BOTH, parse("{\"topic\":\"t\"}"), s)).isInstanceOf(ApiError.class);
    }
}
