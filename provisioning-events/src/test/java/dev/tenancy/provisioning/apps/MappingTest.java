package dev.tenancy.provisioning.apps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;


import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class MappingTest {

    private static final Map<String, String> USER = Map.of("id", "u-1", "username", "jane", "email", "jane@acme.test",
            "firstName", "Jane", "lastName", "Doe", "attributes.department", "Sales");

    private static Map<String, String> mapping() {
        Map<String, String> m = new LinkedHashMap<>(Mapping.DEFAULTS);
        m.put("displayName", "${firstName} ${lastName}");
        m.put("emails[type eq \"home\"].value", "${attributes.homeEmail}");
        m.put(Mapping.ENTERPRISE + ":department", "${attributes.department}");
        m.put(Mapping.ENTERPRISE + ":manager.value", "${attributes.manager}");
        return m;
    }

    @Test
    void givenDefaults_thenAUserRendersIntoACoreScimUser() {
        Mapping cut = Mapping.of(null);
        JsonNode user = cut.resource(cut.render(USER::get), true);
        assertThat(user.path("userName").asText()).isEqualTo("jane");
        assertThat(user.path("externalId").asText()).isEqualTo("u-1");
        assertThat(user.at("/name/givenName").asText()).isEqualTo("Jane");
        assertThat(user.at("/emails/0/value").asText()).isEqualTo("jane@acme.test");
        assertThat(user.at("/emails/0/type").asText()).isEqualTo("work");
        assertThat(user.at("/emails/0/primary").asBoolean()).isTrue();
        assertThat(user.path("active").asBoolean()).isTrue();
        assertThat(user.path("schemas")).hasSize(1);
    }

    @Test
    void givenTemplatesAndTheEnterpriseExtension_thenEmptyValuesAreOmitted() {
        Mapping cut = Mapping.of(mapping());
        JsonNode user = cut.resource(cut.render(USER::get), false);
        assertThat(user.path("displayName").asText()).isEqualTo("Jane Doe");
        assertThat(user.path("emails")).hasSize(1);
        assertThat(user.path(Mapping.ENTERPRISE).path("department").asText()).isEqualTo("Sales");
        assertThat(user.path(Mapping.ENTERPRISE).has("manager")).isFalse();
        assertThat(user.path("schemas").toString()).contains(Mapping.ENTERPRISE);
        assertThat(user.path("active").asBoolean()).isFalse();
    }

    @Test
    void givenARemoteResource_thenReadReturnsTheSameValuesAsRender() throws Exception {
        Mapping cut = Mapping.of(mapping());
        Map<String, String> rendered = cut.render(USER::get);
        JsonNode remote = new ObjectMapper().readTree(cut.resource(rendered, true).toString());
        assertThat(cut.read(remote)).isEqualTo(rendered);
    }

    @Test
    void givenAChangedAttribute_thenOnlyItsTopLevelAttributeChanged() {
        Mapping cut = Mapping.of(mapping());
        Map<String, String> before = cut.render(USER::get);
        Map<String, String> changedUser = new java.util.HashMap<>(USER);
        changedUser.put("lastName", "Smith");
        Map<String, String> after = cut.render(changedUser::get);
        assertThat(cut.changedAttributes(before, after)).containsExactlyInAnyOrder("displayName", "name");
    }

    @Test
    void givenAnUnknownPlaceholderOrTarget_then400NamingIt() {
        assertThatThrownBy(() -> Mapping.of(Map.of("userName", "${username}", "title", "${job}")))
                .isInstanceOf(InvalidSetting.class)
                .satisfies(e -> assertThat(body(e)).contains("mapping.title").contains("${job}"));
        assertThatThrownBy(() -> Mapping.of(Map.of("userName", "${username}", "emails[type eq \"pigeon\"].value", "${email}")))
                .satisfies(e -> assertThat(body(e)).contains("Unknown target path"));
        assertThatThrownBy(() -> Mapping.of(Map.of("userName", "${username}", Mapping.ENTERPRISE + ":shoeSize", "x")))
                .satisfies(e -> assertThat(body(e)).contains("shoeSize"));
        assertThatThrownBy(() -> Mapping.of(Map.of("displayName", "${username}")))
                .satisfies(e -> assertThat(body(e)).contains("mapping.userName"));
    }

    @Test
    void givenUserNamesDifferingInCase_thenTheyAreTheSame() {
        assertThat(Mapping.same("userName", "Jane", "jane")).isTrue();
        assertThat(Mapping.same("displayName", "Jane", "jane")).isFalse();
    }

    private static String body(Throwable e) {
        return ((InvalidSetting) e).field() + " " + e.getMessage();
    }
}
