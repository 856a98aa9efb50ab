package dev.tenancy.scim.users;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.FederatedIdentityModel;
import org.keycloak.models.GroupModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.MembershipMetadata;
import org.keycloak.models.OrganizationDomainModel;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserProvider;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.representations.idm.MembershipType;

import dev.tenancy.orgs.api.Deprovision;
import dev.tenancy.orgs.api.UserLink;
import dev.tenancy.orgs.api.UserLinkStore;
import dev.tenancy.scim.Audit;
import dev.tenancy.scim.ETags;
import dev.tenancy.scim.ScimContext;
import dev.tenancy.scim.patch.PatchApplier;
import dev.tenancy.scim.patch.PatchParser;
import dev.tenancy.scim.protocol.AttributeSelection;
import dev.tenancy.scim.protocol.Names;
import dev.tenancy.scim.protocol.Scim;
import dev.tenancy.scim.protocol.ScimException;
import dev.tenancy.scim.protocol.ScimResult;
import dev.tenancy.scim.protocol.SearchParams;
import dev.tenancy.scim.query.Page;

/**
 * SCIM Users of one organization: its members. Reads and writes of anything else answer 404.
 */
public final class UserService {

    private static final PatchApplier PATCH = new PatchApplier(UserAttributes.MULTI_VALUED);

    private final ScimContext ctx;
    private final UserProvider users;
    private final UserLinkStore links;

    public UserService(ScimContext ctx) {
        this.ctx = ctx;
        this.users = ctx.session().users();
        this.links = ctx.orgs().userLinks();
    }

    public ScimResult get(String id, AttributeSelection selection, String ifNoneMatch) {
        UserModel user = member(id);
        Optional<UserLink> link = links.get(ctx.realm(), ctx.organizationId(), user.getId());
        String version = UserReader.version(link, user);
        if (ifNoneMatch != null && ETags.matches(ifNoneMatch, version)) {
            return new ScimResult(304, null, version, null);
        }
        ObjectNode rep = UserReader.toScim(ctx, user, link, selection.wants(null, "groups"));
        return ScimResult.ok(selection.apply(rep, Scim.USER_SCHEMA)).withVersion(version);
    }

    public ScimResult list(SearchParams params) {
        UserQuery query = new UserQuery(ctx);
        Page<UserQuery.Row> page = query.page(params);
        ObjectNode out = Scim.NODES.objectNode();
        out.putArray("schemas").add(Scim.LIST_RESPONSE);
        out.put("totalResults", page.total());
        out.put("startIndex", params.startIndex());
        out.put("itemsPerPage", page.rows().size());
        ArrayNode resources = out.putArray("Resources");
        java.util.Map<String, List<String[]>> groups = params.selection().wants(null, "groups")
                ? query.groupsOf(page.rows().stream().map(UserQuery.Row::userId).toList()) : java.util.Map.of();
        for (UserQuery.Row row : page.rows()) {
            UserModel user = users.getUserById(ctx.realm(), row.userId());
            if (user != null) {
                List<String[]> own = groups.getOrDefault(row.userId(), List.of());
                resources.add(params.selection().apply(UserReader.toScim(ctx, user, row.link(), own), Scim.USER_SCHEMA));
            }
        }
        return ScimResult.ok(out);
    }

    public ScimResult create(JsonNode body) {
        ObjectNode rep = representation(body);
        String userName = userName(rep);
        String externalId = externalId(rep);
        String email = emailOf(rep, userName);
        String username = ctx.config().emailAsUsername() ? email : userName;
        if (username == null) {
            throw ScimException.invalidValue("emails: a primary email is required, it is the username in this organization");
        }
        if (externalId != null && links.findByExternalId(ctx.realm(), ctx.organizationId(), externalId).isPresent()) {
            throw ScimException.uniqueness("externalId is already used in this organization");
        }
        UserModel existing = existing(username, email);
        UserModel user;
        if (existing != null) {
            if (!adoptable(existing)) {
                throw ScimException.uniqueness("userName or email is already in use");
            }
            user = existing;
        } else {
            user = users.addUser(ctx.realm(), username);
        }
        UserWriter.write(ctx, user, rep, email);
        user.setEnabled(!rep.has("active") || PatchApplier.truthy(rep.get("active")));
        if (existing == null || !ctx.organization().isMember(user)) {
            join(user, externalId != null ? externalId : userName);
        }
        UserLink link = links.save(ctx.realm(), new UserLink(ctx.organizationId(), user.getId(), externalId, userName, true, 0, null, null));
        flush();
        ObjectNode out = UserReader.toScim(ctx, user, Optional.of(link), existing != null);
        Audit.send(ctx, OperationType.CREATE, ResourceType.USER, "users/" + user.getId(), out);
        return new ScimResult(201, out, out.path("meta").path("version").asText(), ctx.location("Users", user.getId()));
    }

