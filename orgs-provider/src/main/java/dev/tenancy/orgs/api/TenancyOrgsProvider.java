package dev.tenancy.orgs.api;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.Provider;

/**
 * The one internal API of Tenancy's organizations model. Other modules obtain it with
 * {@code session.getProvider(TenancyOrgsProvider.class)} and never touch the {@code TNC_} tables of
 * this module directly.
 */
public interface TenancyOrgsProvider extends Provider {

    /**
     * The organization of this realm with that id; null when there is none, when it belongs to
     * another realm, or when the realm has organizations off. Never throws for a foreign id.
     */
    OrganizationModel findOrganization(RealmModel realm, String organizationId);

    /** The realm switch: while false, every per-organization SCIM endpoint answers 404. */
    boolean isScimEnabled(RealmModel realm);

    /** The organization's SCIM configuration, if it has one. */
    Optional<ScimConfig> scimConfig(RealmModel realm, String organizationId);

    /**
     * Verifies the {@code Authorization} header of a SCIM request against the organization's
     * configuration (all four modes), using a short-lived in-memory cache of successes.
     */
    ScimClient authenticate(RealmModel realm, OrganizationModel organization, String authorizationHeader)
            throws ScimAuthenticationException;

    /** Notes that the organization's SCIM endpoint was used now (throttled; own transaction). */
    void recordRequest(RealmModel realm, String organizationId);

    /** Keeps a recent SCIM error for the status panel (own transaction, so it survives a rollback). */
    void recordError(RealmModel realm, String organizationId, int status, String scimType, String detail);

    /**
     * Keeps a SCIM request the organization's endpoint answered — method, path (the part after the
     * organization's base URL, without query) and status — for the setup page's live panel. Cheap:
     * at most one write per organization and node per {@code exchange-record-millis}, in its own
     * transaction, into a bounded ring in the database so every node sees it. Never throws.
     */
    void recordExchange(RealmModel realm, String organizationId, String method, String path, int status);

    UserLinkStore userLinks();

    GroupLinkStore groupLinks();

    /**
     * The id of the organization that owns the account (its SCIM created or adopted it), if any.
     * Ownership survives the end of the membership and ends when the account is deleted.
     */
    default Optional<String> owner(RealmModel realm, String userId) {
        return userLinks().owner(realm, userId);
    }

    /**
     * Whether the account is privileged in the trust model's sense: it holds — directly, through a
     * group or through a composite — any role of the realm's {@code realm-management} client, or (in
     * {@code master}) any administrator role. Privileged accounts are never adopted, added by a
     * delegated administrator, or changed by an organization's SCIM.
     */
    boolean isPrivileged(RealmModel realm, UserModel user);

    /** Whether the user holds the organization role in that organization. */
    boolean hasRole(RealmModel realm, String organizationId, String userId, String role);

    /**
     * The organization's custom roles — never the built-in delegated-administration ones — by name,
     * with their descriptions (null when none), in name order.
     */
    Map<String, String> customRoles(RealmModel realm, String organizationId);

    /**
     * Grants ({@code granted}) or revokes a custom organization role of a member, with the effects of
     * {@code PUT|DELETE /orgs/{orgId}/roles/{name}/users/{userId}}: an {@link OrganizationRoleChangedEvent}
     * when something changes. The caller checks membership and emits its admin event.
     *
     * @return whether anything changed
     * @throws IllegalArgumentException when the role is built-in or not a role of the organization
     */
    boolean setCustomRole(RealmModel realm, String organizationId, String userId, String role, boolean granted);

    /** The user's organization roles, keyed by organization id. */
    Map<String, Set<String>> rolesByOrganization(RealmModel realm, UserModel user);

    /**
     * Authenticates the bearer token of the current admin REST request (this realm or master).
     *
     * @throws jakarta.ws.rs.NotAuthorizedException when there is no valid token
     */
    Caller authenticateCaller();
}
