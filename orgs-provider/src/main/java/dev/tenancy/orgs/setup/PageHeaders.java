package dev.tenancy.orgs.setup;

import jakarta.ws.rs.core.Response;

/**
 * The headers of every setup page answer: a strict Content-Security-Policy (our own scripts and
 * styles only, no inline code, no framing, no form posts, no base URI), no caching anywhere, and
 * no Referer — the page URL carries the link's token, so it must never leave in a Referer header.
 */
final class PageHeaders {

    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
            + "connect-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'";

    private PageHeaders() {
    }

    static Response.ResponseBuilder apply(Response.ResponseBuilder b) {
        return b.header("Content-Security-Policy", CSP)
                .header("X-Frame-Options", "DENY")
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .header("Cross-Origin-Opener-Policy", "same-origin")
                .header("Cross-Origin-Resource-Policy", "same-origin")
                .header("Cache-Control", "no-store, max-age=0")
                .header("Pragma", "no-cache")
                .header("X-Robots-Tag", "noindex, nofollow");
    }
}
