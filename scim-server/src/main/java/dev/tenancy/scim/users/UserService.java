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
import org.keycloak.storage.UserStorageProvider;
import org.keycloak.representations.idm.MembershipType;

import dev.tenancy.orgs.api.Deprovision;
import dev.tenancy.orgs.api.MemberCreatedEvent;
import dev.tenancy.orgs.api.UserLink;
import dev.tenancy.orgs.api.UserLinkStore;
import dev.tenancy.scim.Audit;
import dev.tenancy.scim.MemberChanges;
import dev.tenancy.scim.ETags;
import dev.tenancy.scim.ScimContext;
import dev.tenancy.scim.patch.PatchApplier;
import dev.tenancy.scim.patch.PatchParser;
import dev.tenancy.scim.protocol.AttributeSelection;
import dev.tenancy.scim.protocol.Names;
import dev.tenancy.scim.protocol.Responses;
import dev.tenancy.scim.protocol.Scim;
import dev.tenancy.scim.protocol.ScimException;
import dev.tenancy.scim.protocol.ScimResult;
import dev.tenancy.scim.protocol.SearchParams;
import dev.tenancy.scim.protocol.Values;
import dev.tenancy.scim.query.Page;
import dev.tenancy.scim.resource.ScimResourceType;

/**
 * SCIM Users of one organization: its members. Reads and writes of anything else answer 404. Every
 * write goes through {@link AccountPolicy}: what the organization may change depends on whether it
 * owns the account.
 */
public final class UserService implements ScimResourceType {

    @Override
    public Kind kind() {
        return Kind.USERS;
    }

    private static final PatchApplier PATCH = new PatchApplier(UserAttributes.MULTI_VALUED);

    private final ScimContext ctx;
    private final UserProvider users;
    private final UserLinkStore links;
    private final AccountPolicy policy;
    private final AccountValidation validation;

    public UserService(ScimContext ctx) {
        this.ctx = ctx;
        this.users = ctx.session().users();
        this.links = ctx.orgs().userLinks();
        this.policy = new AccountPolicy(ctx.realm(), ctx.organization(), ctx.orgs(), ctx.organizations());
        this.validation = new AccountValidation(ctx.session());
    }

    @Override
    public ScimResult get(String id, AttributeSelection selection, String ifNoneMatch) {
        UserModel user = member(id);
        Optional<UserLink> link = links.get(ctx.realm(), ctx.organizationId(), user.getId());
        ObjectNode rep = UserReader.toScim(ctx, user, link);
        return ETags.read(rep, ifNoneMatch, selection, Scim.USER_SCHEMA);
    }

    @Override
    public ScimResult list(SearchParams params) {
        UserQuery query = new UserQuery(ctx);
        Page<UserQuery.Row> page = query.page(params);
        ArrayNode resources = Scim.NODES.arrayNode();
        List<String> ids = page.rows().stream().map(UserQuery.Row::userId).toList();
        java.util.Map<String, List<String[]>> groups = query.groupsOf(ids);
        java.util.Set<String> custom = page.rows().isEmpty() ? java.util.Set.of() : UserRoles.custom(ctx);
        java.util.Map<String, java.util.Set<String>> held = query.rolesOf(ids, custom);
        java.util.Map<String, UserModel> local = query.localUsers(ids);
        for (UserQuery.Row row : page.rows()) {
            UserModel user = local.get(row.userId());
            if (user == null) {
                user = users.getUserById(ctx.realm(), row.userId());
            }
            if (user != null) {
                List<String[]> own = groups.getOrDefault(row.userId(), List.of());
                java.util.Set<String> roles = held.getOrDefault(row.userId(), java.util.Set.of());
                resources.add(params.selection().apply(UserReader.toScim(ctx, user, row.link(), own, roles), Scim.USER_SCHEMA));
            }
        }
        return ScimResult.ok(Responses.listResponse(page.total(), params.startIndex(), resources));
    }

