package dev.tenancy.scim.users;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import jakarta.persistence.Tuple;
import jakarta.persistence.criteria.AbstractQuery;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Expression;
import jakarta.persistence.criteria.From;
import jakarta.persistence.criteria.Join;
import jakarta.persistence.criteria.JoinType;
import jakarta.persistence.criteria.Order;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import jakarta.persistence.criteria.Subquery;

import com.unboundid.scim2.common.filters.Filter;

import org.keycloak.models.GroupModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.jpa.UserAdapter;
import org.keycloak.models.jpa.entities.GroupEntity;
import org.keycloak.models.jpa.entities.UserAttributeEntity;
import org.keycloak.models.jpa.entities.UserEntity;
import org.keycloak.models.jpa.entities.UserGroupMembershipEntity;

import dev.tenancy.orgs.api.LinkPaths;
import dev.tenancy.orgs.api.UserLink;
import dev.tenancy.scim.ScimContext;
import dev.tenancy.scim.protocol.Scim;
import dev.tenancy.scim.protocol.ScimException;
import dev.tenancy.scim.protocol.SearchParams;
import dev.tenancy.scim.query.FilterTranslator;
import dev.tenancy.scim.query.OrganizationQuery;
import dev.tenancy.scim.query.Page;
import dev.tenancy.scim.query.Paging;
import dev.tenancy.scim.query.Resolver;
import dev.tenancy.scim.query.Target;

/**
 * The organization's members, filtered, sorted and paged in the database: rows of the membership
 * table for the organization's internal group, joined to users and to this organization's user links.
 * The default order (no {@code sortBy}) is the user id, the order of the membership table's primary
 * key, so that any page of the unfiltered list is an index range.
 */
final class UserQuery extends OrganizationQuery {

    /** A page row: the user id and its link, if any. */
    record Row(String userId, Optional<UserLink> link) {
    }

    UserQuery(ScimContext ctx) {
        super(ctx);
    }

    Page<Row> page(SearchParams params) {
        Filter filter = params.filter() == null ? null : FilterTranslator.parse(params.filter());
        if (filter == null && params.sortBy() == null) {
            return defaultPage(params);
        }
        return Paging.page(em, params, (cb, count) -> {
            Root<UserGroupMembershipEntity> m = count.from(UserGroupMembershipEntity.class);
            if (filter == null) {
                membersOnly(cb, count, m);
                return;
            }
            Join<UserGroupMembershipEntity, UserEntity> u = m.join("user");
            LinkPaths link = ctx.orgs().userLinks().leftJoin(cb, u, u.get("id"), ctx.organizationId());
            count.select(cb.count(m)).where(where(cb, count, m, u, link, filter));
        }, (cb, q) -> {
            Root<UserGroupMembershipEntity> m = q.from(UserGroupMembershipEntity.class);
            Join<UserGroupMembershipEntity, UserEntity> u = m.join("user");
            LinkPaths link = ctx.orgs().userLinks().leftJoin(cb, u, u.get("id"), ctx.organizationId());
            select(q, u, link);
            q.where(where(cb, q, m, u, link, filter));
            q.orderBy(order(cb, m, u, link, params));
        }, this::row);
    }

    /**
     * The unfiltered, unsorted page: a range of the membership table's primary key
     * {@code (GROUP_ID, USER_ID)}, so that a page deep into a large organization reads the index up to
     * its offset and nothing else (no join of every member, no sort). The page's rows (user and link)
     * are then read by id, in one query.
     */
    private Page<Row> defaultPage(SearchParams params) {
        Page<String> ids = Paging.page(em, params, (cb, count) -> membersOnly(cb, count, count.from(UserGroupMembershipEntity.class)), (cb, q) -> {
            Root<UserGroupMembershipEntity> m = q.from(UserGroupMembershipEntity.class);
            q.multiselect(m.get("user").get("id"));
            q.where(cb.equal(m.get("groupId"), membershipGroupId));
            q.orderBy(cb.asc(m.get("user").get("id")));
        }, t -> t.get(0, String.class));
        if (ids.rows().isEmpty()) {
            return new Page<>(ids.total(), List.of());
        }
        CriteriaBuilder cb = em.getCriteriaBuilder();
        CriteriaQuery<Tuple> q = cb.createTupleQuery();
        Root<UserEntity> u = q.from(UserEntity.class);
        LinkPaths link = ctx.orgs().userLinks().leftJoin(cb, u, u.get("id"), ctx.organizationId());
        select(q, u, link);
        q.where(u.get("id").in(ids.rows()));
        Map<String, Row> byId = new HashMap<>();
        em.createQuery(q).getResultList().forEach(t -> {
            Row r = row(t);
            byId.put(r.userId(), r);
        });
        List<Row> rows = new ArrayList<>(ids.rows().size());
        for (String id : ids.rows()) {
            Row r = byId.get(id);
            if (r != null) {
                rows.add(r);
            }
        }
        return new Page<>(ids.total(), rows);
    }

