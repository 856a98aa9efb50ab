package dev.tenancy.scim;

import dev.tenancy.scim.protocol.ScimException;

/** Weak ETags: {@code If-Match} (412 on mismatch) and {@code If-None-Match}. */
public final class ETags {

    private ETags() {
    }

    public static void checkIfMatch(String ifMatch, String current) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return;
        }
        if (!matches(ifMatch, current)) {
            throw ScimException.preconditionFailed("The resource has changed: its version is " + current);
        }
    }

    /** Whether any tag of the header matches (weak comparison), or the header is {@code *}. */
    public static boolean matches(String header, String current) {
        String cur = opaque(current);
        for (String tag : header.split(",")) {
            String t = tag.trim();
            if (t.equals("*") || opaque(t).equals(cur)) {
                return true;
            }
        }
        return false;
    }

    private static String opaque(String tag) {
        String t = tag.trim();
        if (t.startsWith("W/") || t.startsWith("w/")) {
            t = t.substring(2);
        }
        return t;
    }
}
