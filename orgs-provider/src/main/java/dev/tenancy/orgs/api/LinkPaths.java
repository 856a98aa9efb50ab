package dev.tenancy.orgs.api;

import jakarta.persistence.criteria.Expression;

/**
 * Columns of a link row left-joined into a caller's criteria query, so that filters and sorts on
 * {@code externalId}, the sent {@code userName} and {@code meta} run in the database without other
 * modules knowing the link tables. Every expression is {@code null} where no link row exists.
 */
public interface LinkPaths {

    Expression<String> externalId();

    /** The sent {@code userName}; {@code null} for group links. */
    Expression<String> userName();

    Expression<Long> version();

    /** Creation time, epoch milliseconds. */
    Expression<Long> created();

    /** Last modification time, epoch milliseconds. */
    Expression<Long> lastModified();
}
