package dev.tenancy.orgs.governance;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * Access governance's hooks: a global event listener (audit trail, rule evaluation on user and admin
 * events), Keycloak's model events, and the background jobs (expiry, rule re-application).
 */
public final class GovernanceListenerFactory implements EventListenerProviderFactory {

    public static final String ID = "tenancy-governance";

    private GovernanceConfig config;
    private ScheduledExecutorService scheduler;
    private final RuleCache rules = new RuleCache();

    /** The options this node runs with. */
    static GovernanceConfig config(KeycloakSession session) {
        return ((GovernanceListenerFactory) session.getKeycloakSessionFactory()
                .getProviderFactory(EventListenerProvider.class, ID)).config;
    }

    /** This node's copy of the organizations' enabled access rules. */
    RuleCache rules() {
        return rules;
    }

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new GovernanceListener(session);
    }

    @Override
    public boolean isGlobal() {
        return true;
    }

    @Override
    public void init(Config.Scope scope) {
        config = GovernanceConfig.from(scope);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(new GovernanceModelListener());
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tenancy-governance-jobs");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(new Jobs(factory, config), config.intervalSeconds(), config.intervalSeconds(), TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name("interval-seconds").type("int").defaultValue(15)
                .helpText("How often time-bound grants are ended and changed access rules re-applied").add()
                .property().name("lease-seconds").type("int").defaultValue(60)
                .helpText("How long one node holds the re-application of a changed rule").add()
                .property().name("request-pending-seconds").type("int").defaultValue(604800)
                .helpText("After how long a pending access request expires").add()
                .build();
    }
}
