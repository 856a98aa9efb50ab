package dev.tenancy.orgs.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AddressPolicyTest {

    private final AddressPolicy cut = new AddressPolicy(false);

    @Test
    void givenPrivateOrLoopbackTargets_thenRefused() {
        for (String url : new String[] {"http://127.0.0.1:8080/x", "http://localhost/x", "https://10.1.2.3/",
                "https://192.168.0.1/", "http://172.16.5.4/", "http://169.254.169.254/latest/meta-data",
                "http://[::1]/", "http://[fd00::1]/", "http://100.64.0.1/", "http://0.0.0.0/", "http://[::ffff:127.0.0.1]/"}) {
            assertThat(cut.refusal(url)).as(url).isPresent();
        }
    }

    @Test
    void givenPublicAddress_thenAccepted() {
        assertThat(cut.refusal("https://93.184.215.14/hook")).isEmpty();
    }

    @Test
    void givenMalformedUrls_thenRefusedEvenWhenPrivateIsAllowed() {
        AddressPolicy lax = new AddressPolicy(true);
        assertThat(lax.refusal("http://127.0.0.1/ok")).isEmpty();
        assertThat(lax.refusal("ftp://example.test/")).isPresent();
        assertThat(lax.refusal("/relative")).isPresent();
        assertThat(lax.refusal("https://user:pw@example.test/")).isPresent();
    }
}
