package dev.tenancy.orgs.governance;

import java.util.LinkedHashMap;

import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.AuthDetails;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.AdminEventBuilder;

/**
 * Admin events for changes no caller made (a rule, the end of a time-bound grant, a closed review):
 * the event names the organization and the actor in its details, since there is no Keycloak user.
 */
final class SystemEvents extends AdminEventBuilder {

    private SystemEvents(RealmModel realm, KeycloakSession session, AdminEvent prefilled) {
        super(realm, new AdminAuth(realm, null, null, null), session, null, prefilled);
    }

    static AdminEventBuilder of(KeycloakSession session, RealmModel realm, String organizationId, String actor) {
        AdminEvent prefilled = new AdminEvent();
        prefilled.setRealmId(realm.getId());
        prefilled.setRealmName(realm.getName());
        AuthDetails auth = new AuthDetails();
        auth.setRealmId(realm.getId());
        auth.setRealmName(realm.getName());
        auth.setClientId("tenancy:" + actor);
        prefilled.setAuthDetails(auth);
        LinkedHashMap<String, String> details = new LinkedHashMap<>();
        details.put(AuditTrail.DETAIL_ORGANIZATION, organizationId);
        details.put(AuditTrail.DETAIL_ACTOR, actor);
        prefilled.setDetails(details);
        return new SystemEvents(realm, session, prefilled);
    }
}
