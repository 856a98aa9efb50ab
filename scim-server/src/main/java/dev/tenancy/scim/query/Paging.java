package dev.tenancy.scim.query;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;

import dev.tenancy.scim.protocol.SearchParams;

/**
 * The skeleton every list of a resource type shares: one count query, no page query when the page is
 * empty (or {@code count=0}), then one page query with the offset and limit of the search, mapped row
 * by row. Resource types say only what is counted and what is selected.
 */
public final class Paging {

    private Paging() {
    }

    /**
     * @param count  fills a count query: its roots, its {@code count(…)} selection and its where clause
     * @param select fills the page query: roots, selection, where clause and order
     * @param row    one result row as the resource type's row
     */
    public static <R> Page<R> page(EntityManager em, SearchParams params, BiConsumer<CriteriaBuilder, CriteriaQuery<Long>> count,
                                   BiConsumer<CriteriaBuilder, CriteriaQuery<Tuple>> select, Function<Tuple, R> row) {
        CriteriaBuilder cb = em.getCriteriaBuilder();
        CriteriaQuery<Long> c = cb.createQuery(Long.class);
        count.accept(cb, c);
        long total = em.createQuery(c).getSingleResult();
        if (params.count() == 0 || total < params.startIndex()) {
            return new Page<>(total, List.of());
        }
        CriteriaQuery<Tuple> q = cb.createTupleQuery();
        select.accept(cb, q);
        List<Tuple> tuples = em.createQuery(q)
                .setFirstResult(params.startIndex() - 1)
                .setMaxResults(params.count())
                .getResultList();
        List<R> rows = new ArrayList<>(tuples.size());
        for (Tuple t : tuples) {
            rows.add(row.apply(t));
        }
        return new Page<>(total, rows);
    }

    /** An epoch-millisecond column, or null. */
    public static Instant instant(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }
}
