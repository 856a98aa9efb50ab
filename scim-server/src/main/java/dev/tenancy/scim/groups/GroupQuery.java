package dev.tenancy.scim.groups;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.persistence.criteria.AbstractQuery;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.Expression;
import jakarta.persistence.criteria.Order;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import jakarta.persistence.criteria.Subquery;

import com.unboundid.scim2.common.filters.Filter;

import org.keycloak.models.GroupModel;
import org.keycloak.models.jpa.entities.GroupEntity;
import org.keycloak.models.jpa.entities.UserGroupMembershipEntity;

import dev.tenancy.orgs.api.GroupLink;
import dev.tenancy.orgs.api.LinkPaths;
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

/** The organization's native groups, filtered, sorted and paged in the database. */
final class GroupQuery extends OrganizationQuery {

    /** A page row: the group's id, its name and its link, if any. */
    record Row(String groupId, String name, Optional<GroupLink> link) {
    }

    GroupQuery(ScimContext ctx) {
        super(ctx);
    }

    Page<Row> page(SearchParams params) {
        Filter filter = params.filter() == null ? null : FilterTranslator.parse(params.filter());
        return Paging.page(em, params, (cb, count) -> {
            Root<GroupEntity> g = count.from(GroupEntity.class);
            LinkPaths link = ctx.orgs().groupLinks().leftJoin(cb, g, g.get("id"), ctx.organizationId());
            count.select(cb.count(g)).where(where(cb, count, g, link, filter));
        }, (cb, q) -> {
            Root<GroupEntity> g = q.from(GroupEntity.class);
            LinkPaths link = ctx.orgs().groupLinks().leftJoin(cb, g, g.get("id"), ctx.organizationId());
            q.multiselect(g.get("id"), link.externalId(), link.version(), link.created(), link.lastModified(), g.get("name"));
            q.where(where(cb, q, g, link, filter));
            List<Order> orders = new ArrayList<>();
            if (params.sortBy() != null) {
                Expression<?> key = sortKey(g, link, params.sortBy());
                orders.add(params.descending() ? cb.desc(key) : cb.asc(key));
            }
            orders.add(cb.asc(g.get("name")));
            orders.add(cb.asc(g.get("id")));
            q.orderBy(orders);
        }, t -> {
            String id = t.get(0, String.class);
            Long version = t.get(2, Long.class);
            return new Row(id, t.get(5, String.class), version == null ? Optional.empty() : Optional.of(new GroupLink(ctx.organizationId(), id,
                    t.get(1, String.class), version, Paging.instant(t.get(3, Long.class)), Paging.instant(t.get(4, Long.class)))));
        });
    }

    private Predicate[] where(CriteriaBuilder cb, AbstractQuery<?> q, Root<GroupEntity> g, LinkPaths link, Filter filter) {
        List<Predicate> all = new ArrayList<>(List.of(
                cb.equal(g.get("organization").get("id"), ctx.organizationId()),
                cb.equal(g.get("type"), GroupModel.Type.ORGANIZATION.intValue()),
                cb.notEqual(g.get("id"), membershipGroupId)));
        if (filter != null) {
            all.add(new FilterTranslator(cb, q, null, resolver(cb, q, g, link)).translate(filter));
        }
        return all.toArray(Predicate[]::new);
    }

    private Resolver resolver(CriteriaBuilder cb, AbstractQuery<?> q, Root<GroupEntity> g, LinkPaths link) {
        return (schema, attribute, sub) -> {
            if (schema != null) {
                return null;
            }
            String key = sub == null ? attribute : attribute + "." + sub;
            return switch (key) {
                case "id" -> new Target.Text(g.get("id"), true);
                case "displayName" -> new Target.Text(g.get("name"), false);
                case "externalId" -> new Target.Text(link.externalId(), true);
                case "meta.created" -> new Target.EpochMillis(g.get("createdTimestamp"));
                case "meta.lastModified" -> new Target.EpochMillis(link.lastModified());
                case "members", "members.value" -> (Target.Exists) value -> {
                    Subquery<String> sq = q.subquery(String.class);
                    Root<UserGroupMembershipEntity> m = sq.from(UserGroupMembershipEntity.class);
                    List<Predicate> p = new ArrayList<>(List.of(cb.equal(m.get("groupId"), g.get("id"))));
                    if (value != null) {
                        p.add(cb.equal(m.get("user").get("id"), value));
                    }
                    sq.select(m.get("groupId")).where(p.toArray(Predicate[]::new));
                    return cb.exists(sq);
                };
                default -> null;
            };
        };
    }

    private static Expression<?> sortKey(Root<GroupEntity> g, LinkPaths link, String sortBy) {
        String key = sortBy.trim();
        if (key.regionMatches(true, 0, Scim.GROUP_SCHEMA + ":", 0, Scim.GROUP_SCHEMA.length() + 1)) {
            key = key.substring(Scim.GROUP_SCHEMA.length() + 1);
        }
        return switch (key.toLowerCase(Locale.ROOT)) {
            case "displayname" -> g.get("name");
            case "externalid" -> link.externalId();
            case "meta.created" -> g.get("createdTimestamp");
            case "meta.lastmodified" -> link.lastModified();
            case "id" -> g.get("id");
            default -> throw ScimException.invalidValue("Cannot sort by " + sortBy);
        };
    }
}
