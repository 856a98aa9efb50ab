package dev.tenancy.orgs.setup;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.keycloak.common.Version;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.headers.SecurityHeadersProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.theme.FreeMarkerException;
import org.keycloak.theme.Theme;
import org.keycloak.theme.freemarker.FreeMarkerProvider;

import dev.tenancy.orgs.api.AuthType;
import dev.tenancy.orgs.api.TenancyOrgsProvider;
import dev.tenancy.orgs.internal.DefaultTenancyOrgsProvider;
import dev.tenancy.orgs.internal.SecretRotation;
import dev.tenancy.orgs.jpa.ScimConfigEntity;

/**
 * {@code /realms/{realm}/tenancy/setup/…}: the page a customer's IT administrator opens from a setup
 * link, without a Keycloak account. {@code GET setup/{token}} renders the page (theme
 * {@code tenancy}, type common); its script then calls {@code POST setup/api/status} and
 * {@code POST setup/api/secret} with the token in the {@code X-Tenancy-Setup-Token} header, so the
 * token appears in no URL after the first load and every action needs a header that a cross-site
 * page cannot send. Each request reads the link from the database (a revocation is effective at once on
 * every node) and is rate-limited per link and, for bad tokens, per client address.
 */
public final class SetupPageResource {

    static final String TOKEN_HEADER = "X-Tenancy-Setup-Token";
    private static final Logger LOG = Logger.getLogger(SetupPageResource.class);
    private static final long LAST_USED_EVERY_MILLIS = 60_000;

    private record Link(SetupLinkEntity entity, OrganizationModel organization) {
    }

    private final KeycloakSession session;
    private final RealmModel realm;
    private final DefaultTenancyOrgsProvider orgs;
    private final SetupOptions options;

    SetupPageResource(KeycloakSession session) {
        this.session = session;
        this.realm = session.getContext().getRealm();
        this.orgs = (DefaultTenancyOrgsProvider) session.getProvider(TenancyOrgsProvider.class);
        this.options = orgs.factory().setup();
        // Our headers (PageHeaders) are stricter than the realm's browser security headers, which
        // Keycloak would otherwise write over them (its CSP allows framing by the same origin).
        SecurityHeadersProvider headers = session.getProvider(SecurityHeadersProvider.class);
        if (headers != null) {
            headers.options().skipHeaders();
        }
    }

    @GET
    @Path("setup/{token}")
    @Produces(MediaType.TEXT_HTML)
    public Response page(@PathParam("token") String token) {
        Link link = resolve(token, true);
        PageEvents.of(session, realm, link.entity(), "opened").operation(OperationType.ACTION)
                .resource(ResourceType.ORGANIZATION).success();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("organizationName", displayName(link.organization()));
        data.put("scimBaseUrl", scimBaseUrl(link.organization()));
        data.put("expiresAt", Instant.ofEpochMilli(link.entity().getExpires()).toString());
        data.put("refreshSeconds", options.refreshSeconds());
        String resources = session.getContext().getUri().getBaseUri().getPath().replaceAll("/+$", "") + "/resources/" + Version.RESOURCES_VERSION;
        data.put("patternfly", resources + "/common/keycloak/vendor/patternfly-v5/patternfly.min.css");
        data.put("resources", resources + "/common/tenancy/setup");
        data.put("apiUrl", session.getContext().getUri().getBaseUri().getPath().replaceAll("/+$", "")
                + "/realms/" + realm.getName() + "/" + SetupPageResourceProviderFactory.ID + "/setup/api");
        try {
            Theme theme = session.theme().getTheme("tenancy", Theme.Type.COMMON);
            String html = session.getProvider(FreeMarkerProvider.class).processTemplate(data, "setup.ftl", theme);
            return PageHeaders.apply(Response.ok(html, MediaType.TEXT_HTML_TYPE.withCharset("utf-8"))).build();
        } catch (IOException | FreeMarkerException e) {
            String id = java.util.UUID.randomUUID().toString();
            LOG.errorf(e, "Setup page could not be rendered (is the tenancy-themes jar installed?), correlation id %s", id);
            return PageHeaders.apply(Response.serverError().type(MediaType.TEXT_PLAIN_TYPE)
                    .entity("The setup page is not available. Correlation id: " + id)).build();
        }
    }

