package dev.tenancy.scim.query;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.persistence.criteria.AbstractQuery;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.Expression;
import jakarta.persistence.criteria.From;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import jakarta.persistence.criteria.Subquery;

import com.fasterxml.jackson.databind.node.ValueNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.filters.AndFilter;
import com.unboundid.scim2.common.filters.ComplexValueFilter;
import com.unboundid.scim2.common.filters.ContainsFilter;
import com.unboundid.scim2.common.filters.EndsWithFilter;
import com.unboundid.scim2.common.filters.EqualFilter;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.filters.FilterVisitor;
import com.unboundid.scim2.common.filters.GreaterThanFilter;
import com.unboundid.scim2.common.filters.GreaterThanOrEqualFilter;
import com.unboundid.scim2.common.filters.LessThanFilter;
import com.unboundid.scim2.common.filters.LessThanOrEqualFilter;
import com.unboundid.scim2.common.filters.NotEqualFilter;
import com.unboundid.scim2.common.filters.NotFilter;
import com.unboundid.scim2.common.filters.OrFilter;
import com.unboundid.scim2.common.filters.PresentFilter;
import com.unboundid.scim2.common.filters.StartsWithFilter;

import org.keycloak.models.jpa.entities.UserAttributeEntity;

import dev.tenancy.scim.protocol.Names;
import dev.tenancy.scim.protocol.Scim;
import dev.tenancy.scim.protocol.ScimException;

/**
 * Turns a SCIM filter tree (parsed by the SCIM SDK) into a JPA criteria predicate, so that filtering
 * runs in the database. Attributes are mapped by a {@link Resolver}; an attribute it does not know,
 * or an operator that makes no sense for it, is a 400 {@code invalidFilter}.
 */
public final class FilterTranslator implements FilterVisitor<Predicate, String> {

    enum Op { EQ, NE, CO, SW, EW, GT, GE, LT, LE, PR }

    private final CriteriaBuilder cb;
    private final AbstractQuery<?> query;
    private final From<?, ?> user;
    private final Resolver resolver;

    /**
     * @param user the {@code UserEntity} path user attributes belong to, or {@code null} when the query has none
     */
    public FilterTranslator(CriteriaBuilder cb, AbstractQuery<?> query, From<?, ?> user, Resolver resolver) {
        this.cb = cb;
        this.query = query;
        this.user = user;
        this.resolver = resolver;
    }

    public static Filter parse(String filter) {
        FilterLimits.check(filter, ScimException::invalidFilter);
        try {
            return Filter.fromString(ValuePathComparisons.rewrite(filter));
        } catch (BadRequestException | RuntimeException e) {
            throw ScimException.invalidFilter("Invalid filter: " + e.getMessage());
        }
    }

    public Predicate translate(Filter filter) {
        try {
            return filter.visit(this, null);
        } catch (com.unboundid.scim2.common.exceptions.ScimException e) {
            throw ScimException.invalidFilter(e.getMessage());
        }
    }

    @Override
    public Predicate visit(EqualFilter f, String parent) {
        return compare(f.getAttributePath(), parent, Op.EQ, f.getComparisonValue());
    }

    @Override
    public Predicate visit(NotEqualFilter f, String parent) {
        return compare(f.getAttributePath(), parent, Op.NE, f.getComparisonValue());
    }

    @Override
    public Predicate visit(ContainsFilter f, String parent) {
        return compare(f.getAttributePath(), parent, Op.CO, f.getComparisonValue());
    }

    @Override
    public Predicate visit(StartsWithFilter f, String parent) {
        return compare(f.getAttributePath(), parent, Op.SW, f.getComparisonValue());
    }

    @Override
    public Predicate visit(EndsWithFilter f, String parent) {
        return compare(f.getAttributePath(), parent, Op.EW, f.getComparisonValue());
    }

    @Override
    public Predicate visit(PresentFilter f, String parent) {
        return compare(f.getAttributePath(), parent, Op.PR, null);
    }

    @Override
    public Predicate visit(GreaterThanFilter f, String parent) {
        return compare(f.getAttributePath(), parent, Op.GT, f.getComparisonValue());
    }

    @Override
    public Predicate visit(GreaterThanOrEqualFilter f, String parent) {
        return compare(f.getAttributePath(), parent, Op.GE, f.getComparisonValue());
    }