    /**
     * Creates an account and its membership; or, for an existing account, re-provisions one this
     * organization owns that is no longer its member, or adopts one that {@code adoptExistingUsers}
     * allows. Anything else that exists is a 409 that reveals nothing of the account.
     */
    @Override
    public ScimResult create(JsonNode body) {
        ObjectNode rep = representation(body);
        UserInput in = UserInput.of(rep, ctx.config().emailAsUsername());
        java.util.Set<String> custom = rep.has("roles") ? UserRoles.custom(ctx) : java.util.Set.of();
        java.util.Set<String> roles = UserRoles.requested(rep, custom);
        UserModel existing = existing(in.username(), in.email());
        if (existing == null) {
            return createFresh(rep, in, roles);
        }
        UserModel user;
        if (policy.rehirable(existing) || policy.adoptable(existing, ctx.config().adoptExistingUsers())) {
            claimExternalId(in.externalId(), existing.getId());
            user = existing;
        } else {
            throw ScimException.uniqueness("userName or email is already in use");
        }
        writeAccount(user, rep, in.username(), in.email(), false);
        user.setEnabled(in.active() == null || in.active());
        if (!ctx.organization().isMember(user)) {
            join(user, in.externalId() != null ? in.externalId() : in.userName());
        }
        if (roles != null) {
            UserRoles.apply(ctx, user, UserRoles.held(ctx, user, custom), roles);
        }
        UserLink previous = links.get(ctx.realm(), ctx.organizationId(), user.getId()).orElse(null);
        UserLink link = links.saveClaimed(ctx.realm(), new UserLink(ctx.organizationId(), user.getId(), in.externalId(), in.userName(), true, 0,
                previous == null ? null : previous.created(), null));
        // the link store flushed: a duplicate surfaced there, inside this request's error handling
        ObjectNode out = UserReader.toScim(ctx, user, Optional.of(link));
        return Audit.created(ctx, ResourceType.USER, "Users", user.getId(), out);
    }

    /**
     * An account this request creates. What {@link #existing} established is not asked again: no
     * account holds the username or (unless the realm allows duplicates) the email, so the new account
     * is nobody's member, holds no group and no role, and has no link. The checks that guard accounts
     * the request did not create (ownership, privileged accounts) have nothing to guard here.
     */
    private ScimResult createFresh(ObjectNode rep, UserInput in, java.util.Set<String> roles) {
        validation.check("username", "userName", in.username());
        claimExternalId(in.externalId(), null);
        UserModel user = users.addUser(ctx.realm(), in.username());
        writeAccount(user, rep, in.username(), in.email(), true);
        user.setEnabled(in.active() == null || in.active());
        long changes = MemberChanges.count(ctx.session());
        join(user, in.externalId() != null ? in.externalId() : in.userName());
        // access rules run when the account joins: when they gave it roles or groups, the account's state
        // is read back (below and by event capture) instead of described from what this request did
        boolean ruled = MemberChanges.count(ctx.session()) != changes;
        java.util.Set<String> held = java.util.Set.of();
        if (roles != null) {
            UserRoles.apply(ctx, user, java.util.Set.of(), roles); // grants what was asked; takes nothing a rule gave
            held = roles;
        }
        if (!ruled) {
            // the new account's whole organization state, so that event capture need not read it back at commit
            ctx.session().getKeycloakSessionFactory().publish(new MemberCreatedEvent(ctx.session(), ctx.realm(), user.getId(),
                    ctx.organizationId(), ctx.organization().getAlias(), held));
        }
        // the link store flushes: a concurrent duplicate surfaces here, inside this request's error handling
        UserLink link = links.insert(ctx.realm(), new UserLink(ctx.organizationId(), user.getId(), in.externalId(), in.userName(), true, 0, null, null));
        ObjectNode out = ruled ? UserReader.toScim(ctx, user, Optional.of(link)) : UserReader.toScim(ctx, user, Optional.of(link), List.of(), held);
        return Audit.created(ctx, ResourceType.USER, "Users", user.getId(), out);
    }

    @Override
    public ScimResult replace(String id, JsonNode body, String ifMatch) {
        UserModel user = member(id);
        Optional<UserLink> link = links.get(ctx.realm(), ctx.organizationId(), user.getId());
        ObjectNode current = UserReader.toScim(ctx, user, link);
        ETags.checkIfMatch(ifMatch, current.path("meta").path("version").asText());
        return store(user, link, current, representation(body), OperationType.UPDATE);
    }

    @Override
    public ScimResult patch(String id, JsonNode body, String ifMatch, AttributeSelection selection) {
        UserModel user = member(id);
        Optional<UserLink> link = links.get(ctx.realm(), ctx.organizationId(), user.getId());
        ObjectNode current = UserReader.toScim(ctx, user, link);
        ETags.checkIfMatch(ifMatch, current.path("meta").path("version").asText());
        ObjectNode rep = current.deepCopy();
        PATCH.apply(rep, PatchParser.parse(body));
        if (current.has("roles") && !rep.has("roles")) {
            rep.putArray("roles"); // every role removed: the user holds none, rather than "roles left alone"
        }
        return store(user, link, current, rep, OperationType.UPDATE);
    }

