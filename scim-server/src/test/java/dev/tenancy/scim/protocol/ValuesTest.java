package dev.tenancy.scim.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class ValuesTest {

    private static ObjectNode json(String s) throws Exception {
        return (ObjectNode) Scim.JSON.readTree(s.replace('\'', '"'));
    }

    @Test
    void truthyTakesBooleansAndTheirStrings() throws Exception {
        assertThat(Values.truthy(Scim.NODES.booleanNode(true))).isTrue();
        assertThat(Values.truthy(Scim.NODES.textNode("True"))).isTrue();
        assertThat(Values.truthy(Scim.NODES.textNode("yes"))).isFalse();
        assertThat(Values.truthy(null)).isFalse();
        assertThat(Values.truthy(Scim.NODES.numberNode(1))).isFalse();
    }

    @Test
    void looseValuesAreMadeStrict() throws Exception {
        ObjectNode u = json("{'userName':'a','active':'False','title':'','name':{'givenName':'','familyName':'F'},"
                + "'emails':[{'value':'a@x.test','primary':'true'},{'value':'b@x.test','primary':true}],"
                + "'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User':{'manager':'m1','department':''}}");
        Values.normalize(u);
        assertThat(u.get("active").isBoolean()).isTrue();
        assertThat(u.get("active").asBoolean()).isFalse();
        assertThat(u.has("title")).isFalse();
        assertThat(u.get("name").has("givenName")).isFalse();
        // one primary: the last one marked wins
        assertThat(u.get("emails").get(0).has("primary")).isFalse();
        assertThat(u.get("emails").get(1).get("primary").asBoolean()).isTrue();
        ObjectNode ent = (ObjectNode) u.get(Scim.ENTERPRISE_SCHEMA);
        assertThat(ent.get("manager").get("value").asText()).isEqualTo("m1");
        assertThat(ent.has("department")).isFalse();
    }

    @Test
    void activeMustBeABoolean() throws Exception {
        assertThatThrownBy(() -> Values.normalize(json("{'active':'yes'}")))
                .isInstanceOf(ScimException.class).hasMessageContaining("active");
        ObjectNode nul = json("{'active':null}");
        Values.normalize(nul);
        assertThat(nul.has("active")).isFalse();
    }

    @Test
    void anEmptyObjectWhereAStringBelongsIsRefusedNotDropped() throws Exception {
        ObjectNode u = json("{'userName':'a','externalId':{},'name':{}}");
        Values.normalize(u);
        assertThat(u.has("name")).isFalse(); // an empty complex value is "no value"
        assertThat(u.has("externalId")).isTrue();
        assertThatThrownBy(() -> Values.externalId(u))
                .isInstanceOf(ScimException.class).hasMessageContaining("externalId must be a string");
        assertThatThrownBy(() -> Values.externalId(json("{'externalId':['x']}")))
                .isInstanceOf(ScimException.class);
        assertThat(Values.externalId(json("{'externalId':''}"))).isNull();
        assertThat(Values.externalId(json("{'externalId':null}"))).isNull();
        assertThat(Values.externalId(json("{'externalId':'e-1'}"))).isEqualTo("e-1");
        assertThatThrownBy(() -> Values.externalId(json("{'externalId':'" + "x".repeat(Scim.MAX_COLUMN + 1) + "'}")))
                .isInstanceOf(ScimException.class).hasMessageContaining("longer");
    }
}
