package dev.tenancy.scim.query;

import jakarta.persistence.criteria.Expression;
import jakarta.persistence.criteria.Predicate;

/** What a filtered SCIM attribute is in the database. */
public sealed interface Target {

    /** A string column; {@code caseExact=false} compares lower-cased. */
    record Text(Expression<String> column, boolean caseExact) implements Target {
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
    interface Exists extends Target {
        Predicate matching(String value);
    }

    /** A sub-attribute that every stored value has implicitly (the primary email is "work" and primary). */
    record Constant(String value) implements Target {
    }
}