    /** Every membership row is one member (a foreign key to the user, at most one link per user): counted from the index alone. */
    private void membersOnly(CriteriaBuilder cb, CriteriaQuery<Long> count, Root<UserGroupMembershipEntity> m) {
        count.select(cb.count(m)).where(cb.equal(m.get("groupId"), membershipGroupId));
    }

    private static void select(CriteriaQuery<Tuple> q, From<?, UserEntity> u, LinkPaths link) {
        q.multiselect(u.get("id"), link.externalId(), link.userName(), link.version(), link.created(), link.lastModified());
    }

    private Row row(Tuple t) {
        String id = t.get(0, String.class);
        Long version = t.get(3, Long.class);
        return new Row(id, version == null ? Optional.empty() : Optional.of(new UserLink(ctx.organizationId(), id,
                t.get(1, String.class), t.get(2, String.class), false, version,
                Paging.instant(t.get(4, Long.class)), Paging.instant(t.get(5, Long.class)))));
    }

    /** This organization's groups of each of the users, in one query: {@code userId → [{groupId, name}]}. */
    Map<String, List<String[]>> groupsOf(List<String> userIds) {
        Map<String, List<String[]>> out = new HashMap<>();
        if (userIds.isEmpty()) {
            return out;
        }
        List<Object[]> rows = em.createQuery("select m.user.id, g.id, g.name from UserGroupMembershipEntity m, GroupEntity g"
                        + " where m.groupId = g.id and g.organization.id = :org and g.type = :type and g.id <> :membership"
                        + " and m.user.id in :ids order by g.name", Object[].class)
                .setParameter("org", ctx.organizationId())
                .setParameter("type", GroupModel.Type.ORGANIZATION.intValue())
                .setParameter("membership", membershipGroupId)
                .setParameter("ids", userIds)
                .getResultList();
        for (Object[] r : rows) {
            out.computeIfAbsent((String) r[0], k -> new ArrayList<>()).add(new String[] {(String) r[1], (String) r[2]});
        }
        return out;
    }

    /**
     * The page's accounts in one query, attributes fetched with them, keyed by id. Only local accounts:
     * a row with a federation link is left out, so that the caller reads it through its storage provider
     * (LDAP and others decorate what the database holds). Rendered from Keycloak's own JPA adapter,
     * which is what the user cache is filled from, so a list item is the same resource as a single GET.
     */
    Map<String, UserModel> localUsers(List<String> userIds) {
        Map<String, UserModel> out = new HashMap<>();
        if (userIds.isEmpty()) {
            return out;
        }
        RealmModel realm = ctx.realm();
        em.createQuery("select distinct u from UserEntity u left join fetch u.attributes"
                        + " where u.id in :ids and u.realmId = :realm and u.federationLink is null", UserEntity.class)
                .setParameter("ids", userIds)
                .setParameter("realm", realm.getId())
                .getResultList()
                .forEach(e -> out.put(e.getId(), new UserAdapter(ctx.session(), realm, em, e)));
        return out;
    }

    /** The custom organization roles each of the users holds here, in one query: {@code userId → names}. */
    Map<String, Set<String>> rolesOf(List<String> userIds, Set<String> custom) {
        Map<String, Set<String>> out = new HashMap<>();
        if (userIds.isEmpty() || custom.isEmpty()) {
            return out;
        }
        em.createQuery("select m.userId, m.roleName from OrgRoleMemberEntity m"
                        + " where m.realmId = :realm and m.organizationId = :org and m.userId in :ids", Object[].class)
                .setParameter("realm", ctx.realm().getId())
                .setParameter("org", ctx.organizationId())
                .setParameter("ids", userIds)
                .getResultList()
                .stream()
                .filter(r -> custom.contains((String) r[1]))
                .forEach(r -> out.computeIfAbsent((String) r[0], k -> new TreeSet<>()).add((String) r[1]));
        return out;
    }

    private Predicate[] where(CriteriaBuilder cb, AbstractQuery<?> q, Root<UserGroupMembershipEntity> m,
                              Join<UserGroupMembershipEntity, UserEntity> u, LinkPaths link, Filter filter) {
        List<Predicate> all = new ArrayList<>();
        all.add(cb.equal(m.get("groupId"), membershipGroupId));
        // redundant for the result (the group is in the realm), but it makes Keycloak's (REALM_ID, USERNAME)
        // and (REALM_ID, EMAIL) indexes usable for userName/emails filters and for the userName order
        all.add(cb.equal(u.get("realmId"), ctx.realm().getId()));
        if (filter != null) {
            all.add(new FilterTranslator(cb, q, u, resolver(cb, q, u, link)).translate(filter));
        }
        return all.toArray(Predicate[]::new);
    }

