package dev.tenancy.orgs.jpa;

import org.keycloak.Config;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/** Registers the {@code TNC_} tables of the organizations provider and their Liquibase changelog. */
public final class OrgsJpaEntityProviderFactory implements JpaEntityProviderFactory {

    static final String ID = "tenancy-orgs";

    private static final OrgsJpaEntityProvider PROVIDER = new OrgsJpaEntityProvider();

    @Override
    public JpaEntityProvider create(KeycloakSession session) {
        return PROVIDER;
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

    @Override
    public String getId() {
        return ID;
    }
}