    /**
     * Applies {@code deprovision} to an account this organization owns (and that is not privileged);
     * any other member just leaves the organization.
     */
    @Override
    public ScimResult delete(String id, String ifMatch) {
        UserModel user = member(id);
        Optional<UserLink> link = links.get(ctx.realm(), ctx.organizationId(), user.getId());
        if (ifMatch != null && !ifMatch.isBlank()) {
            ETags.checkIfMatch(ifMatch, UserReader.toScim(ctx, user, link).path("meta").path("version").asText());
        }
        Deprovision configured = ctx.config().deprovision() == null ? Deprovision.DISABLE : ctx.config().deprovision();
        Deprovision mode = policy.access(user) == AccountPolicy.Access.OWNER ? configured : Deprovision.REMOVE_MEMBERSHIP;
        switch (mode) {
            case DELETE -> users.removeUser(ctx.realm(), user);
            case DISABLE -> {
                user.setEnabled(false);
                leave(user);
            }
            case REMOVE_MEMBERSHIP -> leave(user);
        }
        flush();
        ObjectNode rep = Scim.NODES.objectNode().put("id", id).put("deprovision", mode.name());
        Audit.send(ctx, OperationType.DELETE, ResourceType.USER, "users/" + id, rep);
        return ScimResult.noContent();
    }

    /** PUT and PATCH: the whole new representation, checked against the trust model before anything is written. */
    private ScimResult store(UserModel user, Optional<UserLink> link, ObjectNode current, ObjectNode rep, OperationType operation) {
        // rep is normalized: by representation() for PUT, by the patch applier for PATCH
        UserInput in = UserInput.of(rep, ctx.config().emailAsUsername());
        // roles as they were (a PATCH of other attributes, a PUT repeating them): nothing to check or apply
        boolean rolesAsBefore = rep.path("roles").equals(current.path("roles"));
        java.util.Set<String> custom = rep.has("roles") && !rolesAsBefore ? UserRoles.custom(ctx) : java.util.Set.of();
        java.util.Set<String> roles = rolesAsBefore ? null : UserRoles.requested(rep, custom);
        boolean owner = policy.access(user) == AccountPolicy.Access.OWNER;
        if (owner) {
            claimExternalId(in.externalId(), user.getId());
            writeAccount(user, rep, in.username(), in.email(), false);
            if (in.active() != null) {
                user.setEnabled(in.active());
            }
        } else {
            AccountPolicy.requireUnchanged(user, current, rep, in.username(), in.active());
            claimExternalId(in.externalId(), user.getId());
            if (Boolean.FALSE.equals(in.active())) {
                leave(user);
                flush();
                ObjectNode out = Scim.NODES.objectNode().put("id", user.getId()).put("active", false);
                Audit.send(ctx, operation, ResourceType.USER, "users/" + user.getId(), out);
                ObjectNode gone = UserReader.toScim(ctx, user, Optional.empty(), List.of(), List.of());
                gone.put("active", false);
                return new ScimResult(200, gone, null, null);
            }
        }
        if (roles != null) {
            UserRoles.apply(ctx, user, UserRoles.held(ctx, user, custom), roles);
        }
        boolean provisioned = link.map(UserLink::provisioned).orElse(false);
        // claimExternalId looked the externalId up above (and freed or refused it): not looked up again
        UserLink saved = links.saveClaimed(ctx.realm(), new UserLink(ctx.organizationId(), user.getId(), in.externalId(), in.userName(), provisioned,
                0, link.map(UserLink::created).orElse(null), null));
        ObjectNode out = UserReader.toScim(ctx, user, Optional.of(saved));
        long changes = MemberChanges.count(ctx.session());
        Audit.send(ctx, operation, ResourceType.USER, "users/" + user.getId(), out);
        if (MemberChanges.count(ctx.session()) != changes) {
            // access rules changed the member's roles or groups while the event was sent: answer with that
            out = UserReader.toScim(ctx, user, Optional.of(saved));
        }
        return ScimResult.current(out);
    }

