package dev.tenancy.it.security;

import static dev.tenancy.it.scim.ScimClient.USER;
import static dev.tenancy.it.scim.ScimClient.assertScimError;
import static dev.tenancy.it.scim.ScimClient.asPut;
import static dev.tenancy.it.scim.ScimClient.map;
import static dev.tenancy.it.scim.ScimClient.op;
import static dev.tenancy.it.scim.ScimClient.patchOp;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tenancy.it.support.Admin;
import dev.tenancy.it.support.Http;
import dev.tenancy.it.support.KeycloakServer;

/**
 * The trust model's ownership rules through the real SCIM endpoints (issue 8, items 2, 3, 4 and 14):
 * an organization changes everything of an account it owns, and of any other member only what is the
 * organization's; privileged accounts are never adopted or written; owned accounts can be provisioned
 * again after they left.
 */
class ScimOwnershipIT {

    static Admin admin;

    @BeforeAll
    static void server() {
        admin = Admin.of(KeycloakServer.get());
    }

    @Test
    void givenAnAccountItCreated_thenTheOrganizationChangesEverythingAndEmailVerifiedFollowsItsDomains() {
        OrgScim a = OrgScim.create(admin);
        String id = a.createUserId("Own.Er", "own.er@" + a.domain());
        assertThat(a.user(id).get("emailVerified").asBoolean()).as("email in a verified domain").isTrue();
        assertThat(a.signsIn("own.er", "Initial-pw-1")).isTrue();

        Http.Response r = a.patch("/Users/" + id, patchOp(op("replace", "name.givenName", "Renamed"),
                op("replace", "password", "Changed-pw-2"),
                op("replace", "emails[type eq \"work\"].value", "own.er@elsewhere.example"))).send();
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode kc = a.user(id);
        assertThat(kc.get("firstName").asText()).isEqualTo("Renamed");
        assertThat(kc.get("email").asText()).isEqualTo("own.er@elsewhere.example");
        assertThat(kc.get("emailVerified").asBoolean()).as("email outside the verified domains").isFalse();
        assertThat(a.signsIn("own.er", "Changed-pw-2")).isTrue();

        Http.Response back = a.patch("/Users/" + id, patchOp(op("replace", "emails[type eq \"work\"].value", "own.er@" + a.domain()))).send();
        assertThat(back.status()).as(back.toString()).isEqualTo(200);
        assertThat(a.user(id).get("emailVerified").asBoolean()).isTrue();

        Http.Response other = a.post("/Users", map("schemas", List.of(USER), "userName", "outside",
                "emails", List.of(Map.of("value", "outside@unverified.example", "primary", true)))).send();
        assertThat(other.status()).as(other.toString()).isEqualTo(201);
        assertThat(a.user(other.json().get("id").asText()).get("emailVerified").asBoolean()).isFalse();
    }