    public ScimResult replace(String id, JsonNode body, String ifMatch) {
        UserModel user = member(id);
        Optional<UserLink> link = links.get(ctx.realm(), ctx.organizationId(), user.getId());
        ETags.checkIfMatch(ifMatch, UserReader.version(link, user));
        return store(user, link, representation(body), OperationType.UPDATE);
    }

    public ScimResult patch(String id, JsonNode body, String ifMatch) {
        UserModel user = member(id);
        Optional<UserLink> link = links.get(ctx.realm(), ctx.organizationId(), user.getId());
        ETags.checkIfMatch(ifMatch, UserReader.version(link, user));
        ObjectNode rep = UserReader.toScim(ctx, user, link);
        PATCH.apply(rep, PatchParser.parse(body));
        return store(user, link, rep, OperationType.UPDATE);
    }

    public ScimResult delete(String id, String ifMatch) {
        UserModel user = member(id);
        Optional<UserLink> link = links.get(ctx.realm(), ctx.organizationId(), user.getId());
        ETags.checkIfMatch(ifMatch, UserReader.version(link, user));
        boolean provisioned = link.map(UserLink::provisioned).orElse(false);
        Deprovision mode = provisioned ? ctx.config().deprovision() : Deprovision.REMOVE_MEMBERSHIP;
        links.remove(ctx.realm(), ctx.organizationId(), user.getId());
        switch (mode == null ? Deprovision.DISABLE : mode) {
            case DELETE -> users.removeUser(ctx.realm(), user);
            case DISABLE -> {
                user.setEnabled(false);
                leave(user);
            }
            case REMOVE_MEMBERSHIP -> leave(user);
        }
        flush();
        ObjectNode rep = Scim.NODES.objectNode().put("id", id).put("deprovision", mode == null ? "DISABLE" : mode.name());
        Audit.send(ctx, OperationType.DELETE, ResourceType.USER, "users/" + id, rep);
        return ScimResult.noContent();
    }

    private ScimResult store(UserModel user, Optional<UserLink> link, ObjectNode rep, OperationType operation) {
        PatchApplier.normalize(rep);
        String userName = userName(rep);
        String externalId = externalId(rep);
        String email = emailOf(rep, userName);
        boolean provisioned = link.map(UserLink::provisioned).orElse(false);
        String username = ctx.config().emailAsUsername() ? email : userName;
        if (username == null) {
            throw ScimException.invalidValue("emails: a primary email is required, it is the username in this organization");
        }
        if (!username.toLowerCase(Locale.ROOT).equals(user.getUsername())) {
            UserModel other = users.getUserByUsername(ctx.realm(), username);
            if (other != null && !other.getId().equals(user.getId())) {
                throw ScimException.uniqueness("userName is already in use");
            }
            user.setUsername(username);
        }
        if (email != null && !email.equalsIgnoreCase(Objects.toString(user.getEmail(), "")) && !ctx.realm().isDuplicateEmailsAllowed()) {
            UserModel other = users.getUserByEmail(ctx.realm(), email);
            if (other != null && !other.getId().equals(user.getId())) {
                throw ScimException.uniqueness("email is already in use");
            }
        }
        if (externalId != null) {
            links.findByExternalId(ctx.realm(), ctx.organizationId(), externalId)
                    .filter(other -> !other.userId().equals(user.getId()))
                    .ifPresent(other -> {
                        throw ScimException.uniqueness("externalId is already used in this organization");
                    });
        }
        UserWriter.write(ctx, user, rep, email);
        boolean active = !rep.has("active") || PatchApplier.truthy(rep.get("active"));
        boolean left = false;
        if (provisioned) {
            user.setEnabled(active);
        } else if (!active) {
            leave(user);
            links.remove(ctx.realm(), ctx.organizationId(), user.getId());
            left = true;
        }
        ObjectNode out;
        if (left) {
            flush();
            out = Scim.NODES.objectNode().put("id", user.getId()).put("active", false);
            Audit.send(ctx, operation, ResourceType.USER, "users/" + user.getId(), out);
            return new ScimResult(200, UserReader.toScim(ctx, user, Optional.empty()), null, null);
        }
        UserLink saved = links.save(ctx.realm(), new UserLink(ctx.organizationId(), user.getId(), externalId, userName, provisioned,
                0, link.map(UserLink::created).orElse(null), null));
        flush();
        out = UserReader.toScim(ctx, user, Optional.of(saved));
        Audit.send(ctx, operation, ResourceType.USER, "users/" + user.getId(), out);
        return ScimResult.ok(out).withVersion(out.path("meta").path("version").asText());
    }

