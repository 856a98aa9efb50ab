package dev.tenancy.scim.query;

import jakarta.persistence.EntityManager;

import org.keycloak.connections.jpa.JpaConnectionProvider;

import dev.tenancy.scim.ScimContext;

/**
 * What every resource type's database query of one organization starts from: the request's context,
 * its entity manager and the organization's membership group (whose rows are the organization's
 * members). A query never reads outside that group.
 */
public abstract class OrganizationQuery {

    protected final ScimContext ctx;
    protected final EntityManager em;
    protected final String membershipGroupId;

    protected OrganizationQuery(ScimContext ctx) {
        this.ctx = ctx;
        this.em = ctx.session().getProvider(JpaConnectionProvider.class).getEntityManager();
        this.membershipGroupId = ctx.membershipGroupId();
    }
}
