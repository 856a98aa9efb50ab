package dev.tenancy.orgs.auth;

import java.security.SecureRandom;
import java.util.Base64;

/** Generated shared secrets: 256 random bits, URL-safe base64. */
public final class Secrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
