package dev.tenancy.scim;

import java.util.UUID;
import java.util.function.Supplier;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;

import dev.tenancy.scim.protocol.ScimException;
import dev.tenancy.scim.protocol.ScimResult;

/**
 * The one exit for failures of a SCIM request. Client mistakes are thrown as {@link ScimException}s
 * where they are found (with the RFC 7644 {@code scimType}); a {@link ModelDuplicateException} —
 * which Keycloak's entity manager raises for any unique-constraint violation, by SQL state — is a 409
 * {@code uniqueness}; anything else is a server fault: a 500 with a generic message and a correlation
 * id that is also in the server log, never exception or database text. Every failure marks the
 * transaction rollback-only, so a failed request changes nothing. Exceptions are told apart by type,
 * never by message.
 */
public final class Failures {

    private static final Logger LOG = Logger.getLogger(Failures.class);

    private Failures() {
    }

    public static ScimResult run(KeycloakSession session, Supplier<ScimResult> work) {
        try {
            return work.get();
        } catch (RuntimeException | StackOverflowError e) {
            ScimException scim = toScim(e);
            if (session.getTransactionManager().isActive()) {
                session.getTransactionManager().setRollbackOnly();
            }
            throw scim;
        }
    }

    public static ScimException toScim(Throwable e) {
        if (e instanceof ScimException s) {
            return s;
        }
        if (e instanceof ModelDuplicateException) {
            LOG.debugf(e, "SCIM request refused as a duplicate");
            return ScimException.uniqueness("A unique value is already in use");
        }
        String correlation = UUID.randomUUID().toString();
        LOG.errorf(e, "SCIM request failed; correlation id %s", correlation);
        return new ScimException(500, null, "Internal server error; correlation id " + correlation);
    }
}
