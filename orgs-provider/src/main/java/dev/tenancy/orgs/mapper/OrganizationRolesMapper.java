package dev.tenancy.orgs.mapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.protocol.oidc.mappers.OIDCIDTokenMapper;
import org.keycloak.protocol.oidc.mappers.UserInfoTokenMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.representations.IDToken;

import dev.tenancy.orgs.api.TenancyOrgsProvider;

/**
 * Puts the user's organization roles into tokens, per organization the user is a member of:
 * {@code "organization_roles": {"acme": {"id": "…", "roles": ["manage-scim", "sales"]}}}.
 * Organizations where the user holds no role are left out.
 */
public final class OrganizationRolesMapper extends AbstractOIDCProtocolMapper
        implements OIDCAccessTokenMapper, OIDCIDTokenMapper, UserInfoTokenMapper {

    public static final String ID = "tenancy-organization-roles-mapper";
    public static final String DEFAULT_CLAIM = "organization_roles";

    private static final List<ProviderConfigProperty> CONFIG = new ArrayList<>();

    static {
        OIDCAttributeMapperHelper.addTokenClaimNameConfig(CONFIG);
        OIDCAttributeMapperHelper.addIncludeInTokensConfig(CONFIG, OrganizationRolesMapper.class);
        for (ProviderConfigProperty p : CONFIG) {
            if (OIDCAttributeMapperHelper.TOKEN_CLAIM_NAME.equals(p.getName())) {
                p.setDefaultValue(DEFAULT_CLAIM);
            }
        }
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getDisplayType() {
        return "Organization roles (Tenancy)";
    }

    @Override
    public String getDisplayCategory() {
        return TOKEN_MAPPER_CATEGORY;
    }

    @Override
    public String getHelpText() {
        return "Adds the user's organization roles, per organization alias, to the token";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG;
    }

    @Override
    protected void setClaim(IDToken token, ProtocolMapperModel mapping, UserSessionModel userSession,
                            KeycloakSession session, ClientSessionContext clientSessionCtx) {
        TenancyOrgsProvider tenancy = session.getProvider(TenancyOrgsProvider.class);
        OrganizationProvider orgs = session.getProvider(OrganizationProvider.class);
        if (tenancy == null || orgs == null || !userSession.getRealm().isOrganizationsEnabled()) {
            return;
        }
        Map<String, Set<String>> byOrg = tenancy.rolesByOrganization(userSession.getRealm(), userSession.getUser());
        Map<String, Object> claim = new LinkedHashMap<>();
        for (Map.Entry<String, Set<String>> e : byOrg.entrySet()) {
            OrganizationModel org = tenancy.findOrganization(userSession.getRealm(), e.getKey());
            if (org == null || !org.isMember(userSession.getUser())) {
                continue;
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", org.getId());
            entry.put("roles", new ArrayList<>(new TreeSet<>(e.getValue())));
            claim.put(org.getAlias(), entry);
        }
        if (!claim.isEmpty()) {
            OIDCAttributeMapperHelper.mapClaim(token, mapping, claim);
        }
    }

    /** A ready mapper model, e.g. for a client scope. */
    public static ProtocolMapperModel create(String name, String claim) {
        return OIDCAttributeMapperHelper.createClaimMapper(name, "", claim, "JSON", true, true, true, ID);
    }
}
