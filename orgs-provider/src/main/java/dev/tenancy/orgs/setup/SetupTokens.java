package dev.tenancy.orgs.setup;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

import dev.tenancy.orgs.auth.Secrets;

/**
 * Setup link tokens: 256 random bits (URL-safe base64, 43 characters); only their SHA-256 is
 * stored. A plain hash is enough for 256-bit random values (nothing to guess, nothing to stretch),
 * and it lets a lookup be one indexed equality in the database.
 */
final class SetupTokens {

    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{43}");

    private SetupTokens() {
    }

    static String generate() {
        return Secrets.generate();
    }

    /** Whether the value can be a token at all (checked before hashing or touching the database). */
    static boolean wellFormed(String token) {
        return token != null && SHAPE.matcher(token).matches();
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
