package dev.tenancy.scim.protocol;

/**
 * A SCIM error (RFC 7644 §3.12): an HTTP status, an optional {@code scimType} and a detail for the
 * client. Factories are named after the RFC's {@code scimType}s.
 */
public final class ScimException extends RuntimeException {

    private final int status;
    private final String scimType;
    private final transient String wwwAuthenticate;

    public ScimException(int status, String scimType, String detail) {
        this(status, scimType, detail, null);
    }

    private ScimException(int status, String scimType, String detail, String wwwAuthenticate) {
        super(detail, null, false, false);
        this.status = status;
        this.scimType = scimType;
        this.wwwAuthenticate = wwwAuthenticate;
    }

    public int status() {
        return status;
    }

    public String scimType() {
        return scimType;
    }

    public String wwwAuthenticate() {
        return wwwAuthenticate;
    }

    public static ScimException invalidFilter(String detail) {
        return new ScimException(400, "invalidFilter", detail);
    }

    public static ScimException invalidSyntax(String detail) {
        return new ScimException(400, "invalidSyntax", detail);
    }

    public static ScimException invalidValue(String detail) {
        return new ScimException(400, "invalidValue", detail);
    }

    public static ScimException invalidPath(String detail) {
        return new ScimException(400, "invalidPath", detail);
    }

    public static ScimException noTarget(String detail) {
        return new ScimException(400, "noTarget", detail);
    }

    public static ScimException mutability(String detail) {
        return new ScimException(400, "mutability", detail);
    }

    public static ScimException tooMany(String detail) {
        return new ScimException(400, "tooMany", detail);
    }

    public static ScimException uniqueness(String detail) {
        return new ScimException(409, "uniqueness", detail);
    }

    public static ScimException notFound(String detail) {
        return new ScimException(404, null, detail);
    }

    public static ScimException unauthorized(String detail, String wwwAuthenticate) {
        return new ScimException(401, null, detail, wwwAuthenticate);
    }

    public static ScimException preconditionFailed(String detail) {
        return new ScimException(412, null, detail);
    }

    public static ScimException tooLarge(String detail) {
        return new ScimException(413, null, detail);
    }

    public static ScimException unsupportedMediaType(String detail) {
        return new ScimException(415, null, detail);
    }

    public static ScimException methodNotAllowed(String detail) {
        return new ScimException(405, null, detail);
    }
}
