package dev.tenancy.scim;

import java.util.function.Supplier;

import jakarta.persistence.PersistenceException;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.ModelException;

import dev.tenancy.scim.protocol.ScimException;
import dev.tenancy.scim.protocol.ScimResult;

/**
 * The one place that turns failures into SCIM errors: a client's mistake is a 4xx with a
 * {@code scimType}, never a 500, and any failure marks the transaction rollback-only so a failed
 * request changes nothing.
 */
public final class Failures {

    private static final Logger LOG = Logger.getLogger(Failures.class);

    private Failures() {
    }

    public static ScimResult run(KeycloakSession session, Supplier<ScimResult> work) {
        try {
            return work.get();
        } catch (RuntimeException e) {
            ScimException scim = toScim(e);
            if (session.getTransactionManager().isActive()) {
                session.getTransactionManager().setRollbackOnly();
            }
            throw scim;
        }
    }

    public static ScimException toScim(RuntimeException e) {
        if (e instanceof ScimException s) {
            return s;
        }
        if (e instanceof ModelDuplicateException) {
            return ScimException.uniqueness("The value is already in use");
        }
        if (e instanceof ModelException) {
            LOG.debugf(e, "SCIM request rejected by the model");
            return ScimException.invalidValue("The value cannot be stored: " + e.getMessage());
        }
        if (e instanceof PersistenceException) {
            if (isConstraintViolation(e)) {
                return ScimException.uniqueness("The value is already in use");
            }
            if (isDataTooLong(e)) {
                return ScimException.invalidValue("A value is too long to store");
            }
        }
        LOG.errorf(e, "SCIM request failed");
        return new ScimException(500, null, "Internal error");
    }

    private static boolean isConstraintViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getClass().getSimpleName().contains("ConstraintViolation")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isDataTooLong(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT);
            if (m.contains("too long") || m.contains("value too large") || t.getClass().getSimpleName().contains("DataException")) {
                return true;
            }
        }
        return false;
    }
}
