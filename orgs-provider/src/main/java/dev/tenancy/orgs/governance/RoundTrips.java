package dev.tenancy.orgs.governance;

import jakarta.persistence.EntityManager;

import org.hibernate.Session;
import org.hibernate.SessionEventListener;

/**
 * Counts what a Hibernate session sends to the database: JDBC statements executed (a query, an
 * update, a non-batched insert: one round trip each) and JDBC batches executed (one round trip for
 * the batch). Keycloak's own JPA providers share the session's entity manager, so their reads
 * (users, attributes) are counted too. Commits are counted by the caller (one per transaction).
 */
final class RoundTrips implements SessionEventListener {

    private long statements;
    private long batches;

    /** Starts counting the statements of the entity manager's session. */
    void attach(EntityManager em) {
        em.unwrap(Session.class).addEventListeners(this);
    }

    @Override
    public void jdbcExecuteStatementStart() {
        statements++;
    }

    @Override
    public void jdbcExecuteBatchStart() {
        batches++;
    }

    long statements() {
        return statements;
    }

    long batches() {
        return batches;
    }
}
