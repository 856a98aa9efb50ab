package dev.tenancy.scim.query;

import java.util.function.Function;

import dev.tenancy.scim.protocol.ScimException;

/**
 * The contract's bounds on a filter, checked on the raw text before any parser sees it (the SDK's
 * parser and evaluator recurse, so depth must be bounded first): at most {@value #MAX_LENGTH}
 * characters and {@value #MAX_DEPTH} levels of parentheses and value-path brackets.
 */
public final class FilterLimits {

    public static final int MAX_LENGTH = 8 * 1024;
    public static final int MAX_DEPTH = 50;

    private FilterLimits() {
    }

    /** Throws what {@code error} makes of a message when the text is over either bound. */
    public static void check(String text, Function<String, ScimException> error) {
        if (text == null) {
            return;
        }
        if (text.length() > MAX_LENGTH) {
            throw error.apply("A filter may be at most " + MAX_LENGTH + " characters long");
        }
        if (text.indexOf('\u0000') >= 0) {
            throw error.apply("A filter must not contain NUL characters");
        }
        if (depth(text) > MAX_DEPTH) {
            throw error.apply("A filter may nest at most " + MAX_DEPTH + " levels");
        }
    }

    /** The deepest nesting of ( and [ outside quoted strings. */
    static int depth(String text) {
        int depth = 0;
        int max = 0;
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == '(' || c == '[') {
                max = Math.max(max, ++depth);
            } else if (c == ')' || c == ']') {
                depth = Math.max(0, depth - 1);
            }
        }
        return max;
    }
}
