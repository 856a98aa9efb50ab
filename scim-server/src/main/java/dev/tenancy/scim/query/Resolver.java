package dev.tenancy.scim.query;

/** Maps a SCIM attribute, as named in a filter or {@code sortBy}, to a database {@link Target}. */
@FunctionalInterface
public interface Resolver {

    /**
     * @param schema    the extension schema URN, or {@code null} for the core schema
     * @param attribute the canonical top-level attribute
     * @param sub       the canonical sub-attribute, or {@code null}
     * @return the target, or {@code null} when the attribute cannot be filtered
     */
    Target resolve(String schema, String attribute, String sub);
}