    /** A member of this organization, or 404: the same answer whether the id exists elsewhere or not. */
    UserModel member(String id) {
        UserModel user = id == null ? null : users.getUserById(ctx.realm(), id);
        if (user == null || !ctx.organization().isMember(user)) {
            throw ScimException.notFound("User " + id + " not found");
        }
        return user;
    }

    private UserModel existing(String username, String email) {
        UserModel byName = users.getUserByUsername(ctx.realm(), username);
        UserModel byEmail = email == null || ctx.realm().isDuplicateEmailsAllowed() ? null : users.getUserByEmail(ctx.realm(), email);
        if (byName != null && byEmail != null && !byName.getId().equals(byEmail.getId())) {
            throw ScimException.uniqueness("userName or email is already in use");
        }
        return byName != null ? byName : byEmail;
    }

    /**
     * {@code adoptExistingUsers}: an existing account whose email domain is a verified domain of this
     * organization, and that belongs to no other organization.
     */
    private boolean adoptable(UserModel user) {
        if (!ctx.config().adoptExistingUsers() || user.getEmail() == null) {
            return false;
        }
        String domain = user.getEmail().substring(user.getEmail().indexOf('@') + 1).toLowerCase(Locale.ROOT);
        boolean verified = ctx.organization().getDomains()
                .anyMatch((OrganizationDomainModel d) -> d.isVerified() && d.getName().equalsIgnoreCase(domain));
        if (!verified) {
            return false;
        }
        return ctx.organizations().getByMember(user).allMatch((OrganizationModel o) -> o.getId().equals(ctx.organizationId()));
    }

    /** Joins the organization; with an identity provider configured, as a managed member linked to it. */
    private void join(UserModel user, String federatedId) {
        String alias = ctx.config().identityProvider();
        if (alias == null || alias.isBlank()) {
            ctx.organizations().addMember(ctx.organization(), user);
            return;
        }
        IdentityProviderModel idp = ctx.session().identityProviders().getByAlias(alias);
        if (idp == null) {
            throw new ScimException(500, null, "The organization's identity provider " + alias + " does not exist");
        }
        if (users.getFederatedIdentity(ctx.realm(), user, alias) == null) {
            users.addFederatedIdentity(ctx.realm(), user, new FederatedIdentityModel(alias, federatedId, user.getUsername()));
        }
        ctx.organizations().addManagedMember(ctx.organization(), user);
    }

    /**
     * Ends the membership through Keycloak (which keeps its membership cache right) without deleting
     * the account: Keycloak deletes managed members it removes, so a managed membership is first
     * turned into an unmanaged one.
     */
    private void leave(UserModel user) {
        if (ctx.organizations().isManagedMember(ctx.organization(), user)) {
            GroupModel membership = ctx.membershipGroup();
            user.leaveGroup(membership);
            user.joinGroup(membership, new MembershipMetadata(MembershipType.UNMANAGED));
        }
        ctx.organizations().removeMember(ctx.organization(), user);
    }

    private void flush() {
        ctx.session().getProvider(JpaConnectionProvider.class).getEntityManager().flush();
    }

    private static ObjectNode representation(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ScimException.invalidSyntax("A User must be a JSON object");
        }
        ObjectNode rep = (ObjectNode) Names.canonicalize(body);
        PatchApplier.normalize(rep);
        return rep;
    }

    /** The account's email; with {@code emailAsUsername} and no email sent, a {@code userName} that is an email. */
    private String emailOf(ObjectNode rep, String userName) {
        String email = UserWriter.primaryEmail(rep);
        if (email == null && ctx.config().emailAsUsername() && userName.indexOf('@') > 0) {
            return userName;
        }
        return email;
    }

    private static String userName(ObjectNode rep) {
        JsonNode v = rep.get("userName");
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw ScimException.invalidValue("userName is required");
        }
        String s = v.asText();
        if (s.length() > Scim.MAX_COLUMN) {
            throw ScimException.invalidValue("userName is longer than " + Scim.MAX_COLUMN + " characters");
        }
        if (!s.strip().equals(s) || s.chars().anyMatch(Character::isISOControl)) {
            throw ScimException.invalidValue("userName must not start or end with spaces or hold control characters");
        }
        return s;
    }

    private static String externalId(ObjectNode rep) {
        JsonNode v = rep.get("externalId");
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isValueNode()) {
            throw ScimException.invalidValue("externalId must be a string");
        }
        String s = v.asText();
        if (s.length() > Scim.MAX_COLUMN) {
            throw ScimException.invalidValue("externalId is longer than " + Scim.MAX_COLUMN + " characters");
        }
        return s.isEmpty() ? null : s;
    }
}
