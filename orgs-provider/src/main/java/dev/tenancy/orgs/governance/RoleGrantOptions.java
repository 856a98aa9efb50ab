package dev.tenancy.orgs.governance;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tenancy.orgs.api.Caller;
import dev.tenancy.orgs.jpa.OrgRoleMemberEntity;
import dev.tenancy.orgs.jpa.OrgRoleStore;

/** The governance side of {@code PUT …/roles/{name}/users/{userId}}: the optional {@code expiresAt} and {@code grantedBy}. */
public final class RoleGrantOptions {

    private RoleGrantOptions() {
    }

    /** The {@code expiresAt} of an optional {@code {"expiresAt": "…"}} body; null when absent. 400 naming the field otherwise. */
    public static Long expiresAt(String body) {
        JsonNode json = Rest.optionalObject(body);
        String v = Rest.text(json, "expiresAt", "expiresAt");
        return v == null ? null : BadInput.checked(() -> Times.expiresAt(v, "expiresAt", System.currentTimeMillis()));
    }

    public static String grantedBy(Caller caller) {
        return caller.user() == null ? "user:unknown" : "user:" + caller.user().getId();
    }

    /** A manual grant over an existing one takes it over: who made it and until when. */
    public static void takeOver(OrgRoleStore roles, String organizationId, String role, String userId, String grantedBy, Long expiresAt) {
        roles.grantOf(organizationId, role, userId).ifPresent(m -> {
            m.setGrantedBy(grantedBy);
            m.setExpiresAt(expiresAt);
        });
    }

    /** Names the grant's state before a change in an admin event, for the audit trail's {@code before}. */
    public static void before(org.keycloak.services.resources.admin.AdminEventBuilder event, OrgRoleStore roles, String organizationId,
                              String role, String userId) {
        roles.grantOf(organizationId, role, userId).ifPresent(m -> event.detail(AuditTrail.DETAIL_BEFORE,
                AuditTrail.json(Grants.roleRep(userId, role, m.getGrantedBy(), m.getExpiresAt()))));
    }

    /** The listing fields of a grant. */
    public static void describe(Map<String, Object> rep, OrgRoleMemberEntity grant) {
        rep.put("grantedBy", grant.getGrantedBy());
        rep.put("expiresAt", Times.iso(grant.getExpiresAt()));
    }

    public static Map<String, Object> rep(String userId, String role, String grantedBy, Long expiresAt) {
        return Grants.roleRep(userId, role, grantedBy, expiresAt);
    }
}