    private Resolver resolver(CriteriaBuilder cb, AbstractQuery<?> q, Join<UserGroupMembershipEntity, UserEntity> u, LinkPaths link) {
        return (schema, attribute, sub) -> {
            if (Scim.ENTERPRISE_SCHEMA.equals(schema)) {
                if (UserAttributes.ENTERPRISE_SIMPLE.contains(attribute) && sub == null) {
                    return new Target.UserAttribute(attribute);
                }
                if (UserAttributes.MANAGER.equals(attribute) && (sub == null || sub.equals("value"))) {
                    return new Target.UserAttribute(UserAttributes.MANAGER);
                }
                return null;
            }
            String key = sub == null ? attribute : attribute + "." + sub;
            switch (key) {
                case "id":
                    return new Target.Text(u.get("id"), true);
                case "userName":
                    return new Target.Text(u.get("username"), false, true);
                case "externalId":
                    return new Target.Text(link.externalId(), true);
                case "name.givenName":
                    return new Target.Text(u.get("firstName"), false);
                case "name.familyName":
                    return new Target.Text(u.get("lastName"), false);
                case "emails":
                case "emails.value":
                    return new Target.Text(u.get("email"), false, true);
                case "emails.type":
                    return new Target.Constant("work");
                case "emails.primary":
                    return new Target.Constant("true");
                case "active":
                    return new Target.Bool(u.get("enabled"));
                case "meta.created":
                    return new Target.EpochMillis(u.get("createdTimestamp"));
                case "meta.lastModified":
                    return new Target.EpochMillis(link.lastModified());
                case "groups":
                case "groups.value":
                    return (Target.Exists) value -> inOrganizationGroup(cb, q, u, value);
                default:
                    break;
            }
            if (sub == null && UserAttributes.CORE_SIMPLE.contains(attribute)) {
                return new Target.UserAttribute(attribute);
            }
            if ("name".equals(attribute) && sub != null && UserAttributes.NAME_ATTRIBUTES.containsKey(sub)) {
                return new Target.UserAttribute(UserAttributes.NAME_ATTRIBUTES.get(sub));
            }
            return null;
        };
    }

    private Predicate inOrganizationGroup(CriteriaBuilder cb, AbstractQuery<?> q, Join<UserGroupMembershipEntity, UserEntity> u, String groupId) {
        Subquery<String> sq = q.subquery(String.class);
        Root<UserGroupMembershipEntity> gm = sq.from(UserGroupMembershipEntity.class);
        Root<GroupEntity> g = sq.from(GroupEntity.class);
        List<Predicate> p = new ArrayList<>(List.of(
                cb.equal(gm.get("user"), u),
                cb.equal(gm.get("groupId"), g.get("id")),
                cb.equal(g.get("organization").get("id"), ctx.organizationId()),
                cb.equal(g.get("type"), GroupModel.Type.ORGANIZATION.intValue()),
                cb.notEqual(g.get("id"), membershipGroupId)));
        if (groupId != null) {
            p.add(cb.equal(g.get("id"), groupId));
        }
        sq.select(g.get("id")).where(p.toArray(Predicate[]::new));
        return cb.exists(sq);
    }

    /**
     * {@code sortBy} first, the username breaking its ties (as before); without {@code sortBy}, the
     * user id, which the membership table's primary key {@code (GROUP_ID, USER_ID)} already orders:
     * the same order as the unfiltered page, so that a filter does not reshuffle it.
     */
    private List<Order> order(CriteriaBuilder cb, Root<UserGroupMembershipEntity> m, Join<UserGroupMembershipEntity, UserEntity> u,
                              LinkPaths link, SearchParams params) {
        List<Order> orders = new ArrayList<>();
        if (params.sortBy() != null) {
            Expression<?> key = sortKey(u, link, params.sortBy());
            orders.add(params.descending() ? cb.desc(key) : cb.asc(key));
            orders.add(cb.asc(u.get("username")));
        } else {
            orders.add(cb.asc(m.get("user").get("id")));
        }
        return orders;
    }

    private Expression<?> sortKey(Join<UserGroupMembershipEntity, UserEntity> u, LinkPaths link, String sortBy) {
        String key = sortBy.trim();
        if (key.regionMatches(true, 0, Scim.USER_SCHEMA + ":", 0, Scim.USER_SCHEMA.length() + 1)) {
            key = key.substring(Scim.USER_SCHEMA.length() + 1);
        }
        switch (key.toLowerCase(java.util.Locale.ROOT)) {
            case "username":
                return u.get("username");
            case "name.givenname":
                return u.get("firstName");
            case "name.familyname":
                return u.get("lastName");
            case "emails":
            case "emails.value":
                return u.get("email");
            case "externalid":
                return link.externalId();
            case "meta.created":
                return u.get("createdTimestamp");
            case "meta.lastmodified":
                return link.lastModified();
            case "id":
                return u.get("id");
            case "displayname": {
                Join<UserEntity, UserAttributeEntity> a = u.join("attributes", JoinType.LEFT);
                a.on(em.getCriteriaBuilder().equal(a.get("name"), "displayName"));
                return a.get("value");
            }
            default:
                throw ScimException.invalidValue("Cannot sort by " + sortBy);
        }
    }
}
