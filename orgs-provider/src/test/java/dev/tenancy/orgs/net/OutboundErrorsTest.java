package dev.tenancy.orgs.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;

import javax.net.ssl.SSLHandshakeException;

import org.apache.http.conn.ConnectTimeoutException;
import org.apache.http.conn.HttpHostConnectException;
import org.junit.jupiter.api.Test;

class OutboundErrorsTest {

    @Test
    void givenFailures_thenCategoriesByTypeNeverText() {
        assertThat(OutboundErrors.category(new SocketTimeoutException("Read timed out"))).isEqualTo("timeout");
        assertThat(OutboundErrors.category(new ConnectTimeoutException("x"))).isEqualTo("timeout");
        assertThat(OutboundErrors.category(new HttpHostConnectException(new ConnectException("Connection refused"), null))).isEqualTo("refused");
        assertThat(OutboundErrors.category(new SSLHandshakeException("PKIX path building failed"))).isEqualTo("tls");
        assertThat(OutboundErrors.category(new AddressPolicyException("blocked"))).isEqualTo("address-policy");
        assertThat(OutboundErrors.category(new UnknownHostException("nx.example"))).isEqualTo("dns");
        assertThat(OutboundErrors.category(new IOException("weird", new SSLHandshakeException("x")))).isEqualTo("tls");
        assertThat(OutboundErrors.category(new IOException("secret text"))).isEqualTo("io");
        assertThat(OutboundErrors.category(new OutboundClient.HttpStatusException(503))).isEqualTo("http-503");
    }

    @Test
    void givenTheClient_thenLoopbackIsRefusedBeforeConnectingUnlessAllowed() throws Exception {
        try (OutboundClient cut = OutboundClient.create(new AddressPolicy(false), Duration.ofSeconds(2), Duration.ofSeconds(2), 4)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> cut.getString("http://localhost:9/x", 100))
                    .isInstanceOf(AddressPolicyException.class);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> cut.getString("http://2130706433/x", 100))
                    .isInstanceOf(AddressPolicyException.class);
        }
        try (OutboundClient lax = OutboundClient.create(new AddressPolicy(true), Duration.ofSeconds(2), Duration.ofSeconds(2), 4)) {
            // nothing listens on the discard port: the policy let it through, the connection is refused
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> lax.getString("http://127.0.0.1:9/x", 100))
                    .satisfies(e -> assertThat(OutboundErrors.category(e)).isEqualTo("refused"));
        }
    }
}
