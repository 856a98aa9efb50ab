package dev.tenancy.provisioning.rest;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakTransaction;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import dev.tenancy.orgs.api.ApiError;
import dev.tenancy.provisioning.ProvisioningProvider;
import dev.tenancy.provisioning.capture.CloudEvents;
import dev.tenancy.provisioning.delivery.Attempt;
import dev.tenancy.provisioning.delivery.Message;
import dev.tenancy.provisioning.delivery.Pings;
import dev.tenancy.provisioning.delivery.Sink;
import dev.tenancy.provisioning.delivery.WebhookSender;
import dev.tenancy.provisioning.delivery.WebhookSink;
import dev.tenancy.provisioning.store.DeliveryEntity;
import dev.tenancy.provisioning.store.SubscriptionEntity;
import dev.tenancy.provisioning.store.Subscriptions;

/** {@code /realms/{realm}/provisioning/webhooks/{id}}: one subscription, its deliveries, retry, test ping. */
public final class WebhookResource {

    private static final List<String> STATUSES = List.of(DeliveryEntity.PENDING, DeliveryEntity.DELIVERED,
            DeliveryEntity.FAILED, DeliveryEntity.DEAD);

    private final KeycloakSession session;
    private final Access access;
    private final RealmModel realm;
    private final Subscriptions subscriptions;
    private final SubscriptionEntity subscription;

    WebhookResource(KeycloakSession session, Access access, RealmModel realm, Subscriptions subscriptions,
                    SubscriptionEntity subscription) {
        this.session = session;
        this.access = access;
        this.realm = realm;
        this.subscriptions = subscriptions;
        this.subscription = subscription;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response get() {
        return JsonOut.ok(Representations.subscription(session, realm, subscription,
                subscriptions.backlog().getOrDefault(subscription.getId(), 0L)));
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response update(String body) {
        access.writable(java.util.Optional.of(subscription));
        SubscriptionRequest req = SubscriptionRequest.parse(body);
        SinkTarget.update(session.getProvider(ProvisioningProvider.class).delivery(), req, subscription);
        if (req.hasOrganizationId()) {
            if (!access.canWrite(req.organizationId())) {
                throw ApiError.forbidden();
            }
            WebhooksResource.validateOrganization(session, realm, req.organizationId());
            subscription.setOrganizationId(req.organizationId());
        }
        if (req.url() != null) {
            WebhooksResource.validateUrl(session, req.url());
            subscription.setUrl(req.url());
        }
        if (req.secret() != null) {
            subscription.setSecret(req.secret());
        }
        if (req.events() != null) {
            subscription.setEvents(String.join(",", req.events()));
        }
        if (req.enabled() != null) {
            subscription.setEnabled(req.enabled());
            if (req.enabled()) {
                subscription.setDisabledReason(null);
            }
        }
        subscription.setUpdatedAt(System.currentTimeMillis());
        Map<String, Object> rep = Representations.subscription(session, realm, subscription,
                subscriptions.backlog().getOrDefault(subscription.getId(), 0L));
        WebhooksResource.event(session, access, realm).operation(OperationType.UPDATE)
                .resourcePath("provisioning", "webhooks", subscription.getId()).representation(rep).success();
        wakeAfterCommit();
        return JsonOut.ok(rep);
    }

    @DELETE
    public Response delete() {
        access.writable(java.util.Optional.of(subscription));
        subscriptions.remove(subscription);
        WebhooksResource.event(session, access, realm).operation(OperationType.DELETE)
                .resourcePath("provisioning", "webhooks", subscription.getId()).success();
        return Response.noContent().build();
    }

    @GET
    @Path("deliveries")
    @Produces(MediaType.APPLICATION_JSON)
    public Response deliveries(@QueryParam("status") String status, @QueryParam("first") Integer first,
                                                @QueryParam("max") Integer max) {
        if (status != null && !STATUSES.contains(status)) {
            throw ApiError.badRequest("status", "status must be one of " + String.join(", ", STATUSES));
        }
        int from = first == null || first < 0 ? 0 : first;
        int count = max == null || max < 0 ? 100 : Math.min(max, 1000);
        Representations.Users users = new Representations.Users(session, realm);
        return JsonOut.ok(subscriptions.deliveries(subscription.getId(), status, from, count).stream()
                .map(d -> Representations.delivery(d, users)).toList());
    }

    @POST
    @Path("deliveries/{deliveryId}/retry")
    @Produces(MediaType.APPLICATION_JSON)
    public Response retry(@PathParam("deliveryId") String deliveryId) {
        access.writable(java.util.Optional.of(subscription));
        DeliveryEntity d = subscriptions.delivery(subscription.getId(), deliveryId)
                .orElseThrow(() -> ApiError.notFound("Delivery not found"));
        if (subscriptions.event(d.getEventId()).isEmpty()) {
            throw ApiError.notFound("The event of this delivery was removed");
        }
        d.setStatus(DeliveryEntity.PENDING);
        d.setAttempts(0);
        d.setNextAttemptAt(System.currentTimeMillis());
        d.setLeaseOwner(null);
        d.setLeaseUntil(null);
        d.setDeliveredAt(null);
        WebhooksResource.event(session, access, realm).operation(OperationType.ACTION)
                .resourcePath("provisioning", "webhooks", subscription.getId(), "deliveries", deliveryId, "retry").success();
        wakeAfterCommit();
        return JsonOut.status(Response.Status.ACCEPTED, Representations.delivery(d, new Representations.Users(session, realm))).build();
    }

    /**
     * Sends a {@code dev.tenancy.ping} now, signed like every event (or published to the topic or
     * subject), answers with the outcome, and lists it among the deliveries.
     */
    @POST
    @Path("test")
    @Produces(MediaType.APPLICATION_JSON)
    public Response test() {
        access.writable(java.util.Optional.of(subscription));
        String id = KeycloakModelUtils.generateId();
        String body = CloudEvents.ping(id, Instant.now(), realm.getName(), subscription.getId(), subscription.getOrganizationId());
        Attempt o;
        if (WebhookSink.TYPE.equals(subscription.getType())) {
            WebhookSender sender = session.getProvider(ProvisioningProvider.class).sender();
            o = WebhookSink.of(sender.send(subscription.getUrl(), subscription.getSecret(), id, body));
        } else {
            Sink sink = session.getProvider(ProvisioningProvider.class).sinks().get(subscription.getType())
                    .orElseThrow(() -> ApiError.badRequest("type", subscription.getType() + " is not configured on this server"));
            o = sink.send(new Message(subscription.getId(), null, null, subscription.getTarget(), id, Pings.TYPE,
                    subscription.getId(), body)).join();
        }
        Pings.record(subscriptions.entityManager(), subscription, id, o);
        Map<String, Object> rep = new LinkedHashMap<>();
        rep.put("id", id);
        rep.put("delivered", o.delivered());
        rep.put("statusCode", o.statusCode());
        rep.put("error", o.error());
        rep.put("durationMillis", o.durationMillis());
        return JsonOut.ok(rep);
    }

    private void wakeAfterCommit() {
        ProvisioningProvider runtime = session.getProvider(ProvisioningProvider.class);
        session.getTransactionManager().enlistAfterCompletion(new KeycloakTransaction() {
            @Override public void begin() { }
            @Override public void commit() { runtime.wakeDrainer(); }
            @Override public void rollback() { }
            @Override public void setRollbackOnly() { }
            @Override public boolean getRollbackOnly() { return false; }
            @Override public boolean isActive() { return true; }
        });
    }
}
