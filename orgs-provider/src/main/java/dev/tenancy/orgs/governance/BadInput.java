package dev.tenancy.orgs.governance;

import java.util.function.Supplier;

import dev.tenancy.orgs.api.ApiError;

/** Invalid client input found by logic that knows nothing of HTTP; the REST layer turns it into a 400 naming {@link #field}. */
final class BadInput extends RuntimeException {

    final String field;

    BadInput(String field, String message) {
        super(message, null, false, false);
        this.field = field;
    }

    /** Runs the work, turning a {@link BadInput} into the 400 answer. */
    static <T> T checked(Supplier<T> work) {
        try {
            return work.get();
        } catch (BadInput e) {
            throw ApiError.badRequest(e.field, e.getMessage());
        }
    }
}