    @POST
    @Path("setup/api/status")
    @Produces(MediaType.APPLICATION_JSON)
    public Response status() {
        Link link = resolveApi();
        OrganizationModel org = link.organization();
        ScimConfigEntity config = orgs.configs().find(realm, org.getId()).orElse(null);
        Map<String, Object> rep = new LinkedHashMap<>();
        rep.put("organization", Map.of("name", displayName(org)));
        rep.put("scimBaseUrl", scimBaseUrl(org));
        rep.put("expiresAt", Instant.ofEpochMilli(link.entity().getExpires()).toString());
        rep.put("configured", config != null);
        rep.put("enabled", config != null && config.isEnabled());
        rep.put("authType", config == null ? null : config.getAuthType());
        rep.put("secretSet", config != null && config.getSecretHash() != null);
        Long grace = config == null ? null : config.getPreviousSecretExpires();
        rep.put("previousSecretValidUntil", grace != null && grace > System.currentTimeMillis() ? Instant.ofEpochMilli(grace).toString() : null);
        rep.put("lastRequestAt", config == null || config.getLastRequestAt() == null ? null : Instant.ofEpochMilli(config.getLastRequestAt()).toString());
        List<Map<String, Object>> requests = orgs.exchanges().recent(org.getId()).stream().map(x -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("at", Instant.ofEpochMilli(x.getAt()).toString());
            m.put("method", x.getMethod());
            m.put("path", x.getPath());
            m.put("status", x.getStatus());
            return m;
        }).toList();
        rep.put("requests", requests);
        rep.put("errors", orgs.configs().recentErrors(org.getId()).stream().map(err -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("at", Instant.ofEpochMilli(err.getAt()).toString());
            m.put("status", err.getStatus());
            m.put("scimType", err.getScimType());
            m.put("detail", err.getDetail());
            return m;
        }).toList());
        return json(Response.ok(), rep);
    }

    /**
     * Generates the shared secret (creating an enabled {@code EXTERNAL_SECRET} configuration when the
     * organization has none) or rotates it; the previous secret stays valid for the usual grace period.
     * A configuration of another authentication type is left alone (409): the link may set up a
     * shared secret, never switch how an organization authenticates.
     */
    @POST
    @Path("setup/api/secret")
    @Produces(MediaType.APPLICATION_JSON)
    public Response secret() {
        Link link = resolveApi();
        OrganizationModel org = link.organization();
        long now = System.currentTimeMillis();
        ScimConfigEntity e = orgs.configs().find(realm, org.getId()).orElse(null);
        String secret;
        String action;
        if (e == null) {
            e = new ScimConfigEntity();
            e.setOrganizationId(org.getId());
            e.setRealmId(realm.getId());
            e.setEnabled(true);
            e.setAuthType(AuthType.EXTERNAL_SECRET.name());
            e.setDeprovision("DISABLE");
            e.setVersion(1);
            e.setCreated(now);
            e.setLastModified(now);
            secret = SecretRotation.rotate(e, true, now);
            orgs.configs().persist(e);
            action = "create-secret";
        } else if (!AuthType.EXTERNAL_SECRET.name().equals(e.getAuthType())) {
            throw new WebApplicationException(json(Response.status(Response.Status.CONFLICT), Map.of("error", "other_auth_type",
                    "errorMessage", "This organization's SCIM endpoint uses another kind of credential. Ask your contact to switch it to a shared secret.")));
        } else {
            secret = SecretRotation.rotate(e, false, now);
            e.setVersion(e.getVersion() + 1);
            e.setLastModified(Math.max(now, e.getLastModified() + 1));
            action = "rotate-secret";
        }
        orgs.factory().configurationChanged();
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("previousSecretValidUntil", e.getPreviousSecretExpires() == null ? null : Instant.ofEpochMilli(e.getPreviousSecretExpires()).toString());
        PageEvents.of(session, realm, link.entity(), action).operation(OperationType.ACTION)
                .resource(ResourceType.ORGANIZATION).representation(detail).success();
        Map<String, Object> rep = new LinkedHashMap<>();
        rep.put("secret", secret);
        rep.putAll(detail);
        return json(Response.ok(), rep);
    }

    private Link resolveApi() {
        var headers = session.getContext().getRequestHeaders();
        String site = headers.getHeaderString("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin")) {
            throw new WebApplicationException(json(Response.status(Response.Status.FORBIDDEN), Map.of("error", "cross_site")));
        }
        return resolve(headers.getHeaderString(TOKEN_HEADER), false);
    }

    /** The link of a token, valid now; else a 404 (plain page or JSON), or a 429 when over a limit. */
    private Link resolve(String token, boolean html) {
        long now = System.currentTimeMillis();
        String address = String.valueOf(session.getContext().getConnection().getRemoteAddr());
        RateLimiter invalid = options.invalidPerAddress();
        if (invalid.isOver(address, now)) {
            throw tooMany(invalid.retryAfterSeconds(address, now), html);
        }
        SetupLinkEntity link = SetupTokens.wellFormed(token)
                ? orgs.setupLinks().byHash(realm.getId(), SetupTokens.hash(token)).orElse(null) : null;
        OrganizationModel org = link == null || !link.isActive(now) ? null : orgs.findOrganization(realm, link.getOrganizationId());
        if (org == null || !orgs.isScimEnabled(realm)) {
            invalid.tryAcquire(address, now);
            throw new WebApplicationException(html ? invalidPage() : json(Response.status(Response.Status.NOT_FOUND),
                    Map.of("error", "invalid_link", "errorMessage", "This link is no longer valid.")));
        }
        if (!options.perLink().tryAcquire(link.getId(), now)) {
            throw tooMany(options.perLink().retryAfterSeconds(link.getId(), now), html);
        }
        if (link.getLastUsed() == null || now - link.getLastUsed() > LAST_USED_EVERY_MILLIS) {
            link.setLastUsed(now);
        }
        return new Link(link, org);
    }

    private String scimBaseUrl(OrganizationModel org) {
        return session.getContext().getUri().getBaseUriBuilder().path("realms").path(realm.getName())
                .path("scim").path("v2").path("organizations").path(org.getId()).build().toString();
    }

    private static String displayName(OrganizationModel org) {
        return org.getName() == null || org.getName().isBlank() ? org.getAlias() : org.getName();
    }

    private String patternfly() {
        return session.getContext().getUri().getBaseUri().getPath().replaceAll("/+$", "") + "/resources/" + Version.RESOURCES_VERSION
                + "/common/keycloak/vendor/patternfly-v5/patternfly.min.css";
    }

    private WebApplicationException tooMany(long retryAfter, boolean html) {
        Response.ResponseBuilder b = Response.status(429).header("Retry-After", Long.toString(retryAfter));
        return new WebApplicationException(html
                ? PageHeaders.apply(b.type(MediaType.TEXT_HTML_TYPE.withCharset("utf-8")).entity(plain(patternfly(), "Too many requests",
                        "Too many requests for this link. Wait a minute, then reload the page."))).build()
                : json(b, Map.of("error", "too_many_requests", "errorMessage", "Too many requests; retry in " + retryAfter + " s")));
    }

    private Response invalidPage() {
        return PageHeaders.apply(Response.status(Response.Status.NOT_FOUND).type(MediaType.TEXT_HTML_TYPE.withCharset("utf-8"))
                .entity(plain(patternfly(), "Link no longer valid", "This link is no longer valid. Ask the person who sent it to you for a new one."))).build();
    }

    /** A page with no script and no data of any organization: PatternFly's empty state. */
    private static String plain(String css, String title, String text) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"robots\" content=\"noindex\">"
                + "<link rel=\"stylesheet\" href=\"" + css + "\"><title>" + title + "</title></head><body>"
                + "<main class=\"pf-v5-c-page__main-section\"><div class=\"pf-v5-c-empty-state\"><div class=\"pf-v5-c-empty-state__content\">"
                + "<h1 class=\"pf-v5-c-title pf-m-lg\">" + title + "</h1><div class=\"pf-v5-c-empty-state__body\">" + text
                + "</div></div></div></main></body></html>";
    }

    private static Response json(Response.ResponseBuilder b, Object value) {
        return PageHeaders.apply(b).type(MediaType.APPLICATION_JSON_TYPE).entity(SetupLinksResource.json(Response.ok(), value).getEntity()).build();
    }
}
