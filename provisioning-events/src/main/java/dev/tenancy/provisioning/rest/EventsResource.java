package dev.tenancy.provisioning.rest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.organization.OrganizationProvider;

import dev.tenancy.orgs.api.ApiError;
import dev.tenancy.orgs.api.TenancyOrgsProvider;
import dev.tenancy.provisioning.ProvisioningProvider;
import dev.tenancy.provisioning.capture.CloudEvents;
import dev.tenancy.provisioning.capture.GroupChange;
import dev.tenancy.provisioning.log.Cursor;
import dev.tenancy.provisioning.log.EventLog;
import dev.tenancy.provisioning.store.LogStateEntity;

/**
 * {@code GET /realms/{realm}/provisioning/events}: the realm's event log in commit order (see
 * {@code Sequencer}). Realm administrators read the realm-wide stream, or one organization's with
 * {@code organizationId}; a member holding {@code view-provisioning} or {@code manage-provisioning}
 * reads only that organization's stream (another organization's id is 404 to them).
 */
public final class EventsResource {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> KINDS = List.of("joiner", "mover", "leaver", "group." + GroupChange.CREATED,
            "group." + GroupChange.UPDATED, "group." + GroupChange.DELETED, "group." + GroupChange.MEMBER_ADDED,
            "group." + GroupChange.MEMBER_REMOVED);

    private final KeycloakSession session;
    private final Access access;
    private final RealmModel realm;

    EventsResource(KeycloakSession session, Access access) {
        this.session = session;
        this.access = access;
        this.realm = session.getContext().getRealm();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response list(@QueryParam("after") String after, @QueryParam("limit") String limitParam,
                         @QueryParam("organizationId") String organizationId, @QueryParam("types") String typesParam,
                         @QueryParam("wait") String waitParam) {
        String org = organization(organizationId);
        int limit = integer("limit", limitParam, DEFAULT_LIMIT, 1, MAX_LIMIT);
        EventLog log = session.getProvider(ProvisioningProvider.class).eventLog();
        int wait = integer("wait", waitParam, 0, 0, (int) log.config().maxWait().toSeconds());
        Set<String> types = types(typesParam);
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();

        long seen = log.generation();
        Page page = page(em, after, limit, org, types);
        if (page.events.isEmpty() && wait > 0 && log.tryWait()) {
            try {
                long deadline = System.currentTimeMillis() + wait * 1000L;
                long left;
                while (page.events.isEmpty() && (left = deadline - System.currentTimeMillis()) > 0) {
                    if (!log.await(seen, left)) {
                        break;
                    }
                    seen = log.generation();
                    page = page(em, Cursor.encode(page.next), limit, org, types);
                }
            } finally {
                log.doneWaiting();
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("data", page.events);
        body.put("nextCursor", Cursor.encode(page.next));
        return JsonOut.ok(body);
    }

    private record Page(List<JsonNode> events, long next) {
    }

    private Page page(EntityManager em, String after, int limit, String org, Set<String> types) {
        Object[] state = em.createQuery("select s.lastPosition, s.purgedThrough from TncPeLogState s where s.id = :id", Object[].class)
                .setParameter("id", LogStateEntity.ID).getSingleResult();
        long last = ((Number) state[0]).longValue();
        long purged = ((Number) state[1]).longValue();
        long from;
        if (after == null || after.isEmpty()) {
            from = purged;
        } else {
            from = Cursor.decode(after);
            if (from < 0 || from > last) {
                throw ApiError.badRequest("after", "after is not a cursor of this event log");
            }
            if (from < purged) {
                throw ApiError.badRequest("after", "after has expired: events after it were removed by retention");
            }
        }
        StringBuilder jpql = new StringBuilder("select e.position, e.payload from TncPeEvent e where e.realmId = :realm"
                + " and e.position > :from and e.position <= :last");
        if (org == null) {
            jpql.append(" and (e.audience is null or e.audience in ('REALM', 'BOTH'))");
        } else {
            jpql.append(" and (e.audience is null or e.audience in ('ORGANIZATION', 'BOTH')) and e.organizationId = :org");
        }
        if (types != null) {
            jpql.append(" and e.type in :types");
        }
        jpql.append(" order by e.position");
        TypedQuery<Object[]> q = em.createQuery(jpql.toString(), Object[].class)
                .setParameter("realm", realm.getId()).setParameter("from", from).setParameter("last", last)
                .setMaxResults(limit);
        if (org != null) {
            q.setParameter("org", org);
        }
        if (types != null) {
            q.setParameter("types", types);
        }
        List<JsonNode> events = new ArrayList<>();
        long lastSeen = from;
        for (Object[] row : q.getResultList()) {
            lastSeen = ((Number) row[0]).longValue();
            try {
                events.add(JSON.readTree((String) row[1]));
            } catch (IOException e) {
                throw new IllegalStateException("Unreadable event at position " + lastSeen, e);
            }
        }
        // A short page has read everything up to the log's end: the next read starts there.
        return new Page(events, events.size() < limit ? last : lastSeen);
    }

    /** The organization whose stream to read; null for the realm-wide stream. */
    private String organization(String organizationId) {
        String org = organizationId == null || organizationId.isBlank() ? null : organizationId;
        boolean admin = access.caller().canManageRealm() || access.caller().canViewRealm();
        if (org != null) {
            OrganizationModel found = session.getProvider(TenancyOrgsProvider.class).findOrganization(realm, org);
            if (found == null || (!admin && !member(org))) {
                if (!admin) {
                    access.requireAnyRead();
                }
                throw ApiError.notFound("Organization not found");
            }
            return org;
        }
        if (admin) {
            return null;
        }
        access.requireAnyRead();
        List<String> mine = myOrganizations();
        if (mine.size() != 1) {
            throw ApiError.badRequest("organizationId", "organizationId is required: the caller reads the events of several organizations");
        }
        return mine.get(0);
    }

    private boolean member(String orgId) {
        return access.caller().hasOrganizationRole(orgId, Access.VIEW) || access.caller().hasOrganizationRole(orgId, Access.MANAGE);
    }

    private List<String> myOrganizations() {
        OrganizationProvider orgs = session.getProvider(OrganizationProvider.class);
        if (access.caller().user() == null || orgs == null || !realm.isOrganizationsEnabled()) {
            return List.of();
        }
        return orgs.getByMember(access.caller().user()).map(OrganizationModel::getId).filter(this::member).toList();
    }

    private static int integer(String field, String value, int fallback, int min, int max) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        int n;
        try {
            n = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw ApiError.badRequest(field, field + " must be an integer from " + min + " to " + max);
        }
        if (n < min || n > max) {
            throw ApiError.badRequest(field, field + " must be an integer from " + min + " to " + max);
        }
        return n;
    }

    /** The CloudEvents types to return, or null for all. */
    private static Set<String> types(String value) {
        if (value == null) {
            return null;
        }
        Set<String> types = new LinkedHashSet<>();
        for (String t : value.split(",")) {
            String kind = t.trim();
            if (!KINDS.contains(kind)) {
                throw ApiError.badRequest("types", "types is a comma-separated list of " + String.join(", ", KINDS));
            }
            types.add(kind.startsWith("group.") ? GroupChange.TYPE_PREFIX + kind.substring("group.".length())
                    : CloudEvents.TYPE_PREFIX + kind);
        }
        return types;
    }
}
