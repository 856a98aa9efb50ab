package dev.tenancy.provisioning.store;

import java.util.List;

import org.keycloak.Config;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/** Registers the module's tables (prefix {@code TNC_PE_}) and its own Liquibase master changelog. */
public final class ProvisioningJpaEntityProviderFactory implements JpaEntityProviderFactory, JpaEntityProvider {

    public static final String ID = "tenancy-provisioning-events";

    @Override
    public JpaEntityProvider create(KeycloakSession session) {
        return this;
    }

    @Override
    public List<Class<?>> getEntities() {
        return List.of(SubscriptionEntity.class, EventEntity.class, DeliveryEntity.class, SnapshotEntity.class,
                LogStateEntity.class);
    }

    @Override
    public String getChangelogLocation() {
        return "META-INF/tenancy-provisioning-events-changelog.xml";
    }

    @Override
    public String getFactoryId() {
        return ID;
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }
}
