package dev.tenancy.orgs.rest;

import java.sql.SQLException;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.persistence.PersistenceException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.ModelValidationException;

import dev.tenancy.orgs.api.ApiError;

/**
 * The one error exit of the {@code /orgs} REST API. Every endpoint runs inside {@link #guard}: the
 * endpoint's own {@link ApiError}s (and JAX-RS's) pass through; anything else is recognised by its
 * type — a duplicate is 409, a value the database refuses ({@code SQLSTATE} class 22) is 400, an
 * integrity violation (class 23) is 409 — and every other failure is a 500 with a generic message and
 * a correlation id that is logged with the exception. The transaction is marked rollback-only, and
 * the entity manager is flushed inside the guard so that database errors surface here rather than at
 * commit. No database or exception text reaches the client.
 */
public final class Errors {

    private static final Logger LOG = Logger.getLogger(Errors.class);

    private Errors() {
    }

    public static Response guard(KeycloakSession session, Supplier<Response> endpoint) {
        try {
            Response response = endpoint.get();
            session.getProvider(JpaConnectionProvider.class).getEntityManager().flush();
            return response;
        } catch (WebApplicationException e) {
            throw e;
        } catch (ModelDuplicateException e) {
            rollback(session);
            throw ApiError.conflict("The change conflicts with an existing entry");
        } catch (ModelValidationException e) {
            rollback(session);
            throw ApiError.badRequest(null, "A value is not valid");
        } catch (PersistenceException e) {
            rollback(session);
            String state = sqlState(e);
            if (state != null && state.startsWith("23")) {
                throw ApiError.conflict("The change conflicts with an existing entry");
            }
            if (state != null && state.startsWith("22")) {
                throw ApiError.badRequest(null, "A value is too long or malformed");
            }
            throw serverError(e);
        } catch (RuntimeException e) {
            rollback(session);
            throw serverError(e);
        }
    }

    private static ApiError serverError(RuntimeException e) {
        String correlationId = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected error in the organizations REST API (correlation id %s)", correlationId);
        return ApiError.serverError(correlationId);
    }

    private static void rollback(KeycloakSession session) {
        if (session.getTransactionManager().isActive()) {
            session.getTransactionManager().setRollbackOnly();
        }
    }

    /** The SQLSTATE of the first {@link SQLException} among the causes (a code, not a message). */
    static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }
}
