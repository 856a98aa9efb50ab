package dev.tenancy.provisioning.apps;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;


import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.messages.PatchOperation;
import com.unboundid.scim2.common.messages.PatchRequest;
import com.unboundid.scim2.common.utils.JsonUtils;
import org.apache.http.HttpEntity;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpDelete;
import org.apache.http.client.methods.HttpEntityEnclosingRequestBase;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.client.methods.HttpPatch;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.client.methods.HttpPut;
import org.apache.http.client.methods.HttpRequestBase;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.StringEntity;

import dev.tenancy.orgs.net.OutboundClient;
import dev.tenancy.orgs.net.OutboundErrors;

/**
 * The SCIM 2.0 protocol toward one connected app: requests built with UnboundID's SCIM SDK types
 * ({@link Filter}, {@link PatchRequest}) and sent through the outbound address-policy client
 * ({@link OutboundClient}: the address checked is the address connected to), with the app's
 * credentials, its rate limit, no redirects, and failures reduced to categories.
 */
public final class ScimRemote {

    static final ContentType SCIM_JSON = ContentType.create("application/scim+json", StandardCharsets.UTF_8);
    private static final int MAX_BODY = 4 * 1024 * 1024;

    private final String appId;
    private final int version;
    private final AppSettings settings;
    private final OutboundClient outbound;
    private final AppsConfig config;
    private final TokenCache tokens;
    private final RateLimiter limiter;
    private int requests;

    ScimRemote(String appId, int version, AppSettings settings, OutboundClient outbound, AppsConfig config,
               TokenCache tokens, RateLimiter limiter) {
        this.appId = appId;
        this.version = version;
        this.settings = settings;
        this.outbound = outbound;
        this.config = config;
        this.tokens = tokens;
        this.limiter = limiter;
    }

