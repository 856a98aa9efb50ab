package dev.tenancy.it.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;

import com.unboundid.scim2.client.ScimService;
import com.unboundid.scim2.common.exceptions.ResourceNotFoundException;
import com.unboundid.scim2.common.exceptions.ResourceConflictException;
import com.unboundid.scim2.common.messages.ListResponse;
import com.unboundid.scim2.common.types.Email;
import com.unboundid.scim2.common.types.GroupResource;
import com.unboundid.scim2.common.types.Member;
import com.unboundid.scim2.common.types.Name;
import com.unboundid.scim2.common.types.UserResource;
import org.glassfish.jersey.apache5.connector.Apache5ConnectorProvider;
import org.glassfish.jersey.client.ClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tenancy.it.support.Admin;
import dev.tenancy.it.support.KeycloakServer;

/** The ordinary flows through a real SCIM client: UnboundID's SCIM 2 SDK. */
class ScimSdkClientIT {

    static Admin admin;
    static Client client;

    @BeforeAll
    static void server() {
        admin = Admin.of(KeycloakServer.get());
        client = ClientBuilder.newClient(new ClientConfig().connectorProvider(new Apache5ConnectorProvider()));
    }

    @AfterAll
    static void close() {
        if (client != null) {
            client.close();
        }
    }

    static ScimService service(ScimClient raw) {
        return new ScimService(client.target(raw.base).register(
                (jakarta.ws.rs.client.ClientRequestFilter) request -> request.getHeaders().putSingle("Authorization", raw.authorization)));
    }

    @Test
    void givenTheSdk_thenUsersAndGroupsRoundTrip() throws Exception {
        ScimService scim = service(ScimClient.create(admin));

        assertThat(scim.getServiceProviderConfig().getPatch().isSupported()).isTrue();
        assertThat(scim.getResourceTypes().getTotalResults()).isEqualTo(3);
        assertThat(scim.getSchemas().getTotalResults()).isEqualTo(4);

        UserResource user = new UserResource().setUserName("Sdk.User");
        user.setName(new Name().setGivenName("Sdk").setFamilyName("User"));
        user.setEmails(List.of(new Email().setValue("sdk.user@example.com").setType("work").setPrimary(true)));
        user.setActive(true);
        UserResource created = scim.create("Users", user);
        assertThat(created.getId()).isNotBlank();
        assertThat(created.getUserName()).isEqualTo("Sdk.User");
        assertThat(created.getMeta().getVersion()).startsWith("W/");

        UserResource read = scim.retrieve("Users", created.getId(), UserResource.class);
        assertThat(read.getName().getFamilyName()).isEqualTo("User");

        ListResponse<UserResource> found = scim.searchRequest("Users").filter("userName eq \"sdk.user\"").invoke(UserResource.class);
        assertThat(found.getTotalResults()).isEqualTo(1);

        UserResource patched = scim.modifyRequest("Users", created.getId())
                .replaceValue("displayName", "Sdk Display")
                .replaceValue("active", false)
                .invoke(UserResource.class);
        assertThat(patched.getDisplayName()).isEqualTo("Sdk Display");
        assertThat(patched.getActive()).isFalse();

        read = scim.retrieve("Users", created.getId(), UserResource.class);
        read.setTitle("Replaced");
        read.setActive(true);
        UserResource replaced = scim.replace(read);
        assertThat(replaced.getTitle()).isEqualTo("Replaced");
        assertThat(replaced.getActive()).isTrue();

        assertThatThrownBy(() -> scim.create("Users", new UserResource().setUserName("SDK.USER")))
                .isInstanceOf(ResourceConflictException.class);

        GroupResource group = new GroupResource().setDisplayName("Sdk Group");
        group.setMembers(List.of(new Member().setValue(created.getId())));
        GroupResource g = scim.create("Groups", group);
        assertThat(g.getMembers()).hasSize(1);
        GroupResource renamed = scim.modifyRequest("Groups", g.getId()).replaceValue("displayName", "Sdk Group 2").invoke(GroupResource.class);
        assertThat(renamed.getDisplayName()).isEqualTo("Sdk Group 2");

        scim.delete("Groups", g.getId());
        scim.delete("Users", created.getId());
        assertThatThrownBy(() -> scim.retrieve("Users", created.getId(), UserResource.class)).isInstanceOf(ResourceNotFoundException.class);
    }
}
