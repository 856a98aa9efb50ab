package dev.tenancy.provisioning.apps;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class ScimRemoteMatchingTest {

    private static JsonNode json(String s) throws Exception {
        return AppSettings.JSON.readTree(s);
    }

    @Test
    void givenAnotherCase_thenMatched() throws Exception {
        JsonNode r = ScimRemote.matching(json("[{\"id\":\"7\",\"userName\":\"Alice.Smith\"}]"), "userName", "alice.smith");
        assertThat(r.path("id").asText()).isEqualTo("7");
    }

    @Test
    void givenAnAppThatIgnoresTheFilter_thenItsFirstEntryIsNotTaken() throws Exception {
        JsonNode list = json("[{\"id\":\"1\",\"userName\":\"bob\"},{\"id\":\"2\",\"userName\":\"alice\"}]");
        assertThat(ScimRemote.matching(list, "userName", "alice").path("id").asText()).isEqualTo("2");
        assertThat(ScimRemote.matching(list, "userName", "carol")).isNull();
    }

    @Test
    void givenNoResources_thenNull() throws Exception {
        assertThat(ScimRemote.matching(json("{}").path("Resources"), "userName", "alice")).isNull();
        assertThat(ScimRemote.matching(json("[{\"id\":\"3\"}]"), "userName", "alice")).isNull();
    }
}
