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

    @Test
    void givenIpv4EmbeddedInIpv6_thenTheEmbeddedAddressDecides() {
        for (String url : new String[] {"http://[::ffff:7f00:1]/", "http://[::127.0.0.1]/", "http://[64:ff9b::7f00:1]/",
                "http://[64:ff9b::a9fe:a9fe]/", "http://[2002:7f00:1::]/", "http://[2002:c0a8:101::1]/",
                "http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/", "http://[64:ff9b:1::1]/", "http://[fe80::1]/",
                "http://[ff02::1]/", "http://[2001:db8::1]/", "http://[::]/", "http://[fec0::1]/"}) {
            assertThat(cut.refusal(url)).as(url).isPresent();
        }
        assertThat(cut.refusal("http://[64:ff9b::5db8:d70e]/")).as("NAT64 of a public address").isEmpty();
        assertThat(cut.refusal("http://[2002:5db8:d70e::1]/")).as("6to4 of a public address").isEmpty();
        assertThat(cut.refusal("http://[2606:2800:220:1:248:1893:25c8:1946]/")).isEmpty();
    }

    @Test
    void givenNonCanonicalIpv4Literals_thenRefusedEvenWhenPrivateIsAllowed() {
        AddressPolicy lax = new AddressPolicy(true);
        for (String url : new String[] {"http://2130706433/", "http://0x7f.1/", "http://0x7f000001/", "http://0177.0.0.1/",
                "http://127.1/", "http://127.0.0.01/", "http://010.0.0.1/", "http://1.2.3.256/", "http://127.0.0.1./",
                "http://[fe80::1%25eth0]/"}) {
            assertThat(lax.refusal(url)).as(url).isPresent();
            assertThat(cut.refusal(url)).as(url).isPresent();
        }
        assertThat(lax.refusal("http://127.0.0.1:9/")).isEmpty();
    }

    @Test
    void givenReservedIpv4Ranges_thenBlocked() throws Exception {
        for (String a : new String[] {"0.1.2.3", "10.0.0.1", "100.127.255.255", "127.255.0.1", "169.254.1.1", "172.31.0.1",
                "192.0.0.8", "192.0.2.1", "192.88.99.1", "192.168.1.1", "198.18.0.1", "198.51.100.1", "203.0.113.9",
                "224.0.0.1", "240.0.0.1", "255.255.255.255"}) {
            assertThat(AddressPolicy.isBlocked(java.net.InetAddress.getByName(a))).as(a).isTrue();
        }
        for (String a : new String[] {"1.1.1.1", "8.8.8.8", "100.128.0.1", "172.32.0.1", "192.169.0.1", "93.184.215.14"}) {
            assertThat(AddressPolicy.isBlocked(java.net.InetAddress.getByName(a))).as(a).isFalse();
        }
    }

    @Test
    void givenAUrlLongerThan2048Characters_thenRefused() {
        String url = "https://example.test/" + "a".repeat(3000);
        assertThat(new AddressPolicy(true).refusal(url)).hasValueSatisfying(r -> assertThat(r).contains("2048"));
        assertThat(new AddressPolicy(true).refusal("https://example.test/" + "a".repeat(2000))).isEmpty();
    }

    @Test
    void givenResolve_thenOnlyCheckedAddressesAreReturned() throws Exception {
        assertThat(new AddressPolicy(true).resolve("127.0.0.1")).extracting(java.net.InetAddress::getHostAddress)
                .containsExactly("127.0.0.1");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> cut.resolve("127.0.0.1")).isInstanceOf(AddressPolicyException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> cut.resolve("localhost")).isInstanceOf(AddressPolicyException.class);
    }
}