    @Override
    public Predicate visit(LessThanFilter f, String parent) {
        return compare(f.getAttributePath(), parent, Op.LT, f.getComparisonValue());
    }

    @Override
    public Predicate visit(LessThanOrEqualFilter f, String parent) {
        return compare(f.getAttributePath(), parent, Op.LE, f.getComparisonValue());
    }

    @Override
    public Predicate visit(AndFilter f, String parent) throws com.unboundid.scim2.common.exceptions.ScimException {
        List<Predicate> all = new ArrayList<>();
        for (Filter c : f.getCombinedFilters()) {
            all.add(c.visit(this, parent));
        }
        return cb.and(all.toArray(Predicate[]::new));
    }

    @Override
    public Predicate visit(OrFilter f, String parent) throws com.unboundid.scim2.common.exceptions.ScimException {
        List<Predicate> any = new ArrayList<>();
        for (Filter c : f.getCombinedFilters()) {
            any.add(c.visit(this, parent));
        }
        return cb.or(any.toArray(Predicate[]::new));
    }

    @Override
    public Predicate visit(NotFilter f, String parent) throws com.unboundid.scim2.common.exceptions.ScimException {
        return cb.not(f.getInvertedFilter().visit(this, parent));
    }

    @Override
    public Predicate visit(ComplexValueFilter f, String parent) throws com.unboundid.scim2.common.exceptions.ScimException {
        if (parent != null) {
            throw ScimException.invalidFilter("Nested value filters are not allowed");
        }
        Path p = f.getAttributePath();
        String prefix = (p.getSchemaUrn() == null ? "" : p.getSchemaUrn() + ":") + p.getElement(0).getAttribute();
        return f.getValueFilter().visit(this, prefix);
    }

    private Predicate compare(Path path, String parent, Op op, ValueNode value) {
        String schema;
        String attribute;
        String sub;
        if (parent != null) {
            Path outer = Path.of(parent);
            schema = outer.getSchemaUrn();
            attribute = Names.canonical(outer.getElement(0).getAttribute());
            sub = Names.canonical(path.getElement(0).getAttribute());
        } else {
            schema = path.getSchemaUrn();
            if (path.size() == 0) {
                throw ScimException.invalidFilter("A filter needs an attribute");
            }
            attribute = Names.canonical(path.getElement(0).getAttribute());
            sub = path.size() > 1 ? Names.canonical(path.getElement(1).getAttribute()) : null;
        }
        schema = normalizeSchema(schema);
        Target target = resolver.resolve(schema, attribute, sub);
        if (target == null) {
            throw ScimException.invalidFilter("Cannot filter on " + (sub == null ? attribute : attribute + "." + sub));
        }
        if (op != Op.PR && (value == null || value.isNull())) {
            return op == Op.NE ? presence(target) : cb.not(presence(target));
        }
        return predicate(target, op, value);
    }

    static String normalizeSchema(String schema) {
        if (schema == null || schema.equalsIgnoreCase(Scim.USER_SCHEMA) || schema.equalsIgnoreCase(Scim.GROUP_SCHEMA)) {
            return null;
        }
        if (schema.equalsIgnoreCase(Scim.ENTERPRISE_SCHEMA)) {
            return Scim.ENTERPRISE_SCHEMA;
        }
        throw ScimException.invalidFilter("Unknown schema " + schema);
    }

    private Predicate presence(Target target) {
        return predicate(target, Op.PR, null);
    }

