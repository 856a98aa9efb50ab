package dev.tenancy.provisioning.capture;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakTransaction;
import org.keycloak.models.KeycloakTransactionManager;

import dev.tenancy.provisioning.ProvisioningProvider;

/**
 * Collects, per session transaction, the users a change touched. In the prepare phase of the commit
 * (before the database commits) it diffs each user against its snapshot and writes the outbox in
 * that same transaction; a rollback discards everything.
 */
public final class ChangeCollector implements KeycloakTransaction {

    private static final Logger LOG = Logger.getLogger(ChangeCollector.class);
    private static final String ATTRIBUTE = ChangeCollector.class.getName();

    private final KeycloakSession session;
    private final Map<String, Map<String, Touch>> touched = new LinkedHashMap<>();
    private final Map<String, List<GroupChange>> groups = new LinkedHashMap<>();
    private int ordinal;
    private final Map<String, Boolean> removedRealms = new HashMap<>();
    private boolean active;
    private int written;
    private int eventsWritten;
    private boolean rollbackOnly;

    private ChangeCollector(KeycloakSession session) {
        this.session = session;
    }

    /** The collector of the session's current transaction, enlisted on first use; empty outside a transaction. */
    public static java.util.Optional<ChangeCollector> of(KeycloakSession session) {
        ChangeCollector existing = session.getAttribute(ATTRIBUTE, ChangeCollector.class);
        if (existing != null && existing.active) {
            return java.util.Optional.of(existing);
        }
        KeycloakTransactionManager tm = session.getTransactionManager();
        if (tm == null || !tm.isActive()) {
            LOG.debugf("Change outside a transaction: not captured");
            return java.util.Optional.empty();
        }
        ChangeCollector collector = new ChangeCollector(session);
        collector.active = true;
        session.setAttribute(ATTRIBUTE, collector);
        tm.enlistPrepare(collector);
        tm.enlistAfterCompletion(collector.new WakeOnCommit());
        return java.util.Optional.of(collector);
    }

    /** Notes that a change touched the user; {@code cause} is kept from the first touch. */
    public Touch touch(String realmId, String userId, String cause) {
        if (removedRealms.containsKey(realmId)) {
            return new Touch(cause, 0); // the realm goes with everything in it: nothing to report
        }
        return touched.computeIfAbsent(realmId, k -> new LinkedHashMap<>())
                .computeIfAbsent(userId, k -> new Touch(cause, ++ordinal));
    }

    /**
     * Notes a group change. Creations, updates and removals of one group coalesce into one change
     * (created + removed in the same transaction: nothing); membership changes are kept one by one.
     */
    public void group(String realmId, GroupChange change) {
        if (removedRealms.containsKey(realmId)) {
            return;
        }
        List<GroupChange> list = groups.computeIfAbsent(realmId, k -> new ArrayList<>());
        if (!change.membership()) {
            for (int i = 0; i < list.size(); i++) {
                GroupChange earlier = list.get(i);
                if (!earlier.membership() && earlier.groupId().equals(change.groupId())) {
                    GroupChange merged = earlier.mergedWith(change);
                    if (merged == null) {
                        list.remove(i);
                    } else {
                        list.set(i, merged);
                    }
                    return;
                }
            }
        }
        list.add(change.withOrdinal(++ordinal));
    }

    public void realmRemoved(String realmId) {
        removedRealms.put(realmId, Boolean.TRUE);
        touched.remove(realmId);
        groups.remove(realmId);
    }

    @Override
    public void begin() {
    }

    @Override
    public void commit() {
        active = false;
        session.removeAttribute(ATTRIBUTE);
        if (rollbackOnly || (touched.isEmpty() && groups.isEmpty())) {
            return;
        }
        ProvisioningProvider runtime = session.getProvider(ProvisioningProvider.class);
        OutboxWriter writer = new OutboxWriter(session, runtime);
        written = writer.write(touched, groups);
        eventsWritten = writer.events();
    }

    @Override
    public void rollback() {
        active = false;
        session.removeAttribute(ATTRIBUTE);
        touched.clear();
        groups.clear();
    }

    @Override
    public void setRollbackOnly() {
        rollbackOnly = true;
    }

    @Override
    public boolean getRollbackOnly() {
        return rollbackOnly;
    }

    @Override
    public boolean isActive() {
        return active;
    }

    /** What is known about one touched user in this transaction. */
    public static final class Touch {
        final String cause;
        /** Order of the first touch within the transaction. */
        final int ordinal;
        /** What the triggers could have changed ({@link UserStateReader} scope bits). */
        int scope;
        boolean created;
        /**
         * The account was created by this transaction with a new id (no snapshot can exist), and this is its
         * whole organization state as the creating code knows it; null when unknown, or when an
         * organization change after that made it stale (then capture reads it).
         */
        Map<String, UserState.Membership> knownOrganizations;
        /** The account's id was created by this transaction: no snapshot row to lock. */
        boolean newAccount;
        final Map<String, String> joined = new HashMap<>();
        final Map<String, String> left = new HashMap<>();

        Touch(String cause, int ordinal) {
            this.cause = cause;
            this.ordinal = ordinal;
        }

        /** The triggers may have changed these parts of the user ({@link UserStateReader#PROFILE} etc.). */
        public Touch scope(int bits) {
            scope |= bits;
            if ((bits & UserStateReader.ORGS) != 0) {
                knownOrganizations = null; // changed after the creator described it: read at commit
            }
            return this;
        }

        /**
         * The user was created by this transaction (a new id) and made a member of one organization, whose
         * state there the creator knows: taken at commit instead of read, unless a later organization
         * change (through {@link #scope}) made it stale.
         */
        public void createdMember(String organizationId, UserState.Membership membership) {
            created();
            newAccount = true;
            knownOrganizations = Map.of(organizationId, membership);
        }

        /** The user was created by this transaction: no snapshot to lock, no earlier state to read. */
        public void created() {
            created = true;
            scope |= UserStateReader.ALL;
        }

        public void joined(String orgId, String alias) {
            joined.put(orgId, alias);
        }

        public void left(String orgId, String alias) {
            left.put(orgId, alias);
        }
    }

    /** Wakes the local drainer once the transaction has committed with new deliveries. */
    private final class WakeOnCommit implements KeycloakTransaction {
        @Override public void begin() { }
        @Override public void commit() {
            ProvisioningProvider runtime = session.getProvider(ProvisioningProvider.class);
            if (eventsWritten > 0) {
                runtime.eventLog().wakeSequencer();
            }
            if (written > 0) {
                runtime.wakeDrainer();
            }
        }
        @Override public void rollback() { }
        @Override public void setRollbackOnly() { }
        @Override public boolean getRollbackOnly() { return false; }
        @Override public boolean isActive() { return true; }
    }
}
