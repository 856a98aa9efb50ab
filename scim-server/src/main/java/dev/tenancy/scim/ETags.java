package dev.tenancy.scim;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tenancy.scim.protocol.ScimException;

/**
 * Weak ETags: {@code If-Match} (412 on mismatch) and {@code If-None-Match}. A version is a hash of
 * the whole rendered resource (before attribute selection, without {@code meta.version} itself), so it
 * changes whenever anything the resource shows changes, by whatever path: this organization's SCIM,
 * the admin console, another organization, a rule.
 */
public final class ETags {

    private ETags() {
    }

    /** The weak ETag of a rendered resource; {@code meta.version} is ignored. */
    public static String of(ObjectNode rendered) {
        JsonNode meta = rendered.get("meta");
        JsonNode kept = null;
        if (meta instanceof ObjectNode m) {
            kept = m.remove("version");
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(rendered.toString().getBytes(StandardCharsets.UTF_8));
            return "W/\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 27) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        } finally {
            if (kept != null) {
                ((ObjectNode) meta).set("version", kept);
            }
        }
    }

    /** Computes the version of a rendered resource and stores it in {@code meta.version}; returns it. */
    public static String stamp(ObjectNode rendered) {
        String version = of(rendered);
        if (rendered.get("meta") instanceof ObjectNode m) {
            m.put("version", version);
        }
        return version;
    }

    public static void checkIfMatch(String ifMatch, String current) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return;
        }
        if (!matches(ifMatch, current)) {
            throw ScimException.preconditionFailed("The resource has changed: its version is " + current);
        }
    }

    /**
     * The answer to a {@code GET} of one resource: 304 when {@code If-None-Match} names its version,
     * else the selected attributes with the version.
     */
    public static dev.tenancy.scim.protocol.ScimResult read(ObjectNode rendered, String ifNoneMatch,
                                                            dev.tenancy.scim.protocol.AttributeSelection selection, String schema) {
        String version = rendered.path("meta").path("version").asText();
        if (ifNoneMatch != null && matches(ifNoneMatch, version)) {
            return new dev.tenancy.scim.protocol.ScimResult(304, null, version, null);
        }
        return dev.tenancy.scim.protocol.ScimResult.ok(selection.apply(rendered, schema)).withVersion(version);
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
