package dev.tenancy.it.governance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tenancy.it.support.Admin;
import dev.tenancy.it.support.Http;
import dev.tenancy.it.support.KeycloakServer;

/**
 * The identity-provider login path: a realm of the same server acts as the organization's OIDC
 * identity provider, its {@code department} claim is mapped (sync mode FORCE) onto the user
 * attribute an access rule reads. The first login creates the member, joins the organization and
 * grants the rule's role; a later login with a changed claim revokes it — each in the login's own
 * transaction, and each in the organization's audit trail.
 */
class IdentityProviderLoginIT {

    static Admin admin;
    static final String CALLBACK = "http://127.0.0.1:9/callback";

    @BeforeAll
    static void server() {
        admin = Admin.of(KeycloakServer.get());
    }

    @Test
    void givenAnOrganizationIdentityProvider_thenLoginsDriveTheRulesAndTheAuditTrail() throws Exception {
        Gov g = Gov.create(admin);
        String realm = g.f.realm;
        g.role("engineering");
        String ruleId = g.rule("engineers", Map.of("attribute", "department", "op", "eq", "value", "Engineering"),
                List.of("engineering"), List.of());

        // The identity provider: another realm with a user whose department is a claim of its tokens.
        String idp = admin.createRealm();
        Gov.allowUnmanagedAttributes(admin, idp);
        String extId = admin.createUser(idp, "ext-user", "pw-ext-user");
        setDepartment(idp, extId, "Engineering");
        admin.createClient(idp, Map.of("clientId", "corp-broker", "publicClient", false, "secret", "broker-secret",
                "standardFlowEnabled", true, "redirectUris", List.of("*"),
                "protocolMappers", List.of(Map.of("name", "department", "protocol", "openid-connect",
                        "protocolMapper", "oidc-usermodel-attribute-mapper", "config", Map.of("user.attribute", "department",
                                "claim.name", "department", "id.token.claim", "true", "access.token.claim", "true",
                                "userinfo.token.claim", "true", "jsonType.label", "String")))));
        String issuer = admin.url() + "/realms/" + idp;
        Http.Response created = Http.post(admin.url() + "/admin/realms/" + realm + "/identity-provider/instances").bearer(admin.token())
                .json(Map.of("alias", "corp", "providerId", "oidc", "enabled", true, "trustEmail", true, "config", Map.of(
                        "clientId", "corp-broker", "clientSecret", "broker-secret", "clientAuthMethod", "client_secret_post",
                        "authorizationUrl", issuer + "/protocol/openid-connect/auth",
                        "tokenUrl", issuer + "/protocol/openid-connect/token",
                        "defaultScope", "openid", "validateSignature", "false", "syncMode", "FORCE"))).send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        Http.Response mapper = Http.post(admin.url() + "/admin/realms/" + realm + "/identity-provider/instances/corp/mappers")
                .bearer(admin.token()).json(Map.of("name", "department", "identityProviderAlias", "corp",
                        "identityProviderMapper", "oidc-user-attribute-idp-mapper",
                        "config", Map.of("claim", "department", "user.attribute", "department", "syncMode", "INHERIT"))).send();
        assertThat(mapper.status()).as(mapper.toString()).isEqualTo(201);
        Http.Response link = Http.post(admin.url() + "/admin/realms/" + realm + "/organizations/" + g.f.orgId + "/identity-providers")
                .bearer(admin.token()).json("\"corp\"").send();
        assertThat(link.status()).as(link.toString()).isEqualTo(204);
        admin.createClient(realm, Map.of("clientId", "idp-login", "publicClient", true, "standardFlowEnabled", true,
                "redirectUris", List.of(CALLBACK)));

        Browser browser = new Browser();
        browser.logIn(realm, "ext-user", "pw-ext-user");

        JsonNode users = Http.get(admin.url() + "/admin/realms/" + realm + "/users?exact=true&username=ext-user").bearer(admin.token())
                .send().json();
        assertThat(users).as("the first login created the account").hasSize(1);
        String id = users.get(0).get("id").asText();
        assertThat(Http.get(admin.url() + "/admin/realms/" + realm + "/organizations/" + g.f.orgId + "/members").bearer(admin.token())
                .send().body()).as("and joined the organization").contains(id);
        assertThat(g.holderIds("engineering")).as("the rule matched in the login's transaction").contains(id);
        assertThat(g.holders("engineering").get(id).get("grantedBy").asText()).isEqualTo("rule:" + ruleId);

        JsonNode audit = g.audit();
        assertThat(entries(audit, "user:" + id, "organizations/" + g.f.orgId + "/members/" + id))
                .as("the join through the login, by the member: " + audit).isNotEmpty();
        assertThat(entries(audit, "user:" + id, "users/" + id).stream().map(a -> a.at("/after/event").asText()).toList())
                .as("the account created through the identity provider: " + audit).containsAnyOf("REGISTER", "IDENTITY_PROVIDER_FIRST_LOGIN");
        assertThat(entries(audit, "rule:" + ruleId, "organizations/" + g.f.orgId + "/roles/engineering/users/" + id))
                .as("the rule's grant: " + audit).hasSize(1);

        // The claim changes at the identity provider; the next login syncs it and the rule lets go.
        setDepartment(idp, extId, "Sales");
        new Browser().logIn(realm, "ext-user", "pw-ext-user");
        assertThat(g.holderIds("engineering")).as("revoked in the second login's transaction").doesNotContain(id);
        JsonNode after = g.audit();
        List<JsonNode> ruleEntries = entries(after, "rule:" + ruleId, "organizations/" + g.f.orgId + "/roles/engineering/users/" + id);
        assertThat(ruleEntries).as("grant and revocation: " + after).hasSize(2);
        assertThat(ruleEntries.get(0).get("operation").asText()).isEqualTo("DELETE");
    }

