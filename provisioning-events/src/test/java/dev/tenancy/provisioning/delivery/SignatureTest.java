package dev.tenancy.provisioning.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.List;
import java.util.Map;

import com.standardwebhooks.Webhook;
import org.junit.jupiter.api.Test;

class SignatureTest {

    @Test
    void givenOurSignature_thenTheReferenceLibraryAcceptsIt() {
        String secret = Signature.generateSecret();
        long now = System.currentTimeMillis() / 1000;
        String body = "{\"specversion\":\"1.0\",\"id\":\"e1\"}";
        String cut = Signature.sign(secret, "e1", now, body);
        assertThat(cut).startsWith("v1,");
        assertThatCode(() -> new Webhook(secret).verify(body, Map.of("webhook-id", List.of("e1"),
                "webhook-timestamp", List.of(Long.toString(now)), "webhook-signature", List.of(cut)))).doesNotThrowAnyException();
    }

    @Test
    void givenTheReferenceLibrarysSignature_thenOursIsIdentical() throws Exception {
        String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        assertThat(Signature.sign(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}"))
                .isEqualTo(new Webhook(secret).sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}"));
    }

    @Test
    void givenSecrets_thenOnlyWhsecWith24To64BytesAreValid() {
        assertThat(Signature.isValidSecret(Signature.generateSecret())).isTrue();
        assertThat(Signature.isValidSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")).isTrue();
        assertThat(Signature.isValidSecret("whsec_c2hvcnQ=")).isFalse();
        assertThat(Signature.isValidSecret("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")).isFalse();
        assertThat(Signature.isValidSecret("whsec_!!!")).isFalse();
    }
}
