package dev.tenancy.provisioning.apps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;


import org.junit.jupiter.api.Test;

class AppSettingsTest {

    private static final String BEARER = "{\"name\":\"Slack\",\"scim\":{\"baseUrl\":\"https://api.example/scim/v2/\","
            + "\"auth\":{\"type\":\"BEARER\",\"token\":\"t0ps3cret\"}}}";

    @Test
    void givenAMinimalApp_thenDefaultsApplyAndTheTokenIsWriteOnly() {
        AppSettings cut = AppSettings.empty().merge(AppSettings.parseBody(BEARER));
        assertThat(cut.baseUrl()).isEqualTo("https://api.example/scim/v2");
        assertThat(cut.deprovision()).isEqualTo(AppSettings.DEACTIVATE);
        assertThat(cut.maxRequestsPerSecond()).isEqualTo(10);
        assertThat(cut.enabled()).isTrue();
        assertThat(cut.mapping()).containsKey("userName");
        assertThat(cut.show().toString()).doesNotContain("t0ps3cret").contains("tokenSet=true");
        assertThat(AppSettings.read(cut.write())).isEqualTo(cut);
    }

    @Test
    void givenAnUpdateWithoutCredentials_thenTheyAreKept_andAnotherTypeNeedsItsOwn() {
        AppSettings cut = AppSettings.empty().merge(AppSettings.parseBody(BEARER));
        AppSettings renamed = cut.merge(AppSettings.parseBody("{\"name\":\"Slack 2\",\"scim\":{\"auth\":{\"type\":\"BEARER\"}}}"));
        assertThat(renamed.auth().token()).isEqualTo("t0ps3cret");
        assertThatThrownBy(() -> cut.merge(AppSettings.parseBody("{\"scim\":{\"auth\":{\"type\":\"BASIC\",\"username\":\"u\"}}}")))
                .isInstanceOf(InvalidSetting.class)
                .satisfies(e -> assertThat((((InvalidSetting) e).field() + " " + e.getMessage())).contains("scim.auth.password"));
    }

    @Test
    void givenBadValues_then400NamingTheField() {
        AppSettings cut = AppSettings.empty().merge(AppSettings.parseBody(BEARER));
        for (String[] c : new String[][] {
                {"{\"maxRequestsPerSecond\":-1}", "maxRequestsPerSecond"},
                {"{\"maxRequestsPerSecond\":1.5}", "maxRequestsPerSecond"},
                {"{\"deprovision\":\"NUKE\"}", "deprovision"},
                {"{\"pushGroups\":\"yes\"}", "pushGroups"},
                {"{\"scope\":{\"groups\":\"g\"}}", "scope.groups"},
                {"{\"mapping\":{\"userName\":1}}", "mapping.userName"},
                {"{\"name\":\"\"}", "name"}}) {
            assertThatThrownBy(() -> cut.merge(AppSettings.parseBody(c[0])))
                    .as(c[0]).isInstanceOf(InvalidSetting.class)
                    .satisfies(e -> assertThat((((InvalidSetting) e).field() + " " + e.getMessage())).contains(c[1]));
        }
    }
}
