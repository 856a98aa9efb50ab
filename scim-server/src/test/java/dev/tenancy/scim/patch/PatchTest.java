package dev.tenancy.scim.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import dev.tenancy.scim.protocol.Scim;
import dev.tenancy.scim.protocol.ScimException;

class PatchTest {

    private final PatchApplier cut = new PatchApplier(Set.of("emails", "phoneNumbers", "addresses", "members", "schemas"));

    private static JsonNode json(String s) throws Exception {
        return Scim.JSON.readTree(s.replace('\'', '"'));
    }

    private ObjectNode user() throws Exception {
        return (ObjectNode) json("{'userName':'a','name':{'givenName':'G','familyName':'F'},"
                + "'emails':[{'value':'a@x.test','type':'work','primary':true}],'active':true}");
    }

    private ObjectNode apply(ObjectNode resource, String ops) throws Exception {
        cut.apply(resource, PatchParser.parse(json("{'schemas':['" + Scim.PATCH_OP + "'],'Operations':" + ops + "}")));
        return resource;
    }

    @Test
    void givenAValuePathThatMatchesAnEmail_thenOnlyItsValueChanges() throws Exception {
        ObjectNode u = apply(user(), "[{'op':'Replace','path':'emails[type eq \\'work\\'].value','value':'b@x.test'}]".replace("\\'", "\\\""));
        assertThat(u.at("/emails/0/value").asText()).isEqualTo("b@x.test");
        assertThat(u.at("/emails/0/primary").asBoolean()).isTrue();
    }

    @Test
    void givenAValuePathThatMatchesNothing_thenTheValueIsCreated() throws Exception {
        ObjectNode u = apply(user(), "[{'op':'add','path':'phoneNumbers[type eq \\'mobile\\'].value','value':'+1'}]".replace("\\'", "\\\""));
        assertThat(u.at("/phoneNumbers/0/type").asText()).isEqualTo("mobile");
        assertThat(u.at("/phoneNumbers/0/value").asText()).isEqualTo("+1");
    }

    @Test
    void givenPathlessDottedAndUrnKeys_thenEachAttributeIsSet() throws Exception {
        ObjectNode u = apply(user(), "[{'op':'replace','value':{'name.givenName':'N','active':'False',"
                + "'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager':'m1',"
                + "'URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER:Department':'D'}}]");
        assertThat(u.at("/name/givenName").asText()).isEqualTo("N");
        assertThat(u.at("/name/familyName").asText()).isEqualTo("F");
        assertThat(u.get("active").isBoolean()).isTrue();
        assertThat(u.get("active").asBoolean()).isFalse();
        assertThat(u.get(Scim.ENTERPRISE_SCHEMA).at("/manager/value").asText()).isEqualTo("m1");
        assertThat(u.get(Scim.ENTERPRISE_SCHEMA).get("department").asText()).isEqualTo("D");
    }

    @Test
    void givenAPathlessComplexValue_thenSubAttributesMerge() throws Exception {
        ObjectNode u = apply(user(), "[{'op':'replace','value':{'name':{'familyName':'Z'}}}]");
        assertThat(u.at("/name/givenName").asText()).isEqualTo("G");
        assertThat(u.at("/name/familyName").asText()).isEqualTo("Z");
    }

    @Test
    void givenReplaceWithEmptyOrNull_thenTheAttributeIsRemoved() throws Exception {
        ObjectNode u = user();
        u.put("title", "T").put("nickName", "N");
        apply(u, "[{'op':'replace','path':'title','value':''},{'op':'Replace','path':'NICKNAME','value':null}]");
        assertThat(u.has("title")).isFalse();
        assertThat(u.has("nickName")).isFalse();
    }

    @Test
    void givenRemoveWithAValueList_thenOnlyThoseMembersGo() throws Exception {
        ObjectNode g = (ObjectNode) json("{'displayName':'g','members':[{'value':'1'},{'value':'2'},{'value':'3'}]}");
        apply(g, "[{'op':'Remove','path':'members','value':[{'value':'2'}]}]");
        assertThat(g.get("members")).hasSize(2);
        assertThat(g.toString()).doesNotContain("\"2\"");
    }

    @Test
    void givenAnUnknownOpOrNoOperations_thenInvalidSyntax() {
        assertThatThrownBy(() -> PatchParser.parse(json("{'Operations':[{'op':'move','path':'a'}]}")))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.scimType()).isEqualTo("invalidSyntax"));
        assertThatThrownBy(() -> PatchParser.parse(json("{'Operations':[]}")))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.scimType()).isEqualTo("invalidSyntax"));
    }

    @Test
    void givenAMalformedPath_thenInvalidPath() {
        assertThatThrownBy(() -> PatchParser.parse(json("{'Operations':[{'op':'add','path':'emails[type eq','value':1}]}")))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.scimType()).isEqualTo("invalidPath"));
    }

    @Test
    void givenAManagerAsAnArray_thenTheFirstIsKept() throws Exception {
        ObjectNode u = apply(user(), "[{'op':'add','path':'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager','value':[{'value':'m2'}]}]");
        assertThat(u.get(Scim.ENTERPRISE_SCHEMA).at("/manager/value").asText()).isEqualTo("m2");
        assertThat(List.of(u.get(Scim.ENTERPRISE_SCHEMA).get("manager").isObject())).containsExactly(true);
    }

    @Test
    void givenANewPrimaryEmail_thenItIsTheOnlyPrimary() throws Exception {
        ObjectNode u = apply(user(), "[{'op':'add','path':'emails','value':[{'value':'n@x.test','type':'home','primary':'True'}]}]");
        assertThat(u.get("emails")).hasSize(2);
        assertThat(u.at("/emails/0/primary").isMissingNode()).isTrue();
        assertThat(u.at("/emails/1/primary").asBoolean()).isTrue();
    }

    @Test
    void givenAPathNamingIdOrMeta_thenMutability_butAPathlessEchoOfThemIsLeftAlone() throws Exception {
        for (String ops : List.of("[{'op':'replace','path':'id','value':'x'}]", "[{'op':'remove','path':'meta'}]",
                "[{'op':'add','path':'ID','value':'x'}]", "[{'op':'replace','path':'meta.created','value':'x'}]")) {
            assertThatThrownBy(() -> apply(user(), ops)).as(ops).isInstanceOf(ScimException.class).hasMessageContaining("read-only")
                    .extracting(e -> ((ScimException) e).scimType()).isEqualTo("mutability");
        }
        ObjectNode u = user();
        u.put("id", "1");
        apply(u, "[{'op':'replace','value':{'id':'other','META':{'version':'x'},'displayName':'Echoed',"
                + "'" + Scim.USER_SCHEMA + "':{'id':'urn-other'},'" + Scim.USER_SCHEMA + ":id':'qualified-other'}}]");
        assertThat(u.has("meta")).isFalse();
        assertThat(u.get("id").asText()).isEqualTo("1");
        assertThat(u.get("displayName").asText()).isEqualTo("Echoed");
    }
}
