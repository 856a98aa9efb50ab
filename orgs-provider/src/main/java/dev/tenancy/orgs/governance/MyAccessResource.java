package dev.tenancy.orgs.governance;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.services.resources.admin.AdminEventBuilder;

import dev.tenancy.orgs.api.ApiError;
import dev.tenancy.orgs.api.Caller;
import dev.tenancy.orgs.jpa.OrgRoleEntity;
import dev.tenancy.orgs.jpa.OrgRoleMemberEntity;
import dev.tenancy.orgs.jpa.OrgRoleStore;

/**
 * {@code GET /realms/{realm}/orgs/{orgId}/my-access}: the caller's own access in an organization they
 * are a member of — their roles and organization groups with {@code grantedBy} and {@code expiresAt},
 * what they may request (the organization's custom roles and groups they do not hold), whether they
 * approve requests and how many open reviews they review. What the account console shows; a member
 * needs no organization role to read it, and it names no other member.
 */
public final class MyAccessResource extends GovernanceResource {

    private static final int MAX_GROUPS = 500;

    public MyAccessResource(KeycloakSession session, RealmModel realm, OrganizationModel org, Caller caller,
                            OrgRoleStore roles, AdminEventBuilder events) {
        super(session, realm, org, caller, roles, events);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response get() {
        return guard(() -> {
            UserModel me = Rest.member(session, realm, org, caller);
            if (me == null) {
                throw ApiError.forbidden();
            }
            Map<String, Object> rep = new LinkedHashMap<>();
            rep.put("organization", Map.of("id", org.getId(), "name", org.getName(), "alias", org.getAlias() == null ? "" : org.getAlias()));

            List<Map<String, Object>> myRoles = new ArrayList<>();
            Set<String> held = new java.util.HashSet<>();
            for (OrgRoleMemberEntity m : roles.grantsOf(org.getId(), me.getId())) {
                held.add(m.getRoleName());
                myRoles.add(grantRep("role", m.getRoleName(), null, m.getGrantedBy(), m.getExpiresAt()));
            }
            rep.put("roles", myRoles);

            Map<String, GroupGrantEntity> meta = new HashMap<>();
            em.createNamedQuery("tnc.govGroupGrant.byUser", GroupGrantEntity.class)
                    .setParameter("orgId", org.getId()).setParameter("userId", me.getId())
                    .getResultStream().forEach(g -> meta.put(g.getGroupId(), g));
            OrganizationProvider orgs = session.getProvider(OrganizationProvider.class);
            List<Map<String, Object>> myGroups = new ArrayList<>();
            Set<String> memberOf = new java.util.HashSet<>();
            orgs.getOrganizationGroupsByMember(org, me).forEach(g -> {
                memberOf.add(g.getId());
                GroupGrantEntity row = meta.get(g.getId());
                myGroups.add(grantRep("group", g.getName(), g.getId(), row == null ? null : row.getGrantedBy(),
                        row == null ? null : row.getExpiresAt()));
            });
            rep.put("groups", myGroups);

            Map<String, Object> requestable = new LinkedHashMap<>();
            requestable.put("roles", roles.customRoles(org.getId()).stream().map(OrgRoleEntity::getName)
                    .filter(n -> !held.contains(n)).sorted().toList());
            GroupModel internal = orgs.getOrganizationGroup(org);
            requestable.put("groups", orgs.getTopLevelGroups(org, 0, MAX_GROUPS)
                    .filter(g -> internal == null || !internal.getId().equals(g.getId()))
                    .filter(g -> !memberOf.contains(g.getId()))
                    .map(g -> Map.of("id", g.getId(), "name", g.getName()))
                    .collect(Collectors.toList()));
            rep.put("requestable", requestable);
            rep.put("approver", Rest.canManageRoles(caller, org));
            rep.put("openReviews", em.createNamedQuery("tnc.govReview.byOrg", ReviewEntity.class).setParameter("orgId", org.getId())
                    .setMaxResults(500).getResultStream()
                    .filter(r -> "OPEN".equals(r.getStatus()) && AccessReviewsResource.reviewers(r).contains(me.getId()))
                    .count());
            return Rest.ok(rep);
        });
    }

    private static Map<String, Object> grantRep(String kind, String name, String id, String grantedBy, Long expiresAt) {
        Map<String, Object> rep = new LinkedHashMap<>();
        rep.put("kind", kind);
        rep.put("name", name);
        if (id != null) {
            rep.put("id", id);
        }
        rep.put("grantedBy", grantedBy);
        rep.put("expiresAt", Times.iso(expiresAt));
        return rep;
    }
}
