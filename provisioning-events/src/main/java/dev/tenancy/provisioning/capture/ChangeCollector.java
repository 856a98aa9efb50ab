package dev.tenancy.provisioning.capture;

import java.util.HashMap;
import java.util.LinkedHashMap;
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
    private final Map<String, Boolean> removedRealms = new HashMap<>();
    private boolean active;
    private int written;
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
            return new Touch(cause); // the realm goes with everything in it: nothing to report
        }
        return touched.computeIfAbsent(realmId, k -> new LinkedHashMap<>())
                .computeIfAbsent(userId, k -> new Touch(cause));
    }

    public void realmRemoved(String realmId) {
        removedRealms.put(realmId, Boolean.TRUE);
        touched.remove(realmId);
    }

    @Override
    public void begin() {
    }

    @Override
    public void commit() {
        active = false;
        session.removeAttribute(ATTRIBUTE);
        if (rollbackOnly || touched.isEmpty()) {
            return;
        }
        ProvisioningProvider runtime = session.getProvider(ProvisioningProvider.class);
        written = new OutboxWriter(session, runtime.config()).write(touched);
    }

    @Override
    public void rollback() {
        active = false;
        session.removeAttribute(ATTRIBUTE);
        touched.clear();
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
        boolean created;
        UserState beforeRemoval;
        final Map<String, String> joined = new HashMap<>();
        final Map<String, String> left = new HashMap<>();

        Touch(String cause) {
            this.cause = cause;
        }

        public void created() {
            created = true;
        }

        public void beforeRemoval(UserState state) {
            if (beforeRemoval == null) {
                beforeRemoval = state;
            }
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
            if (written > 0) {
                session.getProvider(ProvisioningProvider.class).wakeDrainer();
            }
        }
        @Override public void rollback() { }
        @Override public void setRollbackOnly() { }
        @Override public boolean getRollbackOnly() { return false; }
        @Override public boolean isActive() { return true; }
    }
}
