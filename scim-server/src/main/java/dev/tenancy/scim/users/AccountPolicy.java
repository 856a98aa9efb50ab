package dev.tenancy.scim.users;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.keycloak.models.OrganizationDomainModel;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserCredentialModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;

import dev.tenancy.orgs.api.TenancyOrgsProvider;
import dev.tenancy.scim.protocol.Scim;
import dev.tenancy.scim.protocol.ScimException;

/**
 * The trust model for SCIM writes to accounts, in one place: every write path (POST, PUT, PATCH,
 * DELETE, Bulk, adoption, re-provisioning) asks it what the organization may do to an account.
 * <ul>
 *   <li>{@link Access#OWNER}: the organization owns the account (its SCIM created or adopted it) and
 *       the account is not privileged — everything the Users mapping names may change, password
 *       included.</li>
 *   <li>{@link Access#ORGANIZATION}: any other member, privileged accounts included — only what
 *       belongs to the organization: the link ({@code externalId}, the spelling of {@code userName}),
 *       group memberships, roles, and ending the membership. {@link #requireUnchanged} refuses
 *       anything else with 400 {@code mutability} naming the attribute, before anything is
 *       written.</li>
 * </ul>
 */
final class AccountPolicy {

    enum Access { OWNER, ORGANIZATION }

    private final RealmModel realm;
    private final OrganizationModel organization;
    private final TenancyOrgsProvider orgs;
    private final OrganizationProvider organizations;

    AccountPolicy(RealmModel realm, OrganizationModel organization, TenancyOrgsProvider orgs, OrganizationProvider organizations) {
        this.realm = realm;
        this.organization = organization;
        this.orgs = orgs;
        this.organizations = organizations;
    }

    Access access(UserModel user) {
        return ownedByThisOrganization(user) && !orgs.isPrivileged(realm, user) ? Access.OWNER : Access.ORGANIZATION;
    }

    boolean ownedByThisOrganization(UserModel user) {
        return orgs.owner(realm, user.getId()).filter(organization.getId()::equals).isPresent();
    }

    /**
     * Re-provisioning (rehire): an account this organization owns, not privileged, that is no longer
     * an active member of it (it left, or {@code active=false} disabled it).
     */
    boolean rehirable(UserModel user) {
        return ownedByThisOrganization(user) && (!organization.isMember(user) || !user.isEnabled()) && !orgs.isPrivileged(realm, user);
    }

    /**
     * Adoption: the configuration allows it, and the account is not privileged, has no owner, belongs
     * to no organization, and has an email in a verified domain of this organization.
     */
    boolean adoptable(UserModel user, boolean adoptExistingUsers) {
        return adoptExistingUsers
                && verifiedDomain(user.getEmail())
                && organizations.getByMember(user).findAny().isEmpty()
                && orgs.owner(realm, user.getId()).isEmpty()
                && !orgs.isPrivileged(realm, user);
    }

    /** Whether the email's domain is a verified domain of this organization. */
    boolean verifiedDomain(String email) {
        if (email == null || email.lastIndexOf('@') < 0) {
            return false;
        }
        String domain = email.substring(email.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
        return organization.getDomains().anyMatch((OrganizationDomainModel d) -> d.isVerified() && d.getName().equalsIgnoreCase(domain));
    }

    /**
     * For {@link Access#ORGANIZATION}: throws 400 {@code mutability} naming the first account attribute
     * in which {@code requested} differs from {@code current} (the account as this organization sees it
     * now). Sending the current values unchanged is not a change.
     *
     * @param username the Keycloak username the request implies
     * @param active   the requested {@code active}, or null when the request leaves it alone
     */
    static void requireUnchanged(UserModel user, ObjectNode current, ObjectNode requested, String username, Boolean active) {
        if (username != null && !username.equalsIgnoreCase(user.getUsername())) {
            throw refused("userName");
        }
        Map<String, String> before = view(current);
        Map<String, String> after = view(requested);
        for (Map.Entry<String, String> e : before.entrySet()) {
            if (!Objects.equals(e.getValue(), after.get(e.getKey()))) {
                throw refused(e.getKey());
            }
        }
        if (Boolean.TRUE.equals(active) && !user.isEnabled()) {
            throw refused("active");
        }
        JsonNode password = requested.get("password");
        if (password != null && !password.isNull()
                && !(password.isTextual() && user.credentialManager().isValid(UserCredentialModel.password(password.asText())))) {
            throw refused("password");
        }
    }

    private static ScimException refused(String attribute) {
        return ScimException.mutability(attribute + " of this account cannot be changed by this organization: it does not own the account");
    }

    /**
     * The account attributes of a representation, each as a canonical string (null when absent), in a
     * fixed order: what the Users mapping stores on the account rather than on the organization's link.
     */
    static Map<String, String> view(ObjectNode rep) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode name = rep.get("name");
        out.put("name.givenName", text(name, "givenName"));
        out.put("name.familyName", text(name, "familyName"));
        UserAttributes.NAME_ATTRIBUTES.keySet().stream().sorted().forEach(sub -> out.put("name." + sub, text(name, sub)));
        UserAttributes.CORE_SIMPLE.stream().sorted().forEach(a -> out.put(a, text(rep, a)));
        for (String multi : List.of("emails", "phoneNumbers", "addresses")) {
            out.put(multi, multiValued(rep.get(multi), multi.equals("emails")));
        }
        JsonNode ent = rep.get(Scim.ENTERPRISE_SCHEMA);
        UserAttributes.ENTERPRISE_SIMPLE.stream().sorted().forEach(a -> out.put(Scim.ENTERPRISE_SCHEMA + ":" + a, text(ent, a)));
        JsonNode manager = ent == null ? null : ent.get("manager");
        out.put(Scim.ENTERPRISE_SCHEMA + ":manager", manager != null && manager.isObject() ? text(manager, "value") : text(ent, "manager"));
        return out;
    }

    private static String text(JsonNode parent, String field) {
        if (parent == null || !parent.isObject()) {
            return null;
        }
        JsonNode v = parent.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        String s = v.isValueNode() ? v.asText() : v.toString();
        return s.isEmpty() ? null : s;
    }

    /** A multi-valued complex attribute as a sorted list of canonical values, or null when empty. */
    private static String multiValued(JsonNode values, boolean lowerCaseValue) {
        if (values == null || values.isNull() || (values.isArray() && values.isEmpty())) {
            return null;
        }
        if (!values.isArray()) {
            return values.toString();
        }
        List<String> items = new ArrayList<>();
        for (JsonNode v : values) {
            if (!v.isObject()) {
                items.add(v.toString());
                continue;
            }
            TreeMap<String, String> fields = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                String key = f.getKey();
                JsonNode fv = f.getValue();
                if (key.equals("display") || key.equals("$ref") || fv.isNull() || (fv.isTextual() && fv.asText().isEmpty())
                        || (key.equals("primary") && !fv.asBoolean(false))) {
                    continue;
                }
                String s = fv.isValueNode() ? fv.asText() : fv.toString();
                fields.put(key, (lowerCaseValue && key.equals("value")) || key.equals("type") ? s.toLowerCase(Locale.ROOT) : s);
            }
            items.add(fields.toString());
        }
        items.sort(null);
        return items.toString();
    }
}
