package dev.tenancy.provisioning.rest;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.services.resources.admin.AdminEventBuilder;

import dev.tenancy.orgs.api.ApiError;
import dev.tenancy.provisioning.ProvisioningProvider;
import dev.tenancy.orgs.net.AddressPolicy;
import dev.tenancy.provisioning.delivery.Signature;
import dev.tenancy.provisioning.store.SubscriptionEntity;
import dev.tenancy.provisioning.store.Subscriptions;

/** {@code /realms/{realm}/provisioning/webhooks}: list and create subscriptions. */
public final class WebhooksResource {

    static final String EVENT_RESOURCE = "TENANCY_WEBHOOK_SUBSCRIPTION";

    private final KeycloakSession session;
    private final Access access;
    private final RealmModel realm;
    private final Subscriptions subscriptions;

    WebhooksResource(KeycloakSession session, Access access) {
        this.session = session;
        this.access = access;
        this.realm = session.getContext().getRealm();
        this.subscriptions = new Subscriptions(session, realm.getId());
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response list() {
        access.requireAnyRead();
        List<SubscriptionEntity> readable = subscriptions.list().stream().filter(access::canRead).toList();
        Map<String, Long> backlog = subscriptions.backlog();
        return JsonOut.ok(readable.stream()
                .map(s -> Representations.subscription(session, realm, s, backlog.getOrDefault(s.getId(), 0L))).toList());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response create(String body) {
        access.requireAnyRead();
        SubscriptionRequest req = SubscriptionRequest.parse(body);
        if (!access.canWrite(req.organizationId())) {
            throw ApiError.forbidden();
        }
        SubscriptionEntity s = new SubscriptionEntity();
        boolean webhook = SinkTarget.create(session.getProvider(ProvisioningProvider.class).delivery(), req, s);
        if (webhook && req.url() == null) {
            throw ApiError.badRequest("url", "url is required");
        }
        if (webhook) {
            validateUrl(session, req.url());
        }
        validateOrganization(session, realm, req.organizationId());
        long now = System.currentTimeMillis();
        s.setId(KeycloakModelUtils.generateId());
        String secret = null;
        if (webhook) {
            s.setUrl(req.url());
            secret = req.secret() != null ? req.secret() : Signature.generateSecret();
            s.setSecret(secret);
        }
        s.setEvents(String.join(",", req.events() != null ? req.events() : SubscriptionRequest.KINDS));
        s.setOrganizationId(req.organizationId());
        s.setEnabled(req.enabled() == null || req.enabled());
        s.setCreatedAt(now);
        s.setUpdatedAt(now);
        subscriptions.add(s);
        Map<String, Object> rep = Representations.subscription(session, realm, s, null);
        event(session, access, realm).operation(OperationType.CREATE).resourcePath("provisioning", "webhooks", s.getId())
                .representation(rep).success();
        Map<String, Object> withSecret = new java.util.LinkedHashMap<>(rep);
        if (secret != null) {
            withSecret.put("secret", secret);
        }
        return JsonOut.status(Response.Status.CREATED, withSecret)
                .location(session.getContext().getUri().getAbsolutePathBuilder().path(s.getId()).build()).build();
    }

    @Path("{id}")
    public WebhookResource webhook(@PathParam("id") String id) {
        return new WebhookResource(session, access, realm, subscriptions, access.readable(subscriptions.get(id)));
    }

    static void validateUrl(KeycloakSession session, String url) {
        boolean allowPrivate = session.getProvider(ProvisioningProvider.class).config().allowPrivateAddresses();
        new AddressPolicy(allowPrivate).refusal(url).ifPresent(reason -> {
            throw ApiError.badRequest("url", reason);
        });
    }

    static void validateOrganization(KeycloakSession session, RealmModel realm, String organizationId) {
        if (organizationId == null) {
            return;
        }
        OrganizationProvider orgs = session.getProvider(OrganizationProvider.class);
        if (!realm.isOrganizationsEnabled() || orgs == null || orgs.getById(organizationId) == null) {
            throw ApiError.badRequest("organizationId", "organizationId is not an organization of this realm");
        }
    }

    static AdminEventBuilder event(KeycloakSession session, Access access, RealmModel realm) {
        return new AdminEventBuilder(realm, access.caller().adminAuth(), session, session.getContext().getConnection())
                .resource(EVENT_RESOURCE);
    }
}
