package dev.tenancy.scim.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import dev.tenancy.scim.ETags;

class ProtocolTest {

    private static ObjectNode user() throws Exception {
        return (ObjectNode) Scim.JSON.readTree("{\"schemas\":[\"" + Scim.USER_SCHEMA + "\"],\"id\":\"1\",\"userName\":\"u\","
                + "\"name\":{\"givenName\":\"G\",\"familyName\":\"F\"},\"emails\":[{\"value\":\"e\",\"type\":\"work\"}],"
                + "\"" + Scim.ENTERPRISE_SCHEMA + "\":{\"department\":\"D\",\"costCenter\":\"C\"}}");
    }

    @Test
    void givenAttributes_thenOnlyThoseAndIdAreReturned() throws Exception {
        ObjectNode out = AttributeSelection.of("userName,name.givenName," + Scim.ENTERPRISE_SCHEMA + ":department", null)
                .apply(user(), Scim.USER_SCHEMA);
        assertThat(out.get("id").asText()).isEqualTo("1");
        assertThat(out.has("emails")).isFalse();
        assertThat(out.at("/name/givenName").asText()).isEqualTo("G");
        assertThat(out.at("/name/familyName").isMissingNode()).isTrue();
        assertThat(out.get(Scim.ENTERPRISE_SCHEMA).has("costCenter")).isFalse();
        assertThat(out.get(Scim.ENTERPRISE_SCHEMA).get("department").asText()).isEqualTo("D");
    }

    @Test
    void givenExcludedAttributes_thenThoseGoButIdStays() throws Exception {
        ObjectNode out = AttributeSelection.of(null, "emails,id,NAME.givenName").apply(user(), Scim.USER_SCHEMA);
        assertThat(out.has("emails")).isFalse();
        assertThat(out.has("id")).isTrue();
        assertThat(out.at("/name/givenName").isMissingNode()).isTrue();
        assertThat(AttributeSelection.of(null, "members").wants(null, "members")).isFalse();
        assertThat(AttributeSelection.of(null, null).wants(null, "members")).isTrue();
    }

    @Test
    void givenPagingParameters_thenTheyAreClamped() {
        SearchParams p = SearchParams.of(null, null, null, "0", "-5", null, null);
        assertThat(p.startIndex()).isEqualTo(1);
        assertThat(p.count()).isZero();
        assertThat(SearchParams.of(null, null, null, null, "5000", null, null).count()).isEqualTo(1000);
        assertThat(SearchParams.of(null, null, null, null, null, null, null).count()).isEqualTo(100);
        assertThatThrownBy(() -> SearchParams.of(null, null, "sideways", null, null, null, null)).isInstanceOf(ScimException.class);
    }

    @Test
    void givenWeakTags_thenTheyCompareWeakly() {
        assertThat(ETags.matches("W/\"3\"", "W/\"3\"")).isTrue();
        assertThat(ETags.matches("\"3\"", "W/\"3\"")).isTrue();
        assertThat(ETags.matches("*", "W/\"3\"")).isTrue();
        assertThat(ETags.matches("W/\"2\", W/\"3\"", "W/\"3\"")).isTrue();
        assertThat(ETags.matches("W/\"2\"", "W/\"3\"")).isFalse();
        assertThatThrownBy(() -> ETags.checkIfMatch("W/\"2\"", "W/\"3\""))
                .isInstanceOfSatisfying(ScimException.class, e -> assertThat(e.status()).isEqualTo(412));
    }

    @Test
    void givenAnyCase_thenNamesAreCanonical() throws Exception {
        ObjectNode o = (ObjectNode) Names.canonicalize(Scim.JSON.readTree("{\"USERNAME\":\"x\",\"Name\":{\"GIVENNAME\":\"g\"},\"unknownThing\":1}"));
        assertThat(o.has("userName")).isTrue();
        assertThat(o.at("/name/givenName").asText()).isEqualTo("g");
        assertThat(o.has("unknownThing")).isTrue();
    }
}
