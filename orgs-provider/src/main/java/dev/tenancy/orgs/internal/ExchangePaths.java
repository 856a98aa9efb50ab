package dev.tenancy.orgs.internal;

/** The path of a SCIM request as the live panel shows it: after the organization's base URL, no query. */
final class ExchangePaths {

    private static final int MAX = 255;

    private ExchangePaths() {
    }

    static String relative(String path, String organizationId) {
        if (path == null) {
            return "/";
        }
        String p = path;
        int q = p.indexOf('?');
        if (q >= 0) {
            p = p.substring(0, q);
        }
        String marker = "/organizations/" + organizationId;
        int i = p.indexOf(marker);
        if (i >= 0) {
            p = p.substring(i + marker.length());
        }
        if (p.isEmpty()) {
            p = "/";
        } else if (!p.startsWith("/")) {
            p = "/" + p;
        }
        return p.length() > MAX ? p.substring(0, MAX) : p;
    }
}
