package dev.tenancy.provisioning.log;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The opaque form of a log position: base64url of {@code "p1:" + position}. */
public final class Cursor {

    private static final String PREFIX = "p1:";

    private Cursor() {
    }

    public static String encode(long position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((PREFIX + position).getBytes(StandardCharsets.US_ASCII));
    }

    /** The position, or -1 when {@code value} is not a cursor. */
    public static long decode(String value) {
        if (value == null || value.isEmpty() || value.length() > 64) {
            return -1;
        }
        try {
            String s = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.US_ASCII);
            if (!s.startsWith(PREFIX) || s.length() == PREFIX.length() || s.length() > PREFIX.length() + 19) {
                return -1;
            }
            String digits = s.substring(PREFIX.length());
            for (int i = 0; i < digits.length(); i++) {
                if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                    return -1;
                }
            }
            return Long.parseLong(digits);
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }
}
