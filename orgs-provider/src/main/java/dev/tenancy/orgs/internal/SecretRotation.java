package dev.tenancy.orgs.internal;

import dev.tenancy.orgs.auth.Argon2id;
import dev.tenancy.orgs.auth.Secrets;
import dev.tenancy.orgs.jpa.ScimConfigEntity;

/**
 * Rotation of an {@code EXTERNAL_SECRET} configuration's shared secret, shared by the admin API and
 * the setup page: a new 256-bit secret replaces the stored hash; the previous one stays valid for
 * {@link #GRACE_MILLIS} unless revoked at once. The caller bumps the version and emits the event.
 */
public final class SecretRotation {

    /** How long the previous shared secret stays valid after a rotation. */
    public static final long GRACE_MILLIS = 24L * 60 * 60 * 1000;

    private SecretRotation() {
    }

    /** Rotates the secret of {@code e} and returns the new one (to be shown once). */
    public static String rotate(ScimConfigEntity e, boolean revokePrevious, long now) {
        String secret = Secrets.generate();
        if (revokePrevious || e.getSecretHash() == null) {
            e.setPreviousSecretHash(null);
            e.setPreviousSecretExpires(null);
        } else {
            e.setPreviousSecretHash(e.getSecretHash());
            e.setPreviousSecretExpires(now + GRACE_MILLIS);
        }
        e.setSecretHash(Argon2id.hash(secret));
        return secret;
    }
}
