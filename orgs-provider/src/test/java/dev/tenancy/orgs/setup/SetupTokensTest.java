package dev.tenancy.orgs.setup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class SetupTokensTest {

    @Test
    void givenGeneratedTokens_thenTheyAre256BitsWellFormedDistinctAndHashedToHex() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String token = SetupTokens.generate();
            assertThat(token).hasSize(43);
            assertThat(SetupTokens.wellFormed(token)).isTrue();
            assertThat(seen.add(token)).isTrue();
            String hash = SetupTokens.hash(token);
            assertThat(hash).matches("[0-9a-f]{64}").isEqualTo(SetupTokens.hash(token)).doesNotContain(token);
        }
    }

    @Test
    void givenValuesThatCannotBeTokens_thenNotWellFormed() {
        for (String bad : new String[] {null, "", "short", "a".repeat(44), "a".repeat(42) + "/", "a".repeat(42) + "="}) {
            assertThat(SetupTokens.wellFormed(bad)).as(String.valueOf(bad)).isFalse();
        }
    }
}
