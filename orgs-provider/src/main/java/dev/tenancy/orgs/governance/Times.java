package dev.tenancy.orgs.governance;

import java.time.Instant;
import java.time.format.DateTimeParseException;


/** ISO-8601 instants in and out; the bounds of time-bound access. */
final class Times {

    static final long YEAR_MILLIS = 366L * 24 * 3600 * 1000;

    private Times() {
    }

    static String iso(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis).toString();
    }

    /** Parses an ISO-8601 instant (offsets allowed); 400 naming the field otherwise. */
    static long parse(String value, String field) {
        try {
            return java.time.OffsetDateTime.parse(value).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(value).toEpochMilli();
            } catch (DateTimeParseException e2) {
                throw new BadInput(field, field + " must be an ISO-8601 date-time, for example 2026-01-31T17:00:00Z");
            }
        }
    }

    /** An {@code expiresAt}: in the future and at most a year ahead. */
    static long expiresAt(String value, String field, long now) {
        long t = parse(value, field);
        if (t <= now) {
            throw new BadInput(field, field + " must be in the future");
        }
        if (t > now + 365L * 24 * 3600 * 1000) {
            throw new BadInput(field, field + " must be at most one year ahead");
        }
        return t;
    }
}