    /**
     * Writes everything the Users mapping names to an account this organization owns: values checked
     * by Keycloak's validators and for uniqueness first; {@code emailVerified} follows the rule that an
     * email set or changed by SCIM is verified only in a verified domain of the organization.
     */
    private void writeAccount(UserModel user, ObjectNode rep, String username, String email, boolean fresh) {
        if (!username.toLowerCase(Locale.ROOT).equals(user.getUsername())) {
            validation.check("username", "userName", username);
            UserModel other = users.getUserByUsername(ctx.realm(), username);
            if (other != null && !other.getId().equals(user.getId())) {
                throw ScimException.uniqueness("userName is already in use");
            }
            user.setUsername(username);
        }
        boolean emailChanged = fresh ? email != null : !Objects.toString(email, "").equalsIgnoreCase(Objects.toString(user.getEmail(), ""));
        if (emailChanged && email != null) {
            validation.check("email", "emails.value", email);
            // a fresh account's email was looked up by existing() before the account was added
            if (!fresh && !ctx.realm().isDuplicateEmailsAllowed()) {
                UserModel other = users.getUserByEmail(ctx.realm(), email);
                if (other != null && !other.getId().equals(user.getId())) {
                    throw ScimException.uniqueness("email is already in use");
                }
            }
        }
        JsonNode name = rep.get("name");
        if (name instanceof ObjectNode n) {
            String given = UserWriter.text(n, "givenName", "name.givenName");
            if (!Objects.equals(given, user.getFirstName())) {
                validation.check("firstName", "name.givenName", given);
            }
            String family = UserWriter.text(n, "familyName", "name.familyName");
            if (!Objects.equals(family, user.getLastName())) {
                validation.check("lastName", "name.familyName", family);
            }
        }
        UserWriter.write(ctx, user, rep, email);
        if (emailChanged) {
            user.setEmailVerified(email != null && policy.verifiedDomain(email));
        }
    }

    /**
     * Takes {@code externalId} for the user: another member's link holding it is a 409; the link of an
     * account that is no longer a member (kept because this organization owns it) gives it up.
     */
    private void claimExternalId(String externalId, String userId) {
        if (externalId == null) {
            return;
        }
        Optional<UserLink> holder = links.findByExternalId(ctx.realm(), ctx.organizationId(), externalId)
                .filter(other -> !other.userId().equals(userId));
        if (holder.isEmpty()) {
            return;
        }
        UserModel other = users.getUserById(ctx.realm(), holder.get().userId());
        if (other != null && ctx.organization().isMember(other)) {
            throw ScimException.uniqueness("externalId is already used in this organization");
        }
        links.save(ctx.realm(), holder.get().withExternalId(null));
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
        boolean byEmailToo = email != null && !ctx.realm().isDuplicateEmailsAllowed();
        if (nobodyHolds(username, byEmailToo ? email : null)) {
            return null; // the common case of a creation: one query instead of two look-ups
        }
        UserModel byName = users.getUserByUsername(ctx.realm(), username);
        UserModel byEmail = email == null || ctx.realm().isDuplicateEmailsAllowed() ? null : users.getUserByEmail(ctx.realm(), email);
        if (byName != null && byEmail != null && !byName.getId().equals(byEmail.getId())) {
            throw ScimException.uniqueness("userName or email is already in use");
        }
        return byName != null ? byName : byEmail;
    }

    /**
     * Whether no local account of the realm has the username (or, when given, the email), in one query.
     * Only for realms without user storage providers (LDAP, Kerberos, custom): their accounts need not be
     * in the database yet, so there the look-ups go through Keycloak's user provider. Keycloak stores
     * both in lower case.
     */
    private boolean nobodyHolds(String username, String email) {
        if (username == null || ctx.realm().getComponentsStream(ctx.realm().getId(), UserStorageProvider.class.getName()).findAny().isPresent()) {
            return false;
        }
        String jpql = "select u.id from UserEntity u where u.realmId = :realmId and (u.username = :username"
                + (email == null ? ")" : " or u.email = :email)");
        jakarta.persistence.TypedQuery<String> q = ctx.session().getProvider(JpaConnectionProvider.class).getEntityManager()
                .createQuery(jpql, String.class)
                .setParameter("realmId", ctx.realm().getId())
                .setParameter("username", username.toLowerCase(java.util.Locale.ROOT));
        if (email != null) {
            q.setParameter("email", email.toLowerCase(java.util.Locale.ROOT));
        }
        return q.setMaxResults(1).getResultList().isEmpty();
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
        Values.normalize(rep);
        return rep;
    }
}
