package dev.tenancy.provisioning.capture;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Turns a user's state before and after one transaction into joiner, mover and leaver drafts.
 *
 * <ul>
 *   <li>Realm-wide subscriptions get one realm event (created / re-enabled → joiner, deleted /
 *       disabled → leaver, tracked change → mover) and, per organization whose membership, roles or
 *       groups changed, an organization event carrying only those changes.</li>
 *   <li>An organization's subscriptions get, per change touching one of its members, one event of that
 *       organization carrying every change: joined → joiner, left (or deleted) → leaver, otherwise the
 *       realm kind, or mover when only the organization's roles or groups changed.</li>
 * </ul>
 * A {@code null} state means the user does not exist (before creation, after deletion).
 */
public final class Classifier {

    private Classifier() {
    }

    public static List<Draft> classify(UserState before, UserState after, TrackedFields tracked) {
        if (before == null && after == null) {
            return List.of();
        }
        List<Change> realmChanges = realmChanges(before, after, tracked);
        String realmKind = realmKind(before, after, realmChanges);
        List<Draft> drafts = new ArrayList<>();
        if (realmKind != null) {
            drafts.add(new Draft(realmKind, null, null, Draft.Audience.REALM, realmChanges));
        }
        Map<String, UserState.Membership> orgsBefore = before == null ? Map.of() : before.organizations();
        Map<String, UserState.Membership> orgsAfter = after == null ? Map.of() : after.organizations();
        TreeSet<String> orgIds = new TreeSet<>(orgsBefore.keySet());
        orgIds.addAll(orgsAfter.keySet());
        for (String orgId : orgIds) {
            UserState.Membership was = orgsBefore.get(orgId);
            UserState.Membership is = orgsAfter.get(orgId);
            String alias = is != null ? is.alias() : was.alias();
            List<Change> orgChanges = organizationChanges(was, is);
            String membershipKind = was == null ? Draft.JOINER : is == null ? Draft.LEAVER : null;

            String fullKind = membershipKind != null ? membershipKind
                    : realmKind != null ? realmKind
                    : orgChanges.isEmpty() ? null : Draft.MOVER;
            List<Change> fullChanges = new ArrayList<>(realmChanges);
            fullChanges.addAll(orgChanges);

            String onlyKind = orgChanges.isEmpty() ? null : membershipKind != null ? membershipKind : Draft.MOVER;

            if (fullKind != null && fullKind.equals(onlyKind) && realmChanges.isEmpty()) {
                drafts.add(new Draft(fullKind, orgId, alias, Draft.Audience.BOTH, orgChanges));
                continue;
            }
            if (fullKind != null) {
                drafts.add(new Draft(fullKind, orgId, alias, Draft.Audience.ORGANIZATION, List.copyOf(fullChanges)));
            }
            if (onlyKind != null) {
                drafts.add(new Draft(onlyKind, orgId, alias, Draft.Audience.REALM, orgChanges));
            }
        }
        return drafts;
    }

    private static String realmKind(UserState before, UserState after, List<Change> realmChanges) {
        if (before == null) {
            return Draft.JOINER;
        }
        if (after == null) {
            return Draft.LEAVER;
        }
        if (!before.enabled() && after.enabled()) {
            return Draft.JOINER;
        }
        if (before.enabled() && !after.enabled()) {
            return Draft.LEAVER;
        }
        return realmChanges.isEmpty() ? null : Draft.MOVER;
    }

    static List<Change> realmChanges(UserState before, UserState after, TrackedFields tracked) {
        List<Change> changes = new ArrayList<>();
        if (before == null || after == null) {
            // Creation and deletion: the whole user is in the event; only report what is known to differ.
            return changes;
        }
        for (String field : List.of("username", "email", "firstName", "lastName")) {
            if (tracked.builtIn().contains(field)) {
                add(changes, field, builtIn(before, field), builtIn(after, field));
            }
        }
        add(changes, "enabled", before.enabled(), after.enabled());
        TreeSet<String> names = new TreeSet<>(before.attributes().keySet());
        names.addAll(after.attributes().keySet());
        for (String name : names) {
            if (tracked.attributes().contains(name)) {
                add(changes, "attributes." + name, before.attributes().get(name), after.attributes().get(name));
            }
        }
        add(changes, "groups", before.groups(), after.groups());
        add(changes, "realmRoles", before.realmRoles(), after.realmRoles());
        add(changes, "clientRoles", before.clientRoles(), after.clientRoles());
        return changes;
    }

    static List<Change> organizationChanges(UserState.Membership was, UserState.Membership is) {
        List<Change> changes = new ArrayList<>();
        add(changes, "organization.member", was != null, is != null);
        add(changes, "organization.roles", was == null ? List.of() : was.roles(), is == null ? List.of() : is.roles());
        add(changes, "organization.groups", was == null ? List.of() : was.groups(), is == null ? List.of() : is.groups());
        return changes;
    }

    private static String builtIn(UserState s, String field) {
        return switch (field) {
            case "username" -> s.username();
            case "email" -> s.email();
            case "firstName" -> s.firstName();
            default -> s.lastName();
        };
    }

    private static void add(List<Change> changes, String field, Object old, Object now) {
        if (!Objects.equals(old, now)) {
            changes.add(new Change(field, old, now));
        }
    }
}
