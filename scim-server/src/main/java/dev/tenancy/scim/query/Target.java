package dev.tenancy.scim.query;

import jakarta.persistence.criteria.Expression;
import jakarta.persistence.criteria.Predicate;

/** What a filtered SCIM attribute is in the database. */
public sealed interface Target {

    /**
     * A string column; {@code caseExact=false} compares lower-cased. A column Keycloak already stores
     * lower-cased ({@code lowercased}) is compared as it is, so its index stays usable.
     */
    record Text(Expression<String> column, boolean caseExact, boolean lowercased) implements Target {

        public Text(Expression<String> column, boolean caseExact) {
            this(column, caseExact, false);
        }
    }

    /** A boolean column. */
    record Bool(Expression<Boolean> column) implements Target {
    }

    /** Epoch milliseconds ({@code meta.created} of Keycloak entities, link times). */
    record EpochMillis(Expression<Long> column) implements Target {
    }

    /** A user attribute of that name, compared case-insensitively, in an {@code EXISTS} subquery. */
    record UserAttribute(String name) implements Target {
    }

    /** Something only an {@code EXISTS} subquery answers, given the comparison value ({@code null} for {@code pr}). */
    non-sealed interface Exists extends Target {
        Predicate matching(String value);
    }

    /** A sub-attribute that every stored value has implicitly (the primary email is "work" and primary). */
    record Constant(String value) implements Target {
    }
}