    private static List<JsonNode> entries(JsonNode audit, String actor, String resource) {
        List<JsonNode> out = new java.util.ArrayList<>();
        audit.forEach(a -> {
            if (actor.equals(a.path("actor").asText()) && resource.equals(a.path("resource").asText())) {
                out.add(a);
            }
        });
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void setDepartment(String realm, String userId, String department) {
        String url = admin.url() + "/admin/realms/" + realm + "/users/" + userId;
        Map<String, Object> rep = Http.JSON.convertValue(Http.get(url).bearer(admin.token()).send().json(), Map.class);
        rep.put("attributes", Map.of("department", List.of(department)));
        Http.Response r = Http.put(url).bearer(admin.token()).json(rep).send();
        assertThat(r.status()).as(r.toString()).isEqualTo(204);
    }

    /** A cookie-keeping client that walks Keycloak's login pages: redirects, the login form, the first-login profile form. */
    static final class Browser {
        private static final Pattern FORM = Pattern.compile("<form[^>]*action=\"([^\"]+)\"", Pattern.CASE_INSENSITIVE);
        private static final Pattern INPUT = Pattern.compile("<input[^>]*>", Pattern.CASE_INSENSITIVE);
        private static final Pattern ATTR = Pattern.compile("(name|value|type)=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);

        private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10)).build();
        /** path → name → value: a plain jar (java.net's CookieManager drops Keycloak's Secure/SameSite=None cookies on http). */
        private final Map<String, Map<String, String>> cookies = new LinkedHashMap<>();

        private void keep(HttpResponse<?> r) {
            for (String header : r.headers().allValues("Set-Cookie")) {
                String[] parts = header.split(";");
                int eq = parts[0].indexOf('=');
                String name = parts[0].substring(0, eq).trim();
                String value = parts[0].substring(eq + 1).trim();
                String path = "/";
                boolean expired = false;
                for (int i = 1; i < parts.length; i++) {
                    String a = parts[i].trim();
                    if (a.regionMatches(true, 0, "Path=", 0, 5)) {
                        path = a.substring(5);
                    } else if (a.regionMatches(true, 0, "Max-Age=0", 0, 9)) {
                        expired = true;
                    }
                }
                if (expired || value.isEmpty()) {
                    cookies.getOrDefault(path, new LinkedHashMap<>()).remove(name);
                } else {
                    cookies.computeIfAbsent(path, k -> new LinkedHashMap<>()).put(name, value);
                }
            }
        }

        private String cookieHeader(URI uri) {
            Map<String, String> send = new LinkedHashMap<>();
            cookies.entrySet().stream().filter(e -> uri.getPath().startsWith(e.getKey()))
                    .sorted((a, b) -> a.getKey().length() - b.getKey().length())
                    .forEach(e -> send.putAll(e.getValue()));
            return send.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; "));
        }

        void logIn(String realm, String username, String password) throws IOException, InterruptedException {
            URI next = URI.create(admin.url() + "/realms/" + realm + "/protocol/openid-connect/auth?client_id=idp-login&response_type=code"
                    + "&scope=openid&kc_idp_hint=corp&redirect_uri=" + URLEncoder.encode(CALLBACK, StandardCharsets.UTF_8));
            Map<String, String> form = null;
            StringBuilder trail = new StringBuilder();
            for (int step = 0; step < 20; step++) {
                HttpRequest.Builder req = HttpRequest.newBuilder(next).timeout(Duration.ofSeconds(30));
                String cookie = cookieHeader(next);
                if (!cookie.isEmpty()) {
                    req.header("Cookie", cookie);
                }
                if (form != null) {
                    req.header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(
                            form.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"))));
                } else {
                    req.GET();
                }
                HttpResponse<String> r = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
                keep(r);
                trail.append(form != null ? "POST " : "GET ").append(next.getPath()).append(" -> ").append(r.statusCode()).append('\n');
                form = null;
                if (r.statusCode() == 302 || r.statusCode() == 303) {
                    String location = r.headers().firstValue("Location").orElseThrow();
                    if (location.startsWith(CALLBACK)) {
                        assertThat(location).as(trail.toString()).contains("code=");
                        return;
                    }
                    next = next.resolve(location);
                    continue;
                }
                assertThat(r.statusCode()).as(trail + r.body()).isEqualTo(200);
                Matcher action = FORM.matcher(r.body());
                assertThat(action.find()).as("a form: " + trail + r.body()).isTrue();
                next = next.resolve(action.group(1).replace("&amp;", "&"));
                form = new LinkedHashMap<>();
                Matcher input = INPUT.matcher(r.body());
                while (input.find()) {
                    Map<String, String> attrs = new LinkedHashMap<>();
                    Matcher a = ATTR.matcher(input.group());
                    while (a.find()) {
                        attrs.put(a.group(1).toLowerCase(), a.group(2).replace("&amp;", "&").replace("&#64;", "@"));
                    }
                    String name = attrs.get("name");
                    if (name == null || "submit".equals(attrs.get("type")) || "checkbox".equals(attrs.get("type"))) {
                        continue;
                    }
                    form.put(name, attrs.getOrDefault("value", ""));
                }
                if (form.containsKey("password")) {
                    form.put("username", username);
                    form.put("password", password);
                }
            }
            throw new AssertionError("The login did not reach the callback:\n" + trail);
        }

        private static String enc(String s) {
            return URLEncoder.encode(s, StandardCharsets.UTF_8);
        }
    }
}
