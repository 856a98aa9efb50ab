package dev.tenancy.scim;

import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderEvent;
import org.keycloak.provider.ProviderEventListener;

import dev.tenancy.orgs.api.OrganizationRoleChangedEvent;

/**
 * Counts, per Keycloak session, the organization-role grants and revocations and the group joins and
 * leaves (not of an organization's hidden root group) made in it by anyone: this request's own writes, and the access rules that the model and
 * admin events of those writes run. A write that renders its answer before such events can fire (a
 * {@code PATCH} answers with the resource it wrote; access rules run while its admin event is sent)
 * compares the count before and after and renders again when it moved, so the answer, its ETag and
 * the provisioning capture describe what is stored, not what the request alone did.
 */
public final class MemberChanges implements ProviderEventListener {

    private static final String KEY = MemberChanges.class.getName();

    @Override
    public void onEvent(ProviderEvent event) {
        KeycloakSession session = null;
        if (event instanceof OrganizationRoleChangedEvent e) {
            session = e.getKeycloakSession();
        } else if (event instanceof GroupModel.GroupMemberJoinEvent e && !organizationRoot(e.getGroup())) {
            session = e.getKeycloakSession();
        } else if (event instanceof GroupModel.GroupMemberLeaveEvent e && !organizationRoot(e.getGroup())) {
            session = e.getKeycloakSession();
        }
        if (session != null) {
            long[] count = session.getAttribute(KEY, long[].class);
            if (count == null) {
                count = new long[1];
                session.setAttribute(KEY, count);
            }
            count[0]++;
        }
    }

    /** An organization's hidden root group: joining it is joining the organization, which the writer itself does. */
    private static boolean organizationRoot(GroupModel group) {
        return group != null && group.getType() == GroupModel.Type.ORGANIZATION && group.getParentId() == null;
    }

    /** How many such changes the session has seen so far. */
    public static long count(KeycloakSession session) {
        long[] count = session.getAttribute(KEY, long[].class);
        return count == null ? 0 : count[0];
    }
}