    /** Item 4: a member of two organizations, provisioned by neither. */
    @Test
    void givenASharedMember_thenNeitherOrganizationChangesTheAccountButEachManagesItsOwnLink() {
        OrgScim a = OrgScim.create(admin);
        OrgScim b = a.sibling();
        String id = a.account("shared.one", "shared.one@" + a.domain(), "Shared-pw-1");
        a.addMember(id);
        b.addMember(id);
        JsonNode before = a.snapshot(id);

        for (OrgScim org : List.of(a, b)) {
            for (Object[] attempt : List.of(
                    new Object[] {"name.givenName", patchOp(op("replace", "name.givenName", "Mallory"))},
                    new Object[] {"userName", patchOp(op("replace", "userName", "mallory"))},
                    new Object[] {"emails", patchOp(op("replace", "emails[type eq \"work\"].value", "mallory@evil.example"))},
                    new Object[] {"password", patchOp(op("replace", "password", "Mallory-pw-1"))},
                    new Object[] {"displayName", patchOp(op("add", null, Map.of("displayName", "Mallory")))})) {
                Http.Response r = org.patch("/Users/" + id, attempt[1]).send();
                assertScimError(r, 400, "mutability");
                assertThat(r.json().get("detail").asText()).contains((String) attempt[0]);
            }
            ObjectNode put = asPut(org.get("/Users/" + id).send().json());
            put.putObject("name").put("givenName", "Mallory").put("familyName", "Person");
            assertScimError(org.put("/Users/" + id, put).send(), 400, "mutability");
        }
        assertThat(a.snapshot(id)).isEqualTo(before);
        assertThat(a.signsIn("shared.one", "Shared-pw-1")).isTrue();
        assertThat(a.signsIn("shared.one", "Mallory-pw-1")).isFalse();

        // the current values sent back unchanged are not a change; the link is the organization's
        ObjectNode same = asPut(a.get("/Users/" + id).send().json());
        same.put("externalId", "a-42");
        same.put("userName", "Shared.One");
        Http.Response ok = a.put("/Users/" + id, same).send();
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        assertThat(ok.json().get("externalId").asText()).isEqualTo("a-42");
        assertThat(ok.json().get("userName").asText()).isEqualTo("Shared.One");
        assertThat(a.snapshot(id)).isEqualTo(before);

        // active=false ends A's membership only; the account stays enabled and in B
        Http.Response off = a.patch("/Users/" + id, patchOp(op("replace", "active", false))).send();
        assertThat(off.status()).as(off.toString()).isEqualTo(200);
        assertThat(a.isMember(id)).isFalse();
        assertThat(b.isMember(id)).isTrue();
        assertThat(a.user(id).get("enabled").asBoolean()).isTrue();
        // DELETE by B just ends B's membership
        assertThat(b.delete("/Users/" + id).send().status()).isEqualTo(204);
        assertThat(b.isMember(id)).isFalse();
        assertThat(a.snapshot(id)).isEqualTo(before);
    }

    /** Items 2 and 3: a realm administrator, by direct role, group or composite. */
    @Test
    void givenAPrivilegedAccount_thenScimNeverAdoptsNorWritesIt() {
        OrgScim a = OrgScim.create(admin);
        a.configure(Map.of("adoptExistingUsers", true));
        String direct = a.account("realm.admin", "realm.admin@" + a.domain(), "Admin-pw-1");
        a.grantRealmManagement(direct, "realm-admin");
        String viaGroup = a.account("group.admin", "group.admin@" + a.domain(), "Admin-pw-1");
        a.privilegedThroughGroup(viaGroup);
        String viaComposite = a.account("composite.admin", "composite.admin@" + a.domain(), "Admin-pw-1");
        a.privilegedThroughComposite(viaComposite);

        for (String[] acct : List.of(new String[] {direct, "realm.admin"}, new String[] {viaGroup, "group.admin"},
                new String[] {viaComposite, "composite.admin"})) {
            String id = acct[0];
            String username = acct[1];
            JsonNode before = a.snapshot(id);
            Http.Response adopt = a.post("/Users", map("schemas", List.of(USER), "userName", username,
                    "emails", List.of(Map.of("value", username + "@" + a.domain(), "primary", true)), "password", "Taken-over-1")).send();
            assertScimError(adopt, 409, "uniqueness");
            assertThat(a.isMember(id)).isFalse();

            a.addMember(id);
            assertScimError(a.patch("/Users/" + id, patchOp(op("replace", "password", "Taken-over-1"))).send(), 400, "mutability");
            assertScimError(a.patch("/Users/" + id, patchOp(op("replace", "name.familyName", "Owned"))).send(), 400, "mutability");
            Http.Response bulk = a.post("/Bulk", map("schemas", List.of(OrgScim.BULK), "Operations", List.of(
                    map("method", "PATCH", "path", "/Users/" + id, "data", patchOp(op("replace", "password", "Taken-over-1"))),
                    map("method", "PUT", "path", "/Users/" + id, "data", map("schemas", List.of(USER), "userName", username,
                            "password", "Taken-over-1"))))).send();
            assertThat(bulk.status()).as(bulk.toString()).isEqualTo(200);
            assertThat(bulk.json().at("/Operations/0/status").asText()).isEqualTo("400");
            assertThat(bulk.json().at("/Operations/1/status").asText()).isEqualTo("400");
            assertThat(a.signsIn(username, "Taken-over-1")).isFalse();
            assertThat(a.signsIn(username, "Admin-pw-1")).isTrue();
            // DELETE never disables or deletes a privileged account: it only ends the membership
            assertThat(a.delete("/Users/" + id).send().status()).isEqualTo(204);
            assertThat(a.snapshot(id)).isEqualTo(before);
        }
    }

