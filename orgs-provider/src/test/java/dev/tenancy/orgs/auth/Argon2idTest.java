package dev.tenancy.orgs.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class Argon2idTest {

    @Test
    void givenASecret_thenTheHashIsAnArgon2idPhcStringWithAtLeastOwaspParameters() {
        String phc = Argon2id.hash("correct horse");
        assertThat(phc).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(phc.split("\\$")).hasSize(6);
        assertThat(phc).doesNotContain("correct horse");
    }

    @Test
    void givenTheRightSecret_thenVerifies() {
        String phc = Argon2id.hash("correct horse");
        assertThat(Argon2id.verify("correct horse", phc)).isTrue();
    }

    @Test
    void givenAWrongSecret_thenDoesNotVerify() {
        String phc = Argon2id.hash("correct horse");
        assertThat(Argon2id.verify("correct horsf", phc)).isFalse();
        assertThat(Argon2id.verify("", phc)).isFalse();
        assertThat(Argon2id.verify(null, phc)).isFalse();
    }

    @Test
    void givenTheSameSecretTwice_thenTheSaltsDiffer() {
        assertThat(Argon2id.hash("s")).isNotEqualTo(Argon2id.hash("s"));
    }

    @Test
    void givenSomethingThatIsNotAnArgon2idPhcString_thenDoesNotVerify() {
        assertThat(Argon2id.verify("s", null)).isFalse();
        assertThat(Argon2id.verify("s", "s")).isFalse();
        assertThat(Argon2id.verify("s", "$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaA")).isFalse();
        assertThat(Argon2id.verify("s", "$argon2id$v=19$m=x,t=2,p=1$c2FsdHNhbHQ$aGFzaA")).isFalse();
        assertThat(Argon2id.verify("s", "$argon2id$v=19$m=19456,t=2,p=1$!!!$aGFzaA")).isFalse();
    }
}
