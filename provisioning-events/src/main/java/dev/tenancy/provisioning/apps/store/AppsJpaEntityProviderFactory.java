package dev.tenancy.provisioning.apps.store;

import java.util.List;

import org.keycloak.Config;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/** Registers the connected-apps tables (prefix {@code TNC_PA_}) with their own Liquibase changelog. */
public final class AppsJpaEntityProviderFactory implements JpaEntityProviderFactory, JpaEntityProvider {

    public static final String ID = "tenancy-provisioning-apps";

    @Override public JpaEntityProvider create(KeycloakSession session) { return this; }
    @Override public List<Class<?>> getEntities() {
        return List.of(AppEntity.class, WorkEntity.class, LinkEntity.class, RunEntity.class, RateEntity.class);
    }
    @Override public String getChangelogLocation() { return "META-INF/tenancy-provisioning-apps-changelog.xml"; }
    @Override public String getFactoryId() { return ID; }
    @Override public String getId() { return ID; }
    @Override public void init(Config.Scope config) { }
    @Override public void postInit(KeycloakSessionFactory factory) { }
    @Override public void close() { }
}
