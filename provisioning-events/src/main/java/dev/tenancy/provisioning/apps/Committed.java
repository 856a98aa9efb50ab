package dev.tenancy.provisioning.apps;

import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.storage.DatastoreProvider;
import org.keycloak.storage.datastore.DefaultDatastoreProvider;

/**
 * Committed user and group state for the pushers, bypassing Keycloak's user and realm caches. A
 * work item commits with its change, but Keycloak invalidates the cached user (and group) only
 * after that commit; a pusher reading through the cache in that gap would see the old state, push
 * nothing and complete the item. The storage managers read the database (a federated user is still
 * validated against its provider, as {@code session.users()} does on a cache miss).
 */
final class Committed {

    private Committed() {
    }

    static UserModel user(KeycloakSession session, RealmModel realm, String userId) {
        if (userId == null) {
            return null;
        }
        if (session.getProvider(DatastoreProvider.class) instanceof DefaultDatastoreProvider ds) {
            return ds.userStorageManager().getUserById(realm, userId);
        }
        return session.users().getUserById(realm, userId);
    }

    static GroupModel group(KeycloakSession session, RealmModel realm, String groupId) {
        if (groupId == null) {
            return null;
        }
        if (session.getProvider(DatastoreProvider.class) instanceof DefaultDatastoreProvider ds) {
            return ds.groupStorageManager().getGroupById(realm, groupId);
        }
        return realm.getGroupById(groupId);
    }
}
