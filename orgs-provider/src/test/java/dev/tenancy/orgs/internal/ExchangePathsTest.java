package dev.tenancy.orgs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExchangePathsTest {

    @Test
    void givenAScimRequestPath_thenThePartAfterTheOrganizationWithoutQuery() {
        assertThat(ExchangePaths.relative("/realms/r/scim/v2/organizations/o1/Users/abc", "o1")).isEqualTo("/Users/abc");
        assertThat(ExchangePaths.relative("/realms/r/scim/v2/organizations/o1", "o1")).isEqualTo("/");
        assertThat(ExchangePaths.relative("/realms/r/scim/v2/organizations/o1/Users?filter=userName%20eq%20%22a%40b.c%22", "o1"))
                .as("never the query: filters carry personal data").isEqualTo("/Users");
        assertThat(ExchangePaths.relative(null, "o1")).isEqualTo("/");
        assertThat(ExchangePaths.relative("/x/" + "y".repeat(400), "o1")).hasSize(255);
    }
}
