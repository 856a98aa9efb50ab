package dev.tenancy.scim.query;

import java.util.List;

/** One page of a database query: the total count and this page's rows. */
public record Page<T>(long total, List<T> rows) {
}
