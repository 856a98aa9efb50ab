package dev.tenancy.provisioning.capture;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.keycloak.models.ClientModel;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.ModelToRepresentation;
import org.keycloak.organization.OrganizationProvider;

import dev.tenancy.orgs.api.TenancyOrgsProvider;

/**
 * Reads a user's current tracked state through Keycloak's models (inside the changing transaction).
 * A scope limits the read to what the transaction's triggers could have changed; the rest is taken
 * from the previous state, so a profile update costs no membership or role queries.
 */
final class UserStateReader {

    /** Username, email, names, enabled, tracked attributes. */
    static final int PROFILE = 1;
    /** Realm group memberships. */
    static final int GROUPS = 2;
    /** Realm and client role mappings. */
    static final int ROLES = 4;
    /** Organization memberships, organization roles and organization groups. */
    static final int ORGS = 8;
    static final int ALL = PROFILE | GROUPS | ROLES | ORGS;

    private UserStateReader() {
    }

    static UserState read(KeycloakSession session, RealmModel realm, UserModel user, TrackedFields tracked) {
        return read(session, realm, user, tracked, ALL, null);
    }

    /** The user's state, reading only the parts in {@code scope} and copying the others from {@code previous}. */
    static UserState read(KeycloakSession session, RealmModel realm, UserModel user, TrackedFields tracked, int scope,
                          UserState previous) {
        return read(session, realm, user, tracked, scope, previous, null);
    }

    /**
     * As {@link #read(KeycloakSession, RealmModel, UserModel, TrackedFields, int, UserState)}; with
     * {@code knownOrganizations} (the whole organization state of a member the transaction created, as its
     * creator described it) the organization part is taken from there instead of read.
     */
    static UserState read(KeycloakSession session, RealmModel realm, UserModel user, TrackedFields tracked, int scope,
                          UserState previous, Map<String, UserState.Membership> knownOrganizations) {
        if (previous == null) {
            scope = ALL;
        }
        boolean groupsToo = (scope & GROUPS) != 0;
        boolean rolesToo = (scope & ROLES) != 0;
        boolean orgsToo = (scope & ORGS) != 0;
        Map<String, List<String>> attributes = new TreeMap<>();
        for (String name : tracked.attributes()) {
            List<String> values = user.getAttributeStream(name).filter(v -> v != null).toList();
            if (!values.isEmpty()) {
                attributes.put(name, values);
            }
        }
        List<String> groups = !groupsToo ? previous.groups() : user.getGroupsStream()
                .filter(g -> g.getType() != GroupModel.Type.ORGANIZATION)
                .map(ModelToRepresentation::buildGroupPath).toList();
        List<String> realmRoles = new ArrayList<>();
        Map<String, List<String>> clientRoles = new TreeMap<>();
        if (!rolesToo) {
            realmRoles.addAll(previous.realmRoles());
            clientRoles.putAll(previous.clientRoles());
        } else user.getRoleMappingsStream().forEach(role -> {
            if (role.isClientRole()) {
                String clientId = role.getContainer() instanceof ClientModel c ? c.getClientId() : role.getContainerId();
                clientRoles.computeIfAbsent(clientId, k -> new ArrayList<>()).add(role.getName());
            } else {
                realmRoles.add(role.getName());
            }
        });
        clientRoles.replaceAll((k, v) -> v.stream().sorted().toList());
        return new UserState(user.getId(), user.getUsername(), user.getEmail(), user.getFirstName(), user.getLastName(),
                user.isEnabled(), user.getCreatedTimestamp(), attributes, groups, realmRoles,
                clientRoles, !orgsToo ? previous.organizations()
                : knownOrganizations != null ? knownOrganizations : memberships(session, realm, user));
    }

    private static Map<String, UserState.Membership> memberships(KeycloakSession session, RealmModel realm, UserModel user) {
        if (!realm.isOrganizationsEnabled()) {
            return Map.of();
        }
        OrganizationProvider orgs = session.getProvider(OrganizationProvider.class);
        if (orgs == null) {
            return Map.of();
        }
        List<OrganizationModel> mine = orgs.getByMember(user).toList();
        if (mine.isEmpty()) {
            return Map.of();
        }
        TenancyOrgsProvider tenancy = session.getProvider(TenancyOrgsProvider.class);
        Map<String, Set<String>> roles = tenancy == null ? Map.of() : tenancy.rolesByOrganization(realm, user);
        Map<String, UserState.Membership> result = new TreeMap<>();
        for (OrganizationModel org : mine) {
            List<String> groups = orgs.getOrganizationGroupsByMember(org, user)
                    .map(UserStateReader::orgGroupName).toList();
            List<String> orgRoles = List.copyOf(roles.getOrDefault(org.getId(), Set.of()));
            result.put(org.getId(), new UserState.Membership(org.getAlias(), orgRoles, groups));
        }
        return result;
    }

    private static String orgGroupName(GroupModel group) {
        return group.getName();
    }
}