    @Test
    void givenAnOwnedAccountThatBecomesPrivileged_thenScimStopsWritingItAndDeleteOnlyEndsTheMembership() {
        OrgScim a = OrgScim.create(admin);
        a.configure(Map.of("deprovision", "DELETE"));
        String id = a.createUserId("Promoted", "promoted@" + a.domain());
        a.grantRealmManagement(id, "manage-users");
        JsonNode before = a.snapshot(id);
        assertScimError(a.patch("/Users/" + id, patchOp(op("replace", "password", "Taken-over-1"))).send(), 400, "mutability");
        assertThat(a.delete("/Users/" + id).send().status()).isEqualTo(204);
        assertThat(a.snapshot(id)).isEqualTo(before);
        assertThat(a.isMember(id)).isFalse();
        // and it is not re-provisioned either
        assertScimError(a.post("/Users", map("schemas", List.of(USER), "userName", "Promoted",
                "emails", List.of(Map.of("value", "promoted@" + a.domain(), "primary", true)))).send(), 409, "uniqueness");
    }

    /** Item 3 (SCIM part): an identity provider link is attached only to an account the organization owns. */
    @Test
    void givenAnIdentityProvider_thenNoFederatedIdentityIsAttachedToAnAccountTheOrganizationDoesNotOwn() {
        OrgScim a = OrgScim.create(admin);
        Http.Response idp = Http.post(a.realmUrl() + "/identity-provider/instances").bearer(admin.token())
                .json(Map.of("alias", "corp", "providerId", "oidc", "enabled", true, "config", Map.of(
                        "clientId", "kc", "clientSecret", "secret", "authorizationUrl", "https://idp.example.test/auth",
                        "tokenUrl", "https://idp.example.test/token", "clientAuthMethod", "client_secret_post"))).send();
        assertThat(idp.status()).as(idp.toString()).isEqualTo(201);
        assertThat(Http.post(a.realmUrl() + "/organizations/" + a.fixture.orgId + "/identity-providers").bearer(admin.token())
                .json("\"corp\"").send().status()).isEqualTo(204);
        a.configure(Map.of("identityProvider", "corp", "adoptExistingUsers", true));

        String adminId = a.account("idp.admin", "idp.admin@" + a.domain(), "Admin-pw-1");
        a.grantRealmManagement(adminId, "realm-admin");
        assertScimError(a.post("/Users", map("schemas", List.of(USER), "userName", "idp.admin", "externalId", "attacker-subject",
                "emails", List.of(Map.of("value", "idp.admin@" + a.domain(), "primary", true)))).send(), 409, "uniqueness");
        String shared = a.account("idp.shared", "idp.shared@" + a.domain(), "Shared-pw-1");
        a.addMember(shared);
        Http.Response link = a.patch("/Users/" + shared, patchOp(op("replace", "externalId", "attacker-subject"))).send();
        assertThat(link.status()).as(link.toString()).isEqualTo(200);
        for (String id : List.of(adminId, shared)) {
            assertThat(Http.get(a.realmUrl() + "/users/" + id + "/federated-identity").bearer(admin.token()).send().json()).isEmpty();
        }
    }

