package dev.tenancy.provisioning.apps;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

import dev.tenancy.orgs.net.AddressPolicy;
import dev.tenancy.orgs.net.OutboundClient;
import dev.tenancy.provisioning.apps.store.AppEntity;

/** Parses the options once; runs this node's pusher (change-driven work) and sync runner (reconciliation). */
public final class DefaultAppsRuntimeFactory implements AppsRuntimeFactory, ServerInfoAwareProviderFactory {

    private static final Logger LOG = Logger.getLogger(DefaultAppsRuntimeFactory.class);

    private AppsConfig config;
    private final TokenCache tokens = new TokenCache();
    private final RateLimiter limiter = new RateLimiter();
    private final Map<String, long[]> patchCache = new ConcurrentHashMap<>();
    private OutboundClient outbound;
    private PushWorker pusher;
    private SyncWorker sync;
    private ExecutorService workers;
    private Thread pusherThread;
    private Thread syncThread;

    @Override
    public AppsRuntime create(KeycloakSession session) {
        return new AppsRuntime() {
            @Override public AppsConfig config() { return config; }
            @Override public ScimRemote remote(KeycloakSession s, AppEntity app, AppSettings settings) {
                return new ScimRemote(app.getId(), app.getVersion(), settings,
                        outbound, config, tokens, limiter);
            }
            @Override public boolean patchSupported(AppEntity app, ScimRemote remote) {
                return DefaultAppsRuntimeFactory.this.patchSupported(app, remote);
            }
            @Override public void forget(String appId) {
                patchCache.keySet().removeIf(k -> k.startsWith(appId + ":"));
            }
            @Override public void wakePusher() {
                if (pusher != null) {
                    pusher.wake();
                }
            }
            @Override public void wakeSync() {
                if (sync != null) {
                    sync.wake();
                }
            }
        };
    }

    /** {@code patch.supported} of the app's ServiceProviderConfig, cached; assumed true when the app does not say. */
    private boolean patchSupported(AppEntity app, ScimRemote remote) {
        String key = app.getId() + ":" + app.getVersion();
        long[] cached = patchCache.get(key);
        long now = System.currentTimeMillis();
        if (cached != null && cached[1] > now) {
            return cached[0] == 1;
        }
        boolean supported;
        try {
            JsonNode spc = remote.serviceProviderConfig();
            JsonNode flag = spc.path("patch").path("supported");
            supported = !flag.isBoolean() || flag.asBoolean();
        } catch (RemoteFailure f) {
            if (f.pause() || f.status() == 429 || f.status() >= 500 || f.status() == 0) {
                throw f;
            }
            supported = true; // no ServiceProviderConfig (404 and the like): try PATCH
        }
        patchCache.put(key, new long[] {supported ? 1 : 0, now + config.capabilitiesTtl().toMillis()});
        return supported;
    }

    @Override
    public void init(Config.Scope scope) {
        config = AppsConfig.from(scope);
        outbound = OutboundClient.create(new AddressPolicy(config.allowPrivateAddresses()), config.connectTimeout(),
                config.readTimeout(), Math.max(20, config.workers() * 2));
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof org.keycloak.models.RealmModel.RealmRemovedEvent e) {
                realmRemoved(e.getKeycloakSession(), e.getRealm().getId());
            }
        });
        limiter.cluster(factory);
        workers = Executors.newFixedThreadPool(config.workers(), threads("tenancy-apps-worker"));
        pusher = new PushWorker(factory, config, workers);
        sync = new SyncWorker(factory, config);
        pusherThread = threads("tenancy-apps-pusher").newThread(pusher);
        syncThread = threads("tenancy-apps-sync").newThread(sync);
        pusherThread.start();
        syncThread.start();
        LOG.infof("Outbound SCIM started (private addresses %s)", config.allowPrivateAddresses() ? "allowed" : "refused");
    }

    /** A removed realm takes its apps, their work, links and runs with it, in the same transaction. */
    private static void realmRemoved(KeycloakSession session, String realmId) {
        jakarta.persistence.EntityManager em = session.getProvider(org.keycloak.connections.jpa.JpaConnectionProvider.class).getEntityManager();
        String apps = "(select a.id from TncPaApp a where a.realmId = :realmId)";
        for (String entity : new String[] {"TncPaWork", "TncPaLink", "TncPaRun", "TncPaRate"}) {
            em.createQuery("delete from " + entity + " x where x.appId in " + apps).setParameter("realmId", realmId).executeUpdate();
        }
        em.createQuery("delete from TncPaApp a where a.realmId = :realmId").setParameter("realmId", realmId).executeUpdate();
    }

    @Override
    public void close() {
        if (outbound != null) {
            try {
                outbound.close();
            } catch (java.io.IOException e) {
                // closing the connection pool: nothing left to do
            }
        }
        if (pusher != null) {
            pusher.stop();
        }
        if (sync != null) {
            sync.stop();
        }
        for (Thread t : new Thread[] {pusherThread, syncThread}) {
            if (t != null) {
                try {
                    t.join(5_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        if (workers != null) {
            workers.shutdownNow();
        }
    }

    @Override
    public String getId() {
        return "default";
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        String version = getClass().getPackage().getImplementationVersion();
        return Map.of("version", version == null ? "dev" : version,
                "allowPrivateAddresses", Boolean.toString(config.allowPrivateAddresses()));
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name("allow-private-addresses").type("boolean").helpText("Connect to loopback and private addresses (default: only in dev mode)").add()
                .property().name("poll-interval-millis").type("long").helpText("Idle poll interval of the pusher").defaultValue(500).add()
                .property().name("batch-size").type("int").helpText("Work items claimed per round").defaultValue(100).add()
                .property().name("workers").type("int").helpText("Apps pushed to concurrently per node").defaultValue(8).add()
                .property().name("lease-seconds").type("long").helpText("How long claimed work and a running sync stay reserved").defaultValue(120).add()
                .property().name("connect-timeout-millis").type("long").helpText("Connect timeout").defaultValue(5000).add()
                .property().name("read-timeout-millis").type("long").helpText("Read timeout").defaultValue(15000).add()
                .property().name("max-attempts").type("int").helpText("Attempts before a work item is DEAD").defaultValue(50).add()
                .property().name("backoff-initial-millis").type("long").helpText("First retry delay").defaultValue(1000).add()
                .property().name("backoff-max-seconds").type("long").helpText("Longest retry delay").defaultValue(3600).add()
                .property().name("sync-page-size").type("int").helpText("Users per reconciliation page (local and remote)").defaultValue(100).add()
                .property().name("sync-poll-interval-millis").type("long").helpText("How often idle nodes look for sync runs").defaultValue(2000).add()
                .property().name("capabilities-ttl-seconds").type("long").helpText("How long an app's ServiceProviderConfig is cached").defaultValue(300).add()
                .build();
    }

    static ThreadFactory threads(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
