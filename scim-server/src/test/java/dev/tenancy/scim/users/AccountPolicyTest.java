package dev.tenancy.scim.users;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import dev.tenancy.scim.protocol.Scim;

class AccountPolicyTest {

    private static ObjectNode rep(String json) throws Exception {
        return (ObjectNode) Scim.JSON.readTree(json);
    }

    @Test
    void givenTheSameAccountValuesInAnotherShape_thenTheViewsAreEqual() throws Exception {
        ObjectNode shown = rep("{\"id\":\"1\",\"userName\":\"u\",\"meta\":{\"version\":\"W/\\\"1\\\"\"},\"groups\":[{\"value\":\"g\"}],"
                + "\"name\":{\"givenName\":\"G\"},\"emails\":[{\"value\":\"A@x.test\",\"type\":\"work\",\"primary\":true}],"
                + "\"" + Scim.ENTERPRISE_SCHEMA + "\":{\"manager\":{\"value\":\"m\",\"$ref\":\"…/Users/m\"}}}");
        ObjectNode sent = rep("{\"userName\":\"U\",\"externalId\":\"e\",\"active\":true,\"name\":{\"givenName\":\"G\",\"familyName\":\"\"},"
                + "\"emails\":[{\"type\":\"Work\",\"value\":\"a@x.test\",\"primary\":true}],"
                + "\"" + Scim.ENTERPRISE_SCHEMA + "\":{\"manager\":{\"value\":\"m\"}}}");
        assertThat(AccountPolicy.view(sent)).isEqualTo(AccountPolicy.view(shown));
    }

    @Test
    void givenAChangedAccountValue_thenTheViewsDifferInThatAttributeOnly() throws Exception {
        ObjectNode shown = rep("{\"displayName\":\"D\",\"emails\":[{\"value\":\"a@x.test\",\"primary\":true}]}");
        ObjectNode sent = rep("{\"displayName\":\"D\",\"emails\":[{\"value\":\"a@x.test\",\"primary\":true},{\"value\":\"b@x.test\"}]}");
        var before = AccountPolicy.view(shown);
        var after = AccountPolicy.view(sent);
        assertThat(before.keySet()).isEqualTo(after.keySet());
        before.forEach((k, v) -> {
            if (k.equals("emails")) {
                assertThat(after.get(k)).isNotEqualTo(v);
            } else {
                assertThat(after.get(k)).as(k).isEqualTo(v);
            }
        });
    }
}
