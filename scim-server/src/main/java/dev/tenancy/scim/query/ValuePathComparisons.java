package dev.tenancy.scim.query;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites the filter shape Entra sends, {@code attr[filter].sub op value} (for example
 * {@code emails[type eq "work"].value eq "a@b.c"}), into the RFC 7644 value path the SDK parses,
 * {@code attr[(filter) and sub op value]}. Quoted strings are left alone; anything that does not fit
 * the shape is left as it is for the parser to judge. Runs after {@link FilterLimits}, so the input is
 * bounded.
 */
final class ValuePathComparisons {

    private static final Set<String> OPERATORS = Set.of("eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le", "pr");
    /** {@code .sub op} right after a closing bracket. */
    private static final Pattern SUB_AND_OPERATOR = Pattern.compile("\\.([A-Za-z][A-Za-z0-9_$-]*)\\s+([A-Za-z]{2})(?=[\\s)\\]]|$)");
    private static final Pattern BARE_VALUE = Pattern.compile("[^\\s)\\]]+");

    private ValuePathComparisons() {
    }

    static String rewrite(String filter) {
        String current = filter;
        for (int guard = 0; guard < FilterLimits.MAX_LENGTH; guard++) {
            String next = rewriteFirst(current);
            if (next == null) {
                return current;
            }
            current = next;
        }
        return current;
    }

    /** The filter with its first {@code ].sub op value} rewritten, or null when there is none. */
    private static String rewriteFirst(String s) {
        Deque<Integer> open = new ArrayDeque<>();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
                continue;
            }
            if (c == '"') {
                quoted = true;
            } else if (c == '[') {
                open.push(i);
            } else if (c == ']' && !open.isEmpty()) {
                int start = open.pop();
                Matcher m = SUB_AND_OPERATOR.matcher(s).region(i + 1, s.length());
                if (!m.lookingAt() || !OPERATORS.contains(m.group(2).toLowerCase(Locale.ROOT))) {
                    continue;
                }
                String operator = m.group(2);
                int end = m.end();
                String value = "";
                if (!operator.equalsIgnoreCase("pr")) {
                    int v = end;
                    while (v < s.length() && Character.isWhitespace(s.charAt(v))) {
                        v++;
                    }
                    int valueEnd = valueEnd(s, v);
                    if (valueEnd < 0) {
                        continue;
                    }
                    value = " " + s.substring(v, valueEnd);
                    end = valueEnd;
                }
                return s.substring(0, start + 1) + "(" + s.substring(start + 1, i) + ") and " + m.group(1) + " " + operator + value
                        + "]" + s.substring(end);
            }
        }
        return null;
    }

    /** The end of the comparison value starting at {@code v}: a quoted string or a bare token; -1 when there is none. */
    private static int valueEnd(String s, int v) {
        if (v >= s.length()) {
            return -1;
        }
        if (s.charAt(v) == '"') {
            for (int j = v + 1; j < s.length(); j++) {
                char c = s.charAt(j);
                if (c == '\\') {
                    j++;
                } else if (c == '"') {
                    return j + 1;
                }
            }
            return -1;
        }
        Matcher bare = BARE_VALUE.matcher(s).region(v, s.length());
        return bare.lookingAt() ? bare.end() : -1;
    }
}
