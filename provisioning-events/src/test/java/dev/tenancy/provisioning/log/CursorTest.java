package dev.tenancy.provisioning.log;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CursorTest {

    @Test
    void givenAPosition_thenItRoundTrips() {
        for (long p : new long[] {0, 1, 42, Long.MAX_VALUE}) {
            assertThat(Cursor.decode(Cursor.encode(p))).isEqualTo(p);
        }
    }

    @Test
    void givenAnythingElse_thenMinusOne() {
        assertThat(Cursor.decode(null)).isEqualTo(-1);
        assertThat(Cursor.decode("")).isEqualTo(-1);
        assertThat(Cursor.decode("garbage!")).isEqualTo(-1);
        assertThat(Cursor.decode("MTIz")).isEqualTo(-1); // "123" without the prefix
        assertThat(Cursor.decode(java.util.Base64.getUrlEncoder().encodeToString("p1:-5".getBytes()))).isEqualTo(-1);
        assertThat(Cursor.decode(java.util.Base64.getUrlEncoder().encodeToString("p1:99999999999999999999".getBytes())))
                .isEqualTo(-1);
        assertThat(Cursor.decode("x".repeat(100))).isEqualTo(-1);
    }
}