    /** Item 14: DELETE (or active=false) and then POST of the same user provisions it again. */
    @Test
    void givenAnOwnedAccountThatLeft_thenPostingItAgainProvisionsItAgain() {
        for (String mode : List.of("DISABLE", "REMOVE_MEMBERSHIP")) {
            OrgScim a = OrgScim.create(admin);
            a.configure(Map.of("deprovision", mode));
            String id = a.createUserId("Re.Hire", "re.hire@" + a.domain());
            assertThat(a.patch("/Users/" + id, patchOp(op("replace", "externalId", "entra-1"))).send().status()).isEqualTo(200);
            assertThat(a.delete("/Users/" + id).send().status()).isEqualTo(204);
            assertThat(a.get("/Users/" + id).send().status()).isEqualTo(404);

            Http.Response again = a.post("/Users", map("schemas", List.of(USER), "userName", "Re.Hire", "externalId", "entra-1",
                    "name", Map.of("givenName", "Back", "familyName", "Again"),
                    "emails", List.of(Map.of("value", "re.hire@" + a.domain(), "type", "work", "primary", true)))).send();
            assertThat(again.status()).as(mode + ": " + again).isEqualTo(201);
            assertThat(again.json().get("id").asText()).isEqualTo(id);
            assertThat(again.json().get("active").asBoolean()).isTrue();
            assertThat(again.json().get("externalId").asText()).isEqualTo("entra-1");
            assertThat(a.isMember(id)).isTrue();
            assertThat(a.user(id).get("firstName").asText()).isEqualTo("Back");
            assertThat(a.user(id).get("enabled").asBoolean()).isTrue();

            // active=false, then POST again
            assertThat(a.patch("/Users/" + id, patchOp(op("replace", "active", "False"))).send().status()).isEqualTo(200);
            assertThat(a.user(id).get("enabled").asBoolean()).isFalse();
            Http.Response third = a.post("/Users", map("schemas", List.of(USER), "userName", "re.hire",
                    "emails", List.of(Map.of("value", "re.hire@" + a.domain(), "primary", true)))).send();
            assertThat(third.status()).as(third.toString()).isEqualTo(201);
            assertThat(third.json().get("id").asText()).isEqualTo(id);
            assertThat(a.user(id).get("enabled").asBoolean()).isTrue();
            // an active member is not provisioned twice
            assertScimError(a.post("/Users", map("schemas", List.of(USER), "userName", "Re.Hire")).send(), 409, "uniqueness");
        }
    }

    @Test
    void givenAnOwnedAccountRemovedThroughTheAdminConsole_thenOwnershipSurvivesAndItCanBeProvisionedAgain() {
        OrgScim a = OrgScim.create(admin);
        String id = a.createUserId("Left.Org", "left.org@" + a.domain());
        admin.removeMember(a.fixture.realm, a.fixture.orgId, id);
        Http.Response again = a.post("/Users", map("schemas", List.of(USER), "userName", "Left.Org",
                "name", Map.of("givenName", "Left", "familyName", "Org"),
                "emails", List.of(Map.of("value", "left.org@" + a.domain(), "primary", true)), "password", "Rehired-pw-1")).send();
        assertThat(again.status()).as(again.toString()).isEqualTo(201);
        assertThat(again.json().get("id").asText()).isEqualTo(id);
        assertThat(a.signsIn("left.org", "Rehired-pw-1")).isTrue();
        // another organization with adoption on does not take an account that has an owner
        OrgScim b = a.sibling();
        b.configure(Map.of("adoptExistingUsers", true));
        // the owner moves the email into B's verified domain, so only ownership stands in B's way
        assertThat(a.patch("/Users/" + id, patchOp(op("replace", "emails[type eq \"work\"].value", "left.org@" + b.domain())))
                .send().status()).isEqualTo(200);
        admin.removeMember(a.fixture.realm, a.fixture.orgId, id);
        JsonNode before = a.snapshot(id);
        assertScimError(b.post("/Users", map("schemas", List.of(USER), "userName", "Left.Org",
                "emails", List.of(Map.of("value", "left.org@" + b.domain(), "primary", true)))).send(), 409, "uniqueness");
        assertThat(b.isMember(id)).isFalse();
        assertThat(a.snapshot(id)).isEqualTo(before);
    }
}
