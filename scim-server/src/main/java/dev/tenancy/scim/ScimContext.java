package dev.tenancy.scim;

import java.net.URI;

import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.organization.OrganizationProvider;

import dev.tenancy.orgs.api.ScimClient;
import dev.tenancy.orgs.api.ScimConfig;
import dev.tenancy.orgs.api.TenancyOrgsProvider;

/**
 * One authenticated SCIM request of one organization: everything the resource services need.
 *
 * @param baseUri             {@code …/realms/{realm}/scim/v2/organizations/{orgId}}, for {@code meta.location}
 * @param membershipGroupId   the internal group whose members are the organization's members
 */
public record ScimContext(
        KeycloakSession session,
        RealmModel realm,
        OrganizationModel organization,
        ScimConfig config,
        ScimClient client,
        URI baseUri,
        String membershipGroupId) {

    public static ScimContext of(KeycloakSession session, RealmModel realm, OrganizationModel organization, ScimConfig config,
                                 ScimClient client, URI baseUri) {
        String membership = session.getProvider(OrganizationProvider.class).getOrganizationGroup(organization).getId();
        return new ScimContext(session, realm, organization, config, client, baseUri, membership);
    }

    public TenancyOrgsProvider orgs() {
        return session.getProvider(TenancyOrgsProvider.class);
    }

    public OrganizationProvider organizations() {
        return session.getProvider(OrganizationProvider.class);
    }

    /** The internal group whose members are the organization's members. */
    public GroupModel membershipGroup() {
        return organizations().getOrganizationGroup(organization);
    }

    public String organizationId() {
        return organization.getId();
    }

    public String location(String type, String id) {
        return baseUri.toString() + "/" + type + "/" + id;
    }

    /** The same request bound to another session (for Bulk operations, each in its own transaction). */
    public ScimContext in(KeycloakSession other) {
        RealmModel r = other.realms().getRealm(realm.getId());
        other.getContext().setRealm(r);
        OrganizationModel o = other.getProvider(OrganizationProvider.class).getById(organization.getId());
        return new ScimContext(other, r, o, config, client, baseUri, membershipGroupId);
    }
}
