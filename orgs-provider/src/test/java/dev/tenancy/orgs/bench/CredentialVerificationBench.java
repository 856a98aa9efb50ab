package dev.tenancy.orgs.bench;

import java.util.Arrays;
import java.util.Locale;

import dev.tenancy.orgs.auth.Argon2id;
import dev.tenancy.orgs.auth.Secrets;
import dev.tenancy.orgs.auth.VerificationCache;

/**
 * What one SCIM request pays to have its shared secret checked: a full Argon2id verification
 * (m=19456 KiB, t=2, p=1), versus a hit in the verification cache (an HMAC-SHA256 of the presented
 * credential and a map lookup). Run with:
 *
 * <pre>mvn -q -pl orgs-provider test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=dev.tenancy.orgs.bench.CredentialVerificationBench</pre>
 */
public final class CredentialVerificationBench {

    public static void main(String[] args) {
        int warmup = 20;
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        String secret = Secrets.generate();
        String phc = Argon2id.hash(secret);

        for (int i = 0; i < warmup; i++) {
            Argon2id.verify(secret, phc);
        }
        long[] argon = new long[runs];
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            if (!Argon2id.verify(secret, phc)) {
                throw new IllegalStateException("verification failed");
            }
            argon[i] = System.nanoTime() - t;
        }

        VerificationCache cache = new VerificationCache(60_000, 10_000);
        cache.markVerified("org", 1, secret);
        int cachedRuns = runs * 1000;
        for (int i = 0; i < cachedRuns; i++) {
            cache.isVerified("org", 1, secret);
        }
        long[] cached = new long[cachedRuns];
        for (int i = 0; i < cachedRuns; i++) {
            long t = System.nanoTime();
            if (!cache.isVerified("org", 1, secret)) {
                throw new IllegalStateException("cache miss");
            }
            cached[i] = System.nanoTime() - t;
        }
        report("argon2id verify (no cache)", argon);
        report("verification cache hit", cached);
    }

    private static void report(String name, long[] nanos) {
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "%-28s n=%-7d p50=%10.3f ms  p90=%10.3f ms  p99=%10.3f ms%n", name, nanos.length,
                nanos[nanos.length / 2] / 1e6, nanos[(int) (nanos.length * 0.9)] / 1e6, nanos[(int) (nanos.length * 0.99)] / 1e6);
    }
}