    private Predicate predicate(Target target, Op op, ValueNode value) {
        if (target instanceof Target.Text t) {
            if (op == Op.PR) {
                return cb.and(cb.isNotNull(t.column()), cb.notEqual(t.column(), ""));
            }
            Expression<String> col = t.caseExact() || t.lowercased() ? t.column() : cb.lower(t.column());
            String v = text(value);
            v = t.caseExact() ? v : v.toLowerCase(Locale.ROOT);
            Predicate p = string(col, op, v);
            return op == Op.NE ? cb.or(p, cb.isNull(t.column())) : p;
        }
        if (target instanceof Target.UserAttribute a) {
            if (user == null) {
                throw ScimException.invalidFilter("Cannot filter on " + a.name());
            }
            Subquery<String> sq = query.subquery(String.class);
            Root<UserAttributeEntity> attr = sq.from(UserAttributeEntity.class);
            List<Predicate> where = new ArrayList<>(List.of(cb.equal(attr.get("user"), user), cb.equal(attr.get("name"), a.name())));
            if (op == Op.PR) {
                where.add(cb.notEqual(attr.get("value"), ""));
            } else {
                String v = text(value).toLowerCase(Locale.ROOT);
                where.add(string(cb.lower(attr.get("value")), op == Op.NE ? Op.EQ : op, v));
            }
            sq.select(attr.get("id")).where(where.toArray(Predicate[]::new));
            return op == Op.NE ? cb.not(cb.exists(sq)) : cb.exists(sq);
        }
        if (target instanceof Target.Bool b) {
            if (op == Op.PR) {
                return cb.isNotNull(b.column());
            }
            if (!value.isBoolean() && !(value.isTextual() && (value.asText().equalsIgnoreCase("true") || value.asText().equalsIgnoreCase("false")))) {
                throw ScimException.invalidFilter("A boolean attribute compares with true or false");
            }
            boolean v = value.isBoolean() ? value.asBoolean() : Boolean.parseBoolean(value.asText().toLowerCase(Locale.ROOT));
            return switch (op) {
                case EQ -> cb.equal(b.column(), v);
                case NE -> cb.notEqual(b.column(), v);
                default -> throw ScimException.invalidFilter("Operator " + op.name().toLowerCase(Locale.ROOT) + " does not apply to a boolean");
            };
        }
        if (target instanceof Target.EpochMillis m) {
            if (op == Op.PR) {
                return cb.isNotNull(m.column());
            }
            return ordered(m.column(), op, instant(value).toEpochMilli());
        }
        if (target instanceof Target.Exists e) {
            if (op == Op.PR) {
                return e.matching(null);
            }
            if (op == Op.EQ) {
                return e.matching(text(value));
            }
            if (op == Op.NE) {
                return cb.not(e.matching(text(value)));
            }
            throw ScimException.invalidFilter("Only eq, ne and pr apply to this attribute");
        }
        if (target instanceof Target.Constant c) {
            boolean holds = switch (op) {
                case PR -> true;
                case EQ -> c.value().equalsIgnoreCase(value.asText());
                case NE -> !c.value().equalsIgnoreCase(value.asText());
                default -> false;
            };
            return holds ? cb.conjunction() : cb.disjunction();
        }
        throw ScimException.invalidFilter("Unsupported attribute");
    }

    private <T extends Comparable<? super T>> Predicate ordered(Expression<T> col, Op op, T v) {
        return switch (op) {
            case EQ -> cb.equal(col, v);
            case NE -> cb.or(cb.notEqual(col, v), cb.isNull(col));
            case GT -> cb.greaterThan(col, v);
            case GE -> cb.greaterThanOrEqualTo(col, v);
            case LT -> cb.lessThan(col, v);
            case LE -> cb.lessThanOrEqualTo(col, v);
            default -> throw ScimException.invalidFilter("Operator " + op.name().toLowerCase(Locale.ROOT) + " does not apply to a date");
        };
    }

    private Predicate string(Expression<String> col, Op op, String v) {
        return switch (op) {
            case EQ -> cb.equal(col, v);
            case NE -> cb.notEqual(col, v);
            case CO -> cb.like(col, "%" + escape(v) + "%", '\\');
            case SW -> cb.like(col, escape(v) + "%", '\\');
            case EW -> cb.like(col, "%" + escape(v), '\\');
            case GT -> cb.greaterThan(col, v);
            case GE -> cb.greaterThanOrEqualTo(col, v);
            case LT -> cb.lessThan(col, v);
            case LE -> cb.lessThanOrEqualTo(col, v);
            case PR -> cb.isNotNull(col);
        };
    }

    private static String text(ValueNode value) {
        if (value.isTextual() || value.isNumber() || value.isBoolean()) {
            return value.asText();
        }
        throw ScimException.invalidFilter("Unsupported comparison value " + value);
    }

    private static Instant instant(ValueNode value) {
        try {
            return OffsetDateTime.parse(value.asText()).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(value.asText());
            } catch (DateTimeParseException e2) {
                throw ScimException.invalidFilter("Not a dateTime: " + value.asText());
            }
        }
    }

    static String escape(String v) {
        return v.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
