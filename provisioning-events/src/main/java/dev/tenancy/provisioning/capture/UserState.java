package dev.tenancy.provisioning.capture;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * What this module reports about a user: kept as the user's snapshot, diffed against the next state.
 * Collections are sorted so that equal states serialize equally.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record UserState(
        String id,
        String username,
        String email,
        String firstName,
        String lastName,
        boolean enabled,
        Long createdTimestamp,
        Map<String, List<String>> attributes,
        List<String> groups,
        List<String> realmRoles,
        Map<String, List<String>> clientRoles,
        Map<String, Membership> organizations) {

    public UserState {
        attributes = attributes == null ? Map.of() : new TreeMap<>(attributes);
        groups = groups == null ? List.of() : groups.stream().sorted().toList();
        realmRoles = realmRoles == null ? List.of() : realmRoles.stream().sorted().toList();
        clientRoles = clientRoles == null ? Map.of() : new TreeMap<>(clientRoles);
        organizations = organizations == null ? Map.of() : new TreeMap<>(organizations);
    }

    /** One organization the user is a member of: its alias, the user's organization roles and groups there. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Membership(String alias, List<String> roles, List<String> groups) {

        public Membership {
            roles = roles == null ? List.of() : roles.stream().sorted().toList();
            groups = groups == null ? List.of() : groups.stream().sorted().toList();
        }
    }

    UserState withEnabled(boolean value) {
        return new UserState(id, username, email, firstName, lastName, value, createdTimestamp, attributes, groups,
                realmRoles, clientRoles, organizations);
    }

    UserState withOrganizations(Map<String, Membership> value) {
        return new UserState(id, username, email, firstName, lastName, enabled, createdTimestamp, attributes, groups,
                realmRoles, clientRoles, value);
    }
}
