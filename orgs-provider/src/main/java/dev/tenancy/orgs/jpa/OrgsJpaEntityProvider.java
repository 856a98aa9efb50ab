package dev.tenancy.orgs.jpa;

import java.util.List;

import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;

final class OrgsJpaEntityProvider implements JpaEntityProvider {

    @Override
    public List<Class<?>> getEntities() {
        return List.of(ScimConfigEntity.class, ScimErrorEntity.class, OrgRoleEntity.class, OrgRoleMemberEntity.class, LinkEntity.class,
                UserLinkEntity.class, GroupLinkEntity.class,
                ScimExchangeEntity.class, dev.tenancy.orgs.setup.SetupLinkEntity.class,
                dev.tenancy.orgs.governance.RuleEntity.class, dev.tenancy.orgs.governance.RuleGrantEntity.class,
                dev.tenancy.orgs.governance.GroupGrantEntity.class, dev.tenancy.orgs.governance.AuditEntity.class,
                dev.tenancy.orgs.governance.RequestEntity.class, dev.tenancy.orgs.governance.ReviewEntity.class,
                dev.tenancy.orgs.governance.ReviewItemEntity.class);
    }

    @Override
    public String getChangelogLocation() {
        return "META-INF/tenancy-orgs-changelog.xml";
    }

    @Override
    public String getFactoryId() {
        return OrgsJpaEntityProviderFactory.ID;
    }

    @Override
    public void close() {
    }
}
