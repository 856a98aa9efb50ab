package dev.tenancy.provisioning.apps.rest;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.persistence.EntityManager;
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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakTransaction;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import dev.tenancy.orgs.api.ApiError;
import dev.tenancy.provisioning.apps.AppSettings;
import dev.tenancy.provisioning.apps.AppsRuntime;
import dev.tenancy.provisioning.apps.RemoteFailure;
import dev.tenancy.provisioning.apps.ScimRemote;
import dev.tenancy.provisioning.apps.store.AppEntity;
import dev.tenancy.provisioning.apps.store.LinkEntity;
import dev.tenancy.provisioning.apps.store.RunEntity;
import dev.tenancy.provisioning.apps.store.WorkEntity;
import dev.tenancy.provisioning.rest.Access;
import dev.tenancy.provisioning.rest.JsonOut;

/** {@code /realms/{realm}/provisioning/apps/{id}}: one app, its connection test, status and syncs. */
public final class AppResource {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KeycloakSession session;
    private final Access access;
    private final RealmModel realm;
    private final EntityManager em;
    private final AppEntity app;
    private final AppsResource parent;

    AppResource(KeycloakSession session, Access access, RealmModel realm, EntityManager em, AppEntity app, AppsResource parent) {
        this.session = session;
        this.access = access;
        this.realm = realm;
        this.em = em;
        this.app = app;
        this.parent = parent;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response get() {
        return JsonOut.ok(AppsResource.rep(app));
    }

    /** Applies the fields present; credentials that are absent are kept. Saving clears a pause. */
    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response update(String body) {
        writable();
        JsonNode node = AppsResource.parse(body);
        String organizationBefore = app.getOrganizationId();
        if (node.has("organizationId")) {
            String org = node.get("organizationId").isNull() ? null : AppsResource.textOrg(node);
            if (!java.util.Objects.equals(org, app.getOrganizationId())) {
                if (!access.canWrite(org)) {
                    throw ApiError.forbidden();
                }
                parent.validateOrganization(org);
                app.setOrganizationId(org);
            }
        }
        AppSettings before = AppSettings.read(app.getConfig());
        AppSettings settings = AppsResource.merge(before, node);
        parent.validate(settings);
        if (before.pushGroups()) {
            // pushed groups the new scope no longer names: their GROUP work deletes them remotely
            java.util.List<String> left = before.scopeGroups().stream()
                    .filter(g -> settings.scopeGroups().isEmpty() ? app.getOrganizationId() != null : !settings.scopeGroups().contains(g))
                    .toList();
            dev.tenancy.provisioning.apps.AppOutbox.groupWork(em, app, left);
        }
        boolean scopeChanged = !new java.util.HashSet<>(before.scopeGroups()).equals(new java.util.HashSet<>(settings.scopeGroups()))
                || !java.util.Objects.equals(organizationBefore, app.getOrganizationId());
        if (scopeChanged && settings.enabled()) {
            // users coming into the scope are pushed now, not only with their next change or a sync;
            // linked users are queued too (those who left it become leavers)
            dev.tenancy.provisioning.apps.AppOutbox.enqueueScope(session, realm, app, settings);
        }
        app.setName(settings.name());
        app.setConfig(settings.write());
        app.setEnabled(settings.enabled());
        app.setPausedReason(null);
        app.setVersion(app.getVersion() + 1);
        app.setUpdatedAt(System.currentTimeMillis());
        session.getProvider(AppsRuntime.class).forget(app.getId());
        Map<String, Object> rep = AppsResource.rep(app);
        parent.event().operation(OperationType.UPDATE).resourcePath("provisioning", "apps", app.getId()).representation(rep).success();
        afterCommit(AppsRuntime::wakePusher);
        return JsonOut.ok(rep);
    }

    @DELETE
    public Response delete() {
        writable();
        for (String q : new String[] {"tncPaDeleteWorkByApp", "tncPaDeleteLinksByApp", "tncPaDeleteRunsByApp"}) {
            em.createNamedQuery(q).setParameter("appId", app.getId()).executeUpdate();
        }
        em.createQuery("delete from TncPaRate r where r.appId = :appId").setParameter("appId", app.getId()).executeUpdate();
        em.remove(app);
        parent.event().operation(OperationType.DELETE).resourcePath("provisioning", "apps", app.getId()).success();
        return Response.noContent().build();
    }

    /** Reads the app's ServiceProviderConfig and one user with the saved credentials. */
    @POST
    @Path("test")
    @Produces(MediaType.APPLICATION_JSON)
    public Response test() {
        writable();
        AppSettings settings = AppSettings.read(app.getConfig());
        AppsRuntime runtime = session.getProvider(AppsRuntime.class);
        ScimRemote remote = runtime.remote(session, app, settings);
        long started = System.nanoTime();
        Map<String, Object> rep = new LinkedHashMap<>();
        try {
            JsonNode spc = remote.serviceProviderConfig();
            remote.page("Users", 1, 1);
            rep.put("ok", true);
            JsonNode patch = spc.path("patch").path("supported");
            rep.put("patchSupported", !patch.isBoolean() || patch.asBoolean());
            rep.put("error", null);
        } catch (RemoteFailure f) {
            rep.put("ok", false);
            rep.put("patchSupported", null);
            rep.put("error", f.category());
        }
        rep.put("durationMillis", (System.nanoTime() - started) / 1_000_000);
        return JsonOut.ok(rep);
    }

    @GET
    @Path("status")
    @Produces(MediaType.APPLICATION_JSON)
    public Response status() {
        Map<String, Object> rep = new LinkedHashMap<>();
        rep.put("enabled", app.isEnabled());
        rep.put("paused", app.getPausedReason() != null);
        rep.put("pausedReason", app.getPausedReason());
        rep.put("linkedUsers", count("tncPaCountLinks", LinkEntity.USER));
        rep.put("linkedGroups", count("tncPaCountLinks", LinkEntity.GROUP));
        rep.put("pending", em.createNamedQuery("tncPaCountWork", Long.class).setParameter("appId", app.getId())
                .setParameter("status", WorkEntity.PENDING).getSingleResult());
        rep.put("retrying", em.createNamedQuery("tncPaCountRetryingWork", Long.class).setParameter("appId", app.getId()).getSingleResult());
        rep.put("failed", em.createNamedQuery("tncPaCountWork", Long.class).setParameter("appId", app.getId())
                .setParameter("status", WorkEntity.DEAD).getSingleResult());
        rep.put("lastError", app.getLastError());
        rep.put("lastErrorAt", app.getLastErrorAt());
        rep.put("lastSync", em.createNamedQuery("tncPaLastRun", RunEntity.class).setParameter("appId", app.getId())
                .setMaxResults(1).getResultStream().findFirst().map(r -> run(r, false)).orElse(null));
        return JsonOut.ok(rep);
    }

    private long count(String query, String kind) {
        return em.createNamedQuery(query, Long.class).setParameter("appId", app.getId()).setParameter("kind", kind).getSingleResult();
    }

    @POST
    @Path("sync")
    @Produces(MediaType.APPLICATION_JSON)
    public Response sync(@QueryParam("dryRun") String dryRun) {
        writable();
        if (dryRun != null && !dryRun.equals("true") && !dryRun.equals("false")) {
            throw ApiError.badRequest("dryRun", "dryRun must be true or false");
        }
        if (!app.isEnabled()) {
            throw ApiError.conflict("The app is disabled");
        }
        if (app.getPausedReason() != null) {
            throw ApiError.conflict("The app is paused: " + app.getPausedReason());
        }
        long active = em.createNamedQuery("tncPaActiveRuns", Long.class).setParameter("appId", app.getId()).getSingleResult();
        if (active > 0) {
            throw ApiError.conflict("A sync of this app is already running");
        }
        RunEntity run = new RunEntity();
        run.setId(KeycloakModelUtils.generateId());
        run.setAppId(app.getId());
        run.setRealmId(realm.getId());
        run.setDryRun("true".equals(dryRun));
        run.setStatus("QUEUED");
        run.setPhase("LOCAL");
        run.setCreatedAt(System.currentTimeMillis());
        em.persist(run);
        parent.event().operation(OperationType.ACTION).resourcePath("provisioning", "apps", app.getId(), "sync", run.getId())
                .representation(Map.of("dryRun", run.isDryRun())).success();
        afterCommit(AppsRuntime::wakeSync);
        return JsonOut.status(Response.Status.ACCEPTED, Map.of("runId", run.getId())).build();
    }

    @GET
    @Path("sync/{runId}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response run(@PathParam("runId") String runId) {
        RunEntity run = runId == null ? null : em.find(RunEntity.class, runId);
        if (run == null || !run.getAppId().equals(app.getId())) {
            throw ApiError.notFound("Sync run not found");
        }
        return JsonOut.ok(run(run, true));
    }

    static Map<String, Object> run(RunEntity r, boolean withPlan) {
        Map<String, Object> rep = new LinkedHashMap<>();
        rep.put("runId", r.getId());
        rep.put("dryRun", r.isDryRun());
        rep.put("status", r.getStatus());
        rep.put("phase", r.getPhase());
        rep.put("toCreate", r.getToCreate());
        rep.put("toUpdate", r.getToUpdate());
        rep.put("toDeactivate", r.getToDeactivate());
        rep.put("done", r.getDone());
        rep.put("failed", r.getFailed());
        rep.put("error", r.getError());
        rep.put("createdAt", r.getCreatedAt());
        rep.put("startedAt", r.getStartedAt());
        rep.put("finishedAt", r.getFinishedAt());
        if (withPlan && r.isDryRun()) {
            try {
                rep.put("planned", r.getPlan() == null ? java.util.List.of() : JSON.readTree(r.getPlan()));
            } catch (IOException e) {
                rep.put("planned", java.util.List.of());
            }
        }
        return rep;
    }

    private void writable() {
        if (!access.canWrite(app.getOrganizationId())) {
            throw ApiError.forbidden();
        }
    }

    private void afterCommit(java.util.function.Consumer<AppsRuntime> action) {
        AppsRuntime runtime = session.getProvider(AppsRuntime.class);
        session.getTransactionManager().enlistAfterCompletion(new KeycloakTransaction() {
            @Override public void begin() { }
            @Override public void commit() { action.accept(runtime); }
            @Override public void rollback() { }
            @Override public void setRollbackOnly() { }
            @Override public boolean getRollbackOnly() { return false; }
            @Override public boolean isActive() { return true; }
        });
    }
}
