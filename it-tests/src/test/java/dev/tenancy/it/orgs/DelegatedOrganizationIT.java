package dev.tenancy.it.orgs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import dev.tenancy.it.support.Admin;
import dev.tenancy.it.support.Fixture;
import dev.tenancy.it.support.Http;
import dev.tenancy.it.support.ServerTest;

/** The organization and its members, administered by its own people through organization roles. */
class DelegatedOrganizationIT extends ServerTest {

    @Test
    void givenAMember_thenMineListsTheirOrganizationsAndRoles() {
        Fixture f = Fixture.create(admin);
        Fixture other = f.sibling();
        Fixture.Member gina = f.delegate("gina", "view-members");
        admin.addMember(f.realm, other.orgId, gina.id());
        Http.Response r = Http.get(f.orgsUrl() + "/mine").bearer(gina.token()).send();
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json()).hasSize(2);
        for (JsonNode o : r.json()) {
            if (o.get("id").asText().equals(f.orgId)) {
                assertThat(o.get("alias").asText()).isEqualTo(f.alias);
                assertThat(o.get("roles").toString()).isEqualTo("[\"view-members\"]");
            } else {
                assertThat(o.get("roles")).isEmpty();
            }
        }
        assertThat(Http.get(f.orgsUrl() + "/mine").bearer(admin.token()).send().json()).as("a master admin is nobody's member").isEmpty();
        assertThat(Http.get(f.orgsUrl() + "/mine").send().status()).isEqualTo(401);
    }

    @Test
    void givenViewOrganization_thenTheOrganizationCanBeReadAndManageOrganizationChangesIt() {
        Fixture f = Fixture.create(admin);
        String viewerToken = f.delegate("orgviewer", "view-organization").token();
        String managerToken = f.delegate("orgmanager", "manage-organization").token();
        String url = f.orgsUrl() + "/" + f.orgId;

        Http.Response got = Http.get(url).bearer(viewerToken).send();
        assertThat(got.status()).as(got.toString()).isEqualTo(200);
        assertThat(got.json().get("alias").asText()).isEqualTo(f.alias);
        assertThat(got.json().get("members").asLong()).isEqualTo(2);
        assertThat(got.json().get("domains").get(0).get("name").asText()).isEqualTo(f.alias + ".test");

        assertThat(Http.put(url).bearer(viewerToken).json(Map.of("description", "x")).send().status()).isEqualTo(403);
        Http.Response put = Http.put(url).bearer(managerToken).json(Map.of("name", "Acme Corp", "description", "Widgets")).send();
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        JsonNode native_ = Http.get(admin.url() + "/admin/realms/" + f.realm + "/organizations/" + f.orgId).bearer(admin.token()).send().json();
        assertThat(native_.get("name").asText()).isEqualTo("Acme Corp");
        assertThat(native_.get("description").asText()).isEqualTo("Widgets");

        Http.Response alias = Http.put(url).bearer(managerToken).json(Map.of("alias", "stolen")).send();
        assertThat(alias.status()).isEqualTo(400);
        assertThat(alias.json().get("field").asText()).isEqualTo("alias");
        Http.Response domains = Http.put(url).bearer(managerToken).json(Map.of("domains", List.of(Map.of("name", "evil.test")))).send();
        assertThat(domains.status()).isEqualTo(400);
        assertThat(Http.put(url).bearer(managerToken).json(Map.of("name", "")).send().status()).isEqualTo(400);
        assertThat(Http.get(url).bearer(admin.userToken(f.realm, "orgmanager", "pw-orgmanager-1")).send().status()).isEqualTo(200);
    }

    @Test
    void givenManageMembers_thenOnlyUsersOfTheOrganizationsDomainsCanBeAdded() {
        Fixture f = Fixture.create(admin);
        Fixture other = f.sibling();
        String token = f.delegate("memberlead", "manage-members").token();
        String url = f.orgsUrl() + "/" + f.orgId + "/members";

        String inDomain = createUserWithEmail(f.realm, "hank", "hank@" + f.alias + ".test");
        String outsider = createUserWithEmail(f.realm, "ivan", "ivan@elsewhere.test");
        String taken = createUserWithEmail(f.realm, "jill", "jill@" + f.alias + ".test");
        admin.addMember(f.realm, other.orgId, taken);

        Http.Response added = Http.put(url + "/" + inDomain).bearer(token).send();
        assertThat(added.status()).as(added.toString()).isEqualTo(204);
        Http.Response wrongDomain = Http.put(url + "/" + outsider).bearer(token).send();
        assertThat(wrongDomain.status()).as(wrongDomain.toString()).isEqualTo(400);
        assertThat(wrongDomain.json().get("field").asText()).isEqualTo("userId");
        assertThat(Http.put(url + "/" + taken).bearer(token).send().status()).as("belongs to another organization").isEqualTo(400);
        assertThat(Http.put(url + "/nobody").bearer(token).send().status()).isEqualTo(400);
        // a realm administrator may add anyone
        Http.Response byAdmin = Http.put(url + "/" + outsider).bearer(admin.token()).send();
        assertThat(byAdmin.status()).as(byAdmin.toString()).isEqualTo(204);

        List<String> names = new ArrayList<>();
        Http.get(url).bearer(token).send().json().forEach(m -> names.add(m.get("username").asText()));
        assertThat(names).containsExactlyInAnyOrder("memberlead", "hank", "ivan");

        assertThat(Http.delete(url + "/" + inDomain).bearer(token).send().status()).isEqualTo(204);
        assertThat(Http.delete(url + "/" + inDomain).bearer(token).send().status()).isEqualTo(404);
        // no power over the sibling organization
        assertThat(Http.delete(other.orgsUrl() + "/" + other.orgId + "/members/" + taken).bearer(token).send().status()).isEqualTo(403);
        assertThat(Http.get(other.orgsUrl() + "/" + other.orgId + "/members").bearer(token).send().status()).isEqualTo(403);
    }

    @Test
    void givenViewMembers_thenMembersCanBeListedButNotChanged() {
        Fixture f = Fixture.create(admin);
        String token = f.delegate("memberviewer", "view-members").token();
        String other = f.member("kim", "pw-kim-1");
        String url = f.orgsUrl() + "/" + f.orgId + "/members";
        Http.Response list = Http.get(url + "?search=kim").bearer(token).send();
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        assertThat(list.json()).hasSize(1);
        assertThat(list.json().get(0).get("id").asText()).isEqualTo(other);
        assertThat(list.json().get(0).get("managed").asBoolean()).isFalse();
        assertThat(Http.delete(url + "/" + other).bearer(token).send().status()).isEqualTo(403);
        String nobody = admin.userToken(f.realm, "kim", "pw-kim-1");
        assertThat(Http.get(url).bearer(nobody).send().status()).isEqualTo(403);
    }

    private String createUserWithEmail(String realm, String username, String email) {
        Http.Response r = Http.post(admin.url() + "/admin/realms/" + realm + "/users").bearer(admin.token())
                .json(Map.of("username", username, "enabled", true, "email", email, "firstName", "T", "lastName", "U")).send();
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return Admin.idFromLocation(r);
    }
}