    /** One answer: status and parsed body (null when empty). */
    public record Answer(int status, JsonNode body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    public int requests() {
        return requests;
    }

    public JsonNode serviceProviderConfig() {
        return expect(send(new HttpGet(url("/ServiceProviderConfig"))));
    }

    /** The first resource matching {@code attribute eq value}, or null. */
    public JsonNode findOne(String resource, String attribute, String value) {
        String filter;
        try {
            filter = Filter.eq(attribute, value).toString();
        } catch (ScimException e) {
            throw new IllegalArgumentException(e);
        }
        JsonNode list = expect(send(new HttpGet(url("/" + resource + "?filter=" + enc(filter) + "&count=2"))));
        return matching(list.path("Resources"), attribute, value);
    }

    /**
     * The resource of {@code resources} whose {@code attribute} equals {@code value} ignoring case
     * (userName is not case-exact in SCIM), or null: an app that ignores the filter and lists other
     * users is never taken at its first entry.
     */
    static JsonNode matching(JsonNode resources, String attribute, String value) {
        for (JsonNode r : resources) {
            if (r.isObject() && r.path(attribute).isTextual() && r.path(attribute).asText().equalsIgnoreCase(value)) {
                return r;
            }
        }
        return null;
    }

    /** One page of a listing, {@code startIndex} from 1. */
    public JsonNode page(String resource, int startIndex, int count) {
        return expect(send(new HttpGet(url("/" + resource + "?startIndex=" + startIndex + "&count=" + count))));
    }

    /** The resource, or null when the app answers 404. */
    public JsonNode get(String resource, String id) {
        Answer a = send(new HttpGet(url("/" + resource + "/" + enc(id))));
        return a.status == 404 ? null : expect(a);
    }

    public JsonNode create(String resource, ObjectNode body) {
        HttpPost post = new HttpPost(url("/" + resource));
        post.setEntity(new StringEntity(body.toString(), SCIM_JSON));
        return expect(send(post));
    }

    /** PUT; false when the remote resource is gone (404). */
    public boolean replace(String resource, String id, ObjectNode body) {
        HttpPut put = new HttpPut(url("/" + resource + "/" + enc(id)));
        body.put("id", id);
        put.setEntity(new StringEntity(body.toString(), SCIM_JSON));
        Answer a = send(put);
        if (a.status == 404) {
            return false;
        }
        expect(a);
        return true;
    }

    /** PATCH; false when the remote resource is gone (404). */
    public boolean patch(String resource, String id, List<PatchOperation> operations) {
        if (operations.isEmpty()) {
            return true;
        }
        HttpPatch patch = new HttpPatch(url("/" + resource + "/" + enc(id)));
        try {
            patch.setEntity(new StringEntity(JsonUtils.getObjectWriter().writeValueAsString(new PatchRequest(operations)), SCIM_JSON));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Answer a = send(patch);
        if (a.status == 404) {
            return false;
        }
        expect(a);
        return true;
    }

    /** DELETE; a resource that is already gone counts as deleted. */
    public void delete(String resource, String id) {
        Answer a = send(new HttpDelete(url("/" + resource + "/" + enc(id))));
        if (a.status != 404) {
            expect(a);
        }
    }

    static PatchOperation replaceOp(String path, JsonNode value) {
        try {
            return PatchOperation.replace(path, value);
        } catch (ScimException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static PatchOperation removeOp(String path) {
        try {
            return PatchOperation.remove(path);
        } catch (ScimException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static PatchOperation addOp(String path, JsonNode value) {
        try {
            return PatchOperation.add(path, value);
        } catch (ScimException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private JsonNode expect(Answer a) {
        if (!a.ok()) {
            throw RemoteFailure.http(a.status, null);
        }
        return a.body == null ? AppSettings.object() : a.body;
    }

    private String url(String path) {
        return settings.baseUrl() + path;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    Answer send(HttpRequestBase request) {
        return send(request, true);
    }

    private Answer send(HttpRequestBase request, boolean mayRefreshToken) {
        String refused = outbound.refusal(request.getURI().toString()).orElse(null);
        if (refused != null) {
            throw new RemoteFailure("address-policy", 0, null, true, refused);
        }
        request.setConfig(requestConfig());
        request.setHeader("Accept", "application/scim+json, application/json");
        request.setHeader("User-Agent", "Tenancy-Outbound-SCIM/1.0");
        request.setHeader("Authorization", authorization());
        limiter.acquire(appId, settings.maxRequestsPerSecond());
        requests++;
        Answer answer;
        Long retryAfter;
        try (CloseableHttpResponse response = outbound.http().execute(request)) {
            int status = response.getStatusLine().getStatusCode();
            retryAfter = dev.tenancy.provisioning.delivery.WebhookSender.retryAfter(response.getFirstHeader("Retry-After"));
            answer = new Answer(status, body(response.getEntity()));
        } catch (IOException e) {
            throw transport(e);
        }
        if (answer.status == 401 && mayRefreshToken && AppSettings.Auth.OAUTH2.equals(settings.auth().type())) {
            tokens.invalidate(tokenKey());
            if (request instanceof HttpEntityEnclosingRequestBase) {
                request.reset();
            }
            return send(request, false);
        }
        if (answer.status == 429 || answer.status >= 500 || answer.status == 401 || answer.status == 403) {
            throw RemoteFailure.http(answer.status, retryAfter);
        }
        return answer;
    }

    private RequestConfig requestConfig() {
        return RequestConfig.custom().setRedirectsEnabled(false)
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setConnectionRequestTimeout((int) config.connectTimeout().toMillis())
                .setSocketTimeout((int) config.readTimeout().toMillis()).build();
    }

    private static RemoteFailure transport(IOException e) {
        String category = OutboundErrors.category(e);
        // A refused address pauses the app (as a refused URL does); other transport failures are retried.
        return new RemoteFailure(category, 0, null, OutboundErrors.ADDRESS_POLICY.equals(category), null);
    }

    private static JsonNode body(HttpEntity entity) throws IOException {
        if (entity == null) {
            return null;
        }
        try (InputStream in = entity.getContent()) {
            byte[] bytes = in.readNBytes(MAX_BODY);
            if (bytes.length == 0) {
                return null;
            }
            try {
                return AppSettings.JSON.readTree(bytes);
            } catch (IOException e) {
                return null;
            }
        }
    }

    private String authorization() {
        AppSettings.Auth a = settings.auth();
        return switch (a.type()) {
            case AppSettings.Auth.BEARER -> "Bearer " + a.token();
            case AppSettings.Auth.BASIC -> "Basic " + Base64.getEncoder()
                    .encodeToString((a.username() + ":" + a.password()).getBytes(StandardCharsets.UTF_8));
            default -> "Bearer " + accessToken();
        };
    }

    private String tokenKey() {
        return appId + ":" + version;
    }

    /** An OAuth2 client-credentials token, cached until shortly before it expires. */
    private String accessToken() {
        String cached = tokens.get(tokenKey());
        if (cached != null) {
            return cached;
        }
        AppSettings.Auth a = settings.auth();
        String refused = outbound.refusal(a.tokenUrl()).orElse(null);
        if (refused != null) {
            throw new RemoteFailure("address-policy", 0, null, true, "token endpoint: " + refused);
        }
        HttpPost post = new HttpPost(a.tokenUrl());
        post.setConfig(requestConfig());
        post.setHeader("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                (enc(a.clientId()) + ":" + enc(a.clientSecret())).getBytes(StandardCharsets.UTF_8)));
        List<String> form = new ArrayList<>(List.of("grant_type=client_credentials"));
        if (a.scope() != null && !a.scope().isBlank()) {
            form.add("scope=" + enc(a.scope()));
        }
        post.setEntity(new StringEntity(String.join("&", form), ContentType.APPLICATION_FORM_URLENCODED));
        requests++;
        try (CloseableHttpResponse response = outbound.http().execute(post)) {
            int status = response.getStatusLine().getStatusCode();
            JsonNode body = body(response.getEntity());
            if (status == 400 || status == 401 || status == 403) {
                throw new RemoteFailure("token-http-" + status, status, null, true, null);
            }
            if (status < 200 || status >= 300 || body == null || !body.path("access_token").isTextual()) {
                throw new RemoteFailure(status >= 200 && status < 300 ? "invalid-response" : "token-http-" + status, status,
                        null, false, null);
            }
            String token = body.get("access_token").asText();
            tokens.put(tokenKey(), token, body.path("expires_in").asLong(60));
            return token;
        } catch (IOException e) {
            throw transport(e);
        }
    }
}
