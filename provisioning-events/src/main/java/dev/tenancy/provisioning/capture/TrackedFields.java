package dev.tenancy.provisioning.capture;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.keycloak.models.RealmModel;

import dev.tenancy.provisioning.ProvisioningConfig;

/**
 * The fields whose change makes a mover, per realm. A realm sets its own list in the realm attribute
 * {@value #REALM_ATTRIBUTE} (comma-separated); otherwise the server default applies. Groups, role
 * mappings, organization roles and organization groups are always tracked.
 */
public record TrackedFields(Set<String> builtIn, Set<String> attributes) {

    public static final String REALM_ATTRIBUTE = "tenancy.provisioning.trackedAttributes";
    static final Set<String> BUILT_IN = Set.of("username", "email", "firstName", "lastName");

    public static TrackedFields of(RealmModel realm, ProvisioningConfig config) {
        String own = realm.getAttribute(REALM_ATTRIBUTE);
        return of(own == null || own.isBlank() ? config.defaultTrackedAttributes() : split(own));
    }

    public static TrackedFields of(List<String> names) {
        Set<String> builtIn = new LinkedHashSet<>();
        Set<String> attributes = new LinkedHashSet<>();
        for (String name : names) {
            (BUILT_IN.contains(name) ? builtIn : attributes).add(name);
        }
        return new TrackedFields(Set.copyOf(builtIn), Set.copyOf(attributes));
    }

    private static List<String> split(String csv) {
        return java.util.Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
