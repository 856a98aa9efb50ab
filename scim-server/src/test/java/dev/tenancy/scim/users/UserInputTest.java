package dev.tenancy.scim.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import dev.tenancy.scim.protocol.Scim;
import dev.tenancy.scim.protocol.ScimException;
import dev.tenancy.scim.protocol.Values;

class UserInputTest {

    private static ObjectNode rep(String s) throws Exception {
        ObjectNode o = (ObjectNode) Scim.JSON.readTree(s.replace('\'', '"'));
        Values.normalize(o);
        return o;
    }

    @Test
    void theUsernameIsTheUserNameOrTheEmail() throws Exception {
        ObjectNode r = rep("{'userName':'Jo','externalId':'e1','active':'True','emails':[{'value':'x@a.test'},{'value':'jo@a.test','primary':true}]}");
        UserInput plain = UserInput.of(r, false);
        assertThat(plain.username()).isEqualTo("Jo");
        assertThat(plain.email()).isEqualTo("jo@a.test");
        assertThat(plain.externalId()).isEqualTo("e1");
        assertThat(plain.active()).isTrue();
        assertThat(UserInput.of(r, true).username()).isEqualTo("jo@a.test");
    }

    @Test
    void emailAsUsernameTakesAUserNameThatIsAnEmail() throws Exception {
        UserInput in = UserInput.of(rep("{'userName':'jo@a.test'}"), true);
        assertThat(in.email()).isEqualTo("jo@a.test");
        assertThat(in.active()).isNull();
        assertThat(in.externalId()).isNull();
        assertThatThrownBy(() -> UserInput.of(rep("{'userName':'jo'}"), true))
                .isInstanceOf(ScimException.class).hasMessageContaining("primary email");
    }

    @Test
    void badValuesAreInvalidValue() throws Exception {
        for (String bad : new String[] {"{'userName':' jo'}", "{'userName':''}", "{}", "{'userName':'jo','externalId':['a']}",
                "{'userName':'jo','emails':[{'value':'not-an-email','primary':true}]}", "{'userName':'j\\u0001o'}"}) {
            assertThatThrownBy(() -> UserInput.of(rep(bad), false)).as(bad)
                    .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.scimType()).isEqualTo("invalidValue"));
        }
    }
}
