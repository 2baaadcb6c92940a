package io.faceengine.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.faceengine.clustering.registry.ElasticsearchClients;
import io.faceengine.clustering.registry.ElasticsearchConnection;
import io.faceengine.clustering.registry.RegistryException;
import io.faceengine.clustering.registry.RegistryUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The annotators' HTTP API: JSON over the JDK's HTTP server, state in Elasticsearch. Every
 * request needs a Bearer token; errors are {"error": code, "message": text}.
 */
public final class ReviewApiServer implements AutoCloseable {
    /** Routes and the role each needs; the OpenAPI resource describes the same set. */
    static final List<String> ROUTES = List.of(
            "GET /api/openapi.json", "GET /api/review-items", "POST /api/review-items/{id}/claim",
            "POST /api/review-items/{id}/decision", "GET /api/decisions", "GET /api/manifests",
            "GET /api/manifests/{version}", "GET /api/manifests/{version}/files/{name}");

    private static final Logger LOG = LoggerFactory.getLogger(ReviewApiServer.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final int MAX_LIMIT = 500;
    private static final String ITEMS = "/api/review-items";
    private static final String MANIFESTS = "/api/manifests";
    private static final Pattern VERSION = Pattern.compile("[1-9][0-9]{0,17}");

    private final ApiTokens tokens;
    private final ElasticsearchConnection connection;
    private final ReviewStore store;
    private final HttpServer server;
    private final ExecutorService executor;
    private final byte[] openApi;
    /** Null when started without a data root. */
    private final ManifestStore manifests;

    private ReviewApiServer(ApiOptions options, ApiTokens tokens, Clock clock) throws IOException {
        this.tokens = tokens;
        this.openApi = openApiResource();
        this.manifests = options.dataRoot() == null ? null : new ManifestStore(options.dataRoot(), JSON);
        this.connection = ElasticsearchClients.open(options.elasticsearch());
        this.store = new ReviewStore(connection, clock, options.lease());
        this.server = HttpServer.create(new InetSocketAddress(options.bindAddress(), options.port()), 0);
        this.executor = Executors.newFixedThreadPool(options.threads());
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        // The review page's static files, no token needed; everything else is the API above.
        server.createContext(ReviewPage.PATH, new ReviewPage()::handle);
    }

    /**
     * Starts serving. Elasticsearch need not be up: indices are created on the first request that
     * reaches it, and until then requests answer 503.
     */
    public static ReviewApiServer start(ApiOptions options, ApiTokens tokens, Clock clock) throws IOException {
        ReviewApiServer api = new ReviewApiServer(options, tokens, clock);
        try {
            api.store.ensureIndices();
        } catch (RegistryException e) {
            LOG.warn("Elasticsearch not ready at start; requests answer 503 until it is: {}", e.getMessage());
        }
        api.server.start();
        return api;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdown();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        connection.close();
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            int status;
            byte[] body;
            try {
                Object result = route(exchange);
                if (result instanceof ManifestStore.DataFile file) {
                    sendFile(exchange, file);
                    return;
                }
                status = "POST".equals(exchange.getRequestMethod()) && exchange.getRequestURI().getPath().endsWith("/decision")
                        ? 201 : 200;
                body = result == null ? openApi : JSON.writeValueAsBytes(result);
            } catch (ApiException e) {
                if (e.status() >= 500) {
                    LOG.error("request {} {} failed: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.getMessage());
                }
                status = e.status();
                body = error(e.code(), e.getMessage());
            } catch (RegistryUnavailableException e) {
                status = 503;
                body = error("elasticsearch_unavailable", e.getMessage());
            } catch (RegistryException e) {
                // Index missing or mismatched, or a refused request: the server side, not the caller, must change.
                LOG.error("Elasticsearch call failed", e);
                status = e.reason() == RegistryException.Reason.INDEX_MISMATCH
                        || e.reason() == RegistryException.Reason.INDEX_MISSING ? 503 : 502;
                body = error("elasticsearch_error", e.getMessage());
            } catch (RuntimeException e) {
                LOG.error("request {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
                status = 500;
                body = error("internal", "internal error: " + e.getClass().getSimpleName());
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (IOException e) {
            // The client went away mid-response; nothing to answer.
            LOG.debug("could not send the response", e);
        }
    }

    /** Streams a manifest data file; versions never change, so it may be cached for good. */
    private static void sendFile(HttpExchange exchange, ManifestStore.DataFile file) throws IOException {
        try (InputStream in = file.in()) {
            exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
            exchange.getResponseHeaders().set("ETag", "\"" + file.sha256() + "\"");
            exchange.getResponseHeaders().set("Cache-Control", "public, max-age=31536000, immutable");
            exchange.sendResponseHeaders(200, file.size());
            try (OutputStream out = exchange.getResponseBody()) {
                long copied = in.transferTo(out);
                if (copied != file.size()) {
                    // The length is already sent: a short or long body is a broken response, not an error reply.
                    throw new IOException(file.path().getFileName() + " changed while being sent");
                }
            }
        }
    }

    /**
     * Answers the request: a JSON node, a manifest data file to stream, or null for the OpenAPI
     * document, sent as stored.
     */
    private Object route(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        URI uri = exchange.getRequestURI();
        String path = uri.getPath();
        if (!path.startsWith("/api/")) {
            throw ApiException.notFound("no such path " + path + "; the API is under /api/ (see /api/openapi.json)");
        }
        Caller caller = tokens.authenticate(exchange.getRequestHeaders().getFirst("Authorization"));
        Map<String, String> query = query(uri);
        if (path.equals("/api/openapi.json")) {
            allow(method, "GET");
            return null;
        }
        if (path.equals(ITEMS)) {
            allow(method, "GET");
            require(caller, Role.ANNOTATOR);
            ReviewStore.Page page = store.openItems(new ReviewStore.ItemFilter(query.get("run"), query.get("set"),
                    query.get("reason"), optionalInt(query, "minSize", 0, Integer.MAX_VALUE)), limit(query), query.get("after"));
            ObjectNode out = JSON.createObjectNode();
            ArrayNode items = out.putArray("items");
            page.items().forEach(items::add);
            out.put("next", page.next());
            return out;
        }
        if (path.startsWith(ITEMS + "/")) {
            String[] parts = path.substring(ITEMS.length() + 1).split("/", -1);
            if (parts.length == 2 && !parts[0].isEmpty()) {
                String itemId = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
                if (parts[1].equals("claim")) {
                    allow(method, "POST");
                    require(caller, Role.ANNOTATOR);
                    return store.claim(itemId, caller);
                }
                if (parts[1].equals("decision")) {
                    allow(method, "POST");
                    require(caller, Role.ANNOTATOR);
                    DecisionRequest request = DecisionRequest.parse(readJson(exchange));
                    return store.decide(itemId, request, caller);
                }
            }
        }
        if (path.equals("/api/decisions")) {
            allow(method, "GET");
            require(caller, Role.REVIEWER);
            ObjectNode out = JSON.createObjectNode();
            ArrayNode list = out.putArray("decisions");
            store.decisions(query.get("annotator"), limit(query)).forEach(list::add);
            return out;
        }
        if (path.equals(MANIFESTS) || path.startsWith(MANIFESTS + "/")) {
            return manifests(method, uri.getRawPath(), caller);
        }
        throw ApiException.notFound("no such path " + path + " (see /api/openapi.json)");
    }

    /**
     * The manifest endpoints. Segments are split on the raw path and decoded one by one, so an
     * encoded slash stays inside a name, and a name is only ever looked up in the summary's list.
     */
    private Object manifests(String method, String rawPath, Caller caller) {
        String rest = rawPath.substring(MANIFESTS.length());
        String[] parts = rest.isEmpty() ? new String[0] : rest.substring(1).split("/", -1);
        if (!(parts.length == 0 || parts.length == 1 || parts.length == 3 && parts[1].equals("files"))) {
            throw ApiException.notFound("no such path " + rawPath + " (see /api/openapi.json)");
        }
        allow(method, "GET");
        require(caller, Role.ANNOTATOR);
        if (manifests == null) {
            throw ApiException.notFound("this server was started without a data root (--data-root), so it serves no manifests");
        }
        if (parts.length == 0) {
            return manifests.versions();
        }
        String version = decodeSegment(parts[0]);
        if (version == null || !VERSION.matcher(version).matches()) {
            throw ApiException.badRequest("version must be a positive integer, got '" + parts[0] + "'");
        }
        long number = Long.parseLong(version);
        if (parts.length == 1) {
            return manifests.summary(number);
        }
        String name = decodeSegment(parts[2]);
        if (name == null) {
            throw ApiException.notFound("manifest version " + number + " has no file '" + parts[2] + "'");
        }
        return manifests.open(number, name);
    }

    /** A percent-decoded path segment, or null when its escapes are malformed. */
    private static String decodeSegment(String raw) {
        try {
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static void allow(String method, String allowed) {
        if (!allowed.equals(method)) {
            throw new ApiException(405, "method_not_allowed", "use " + allowed);
        }
    }

    private static void require(Caller caller, Role role) {
        if (!caller.role().covers(role)) {
            throw new ApiException(403, "forbidden", caller.name() + " has role " + caller.role().text()
                    + "; this needs " + role.text());
        }
    }

    /** Reads at most the limit plus one byte, so an oversized body is refused without buffering it. */
    private static JsonNode readJson(HttpExchange exchange) throws IOException {
        byte[] bytes;
        try (InputStream in = exchange.getRequestBody()) {
            bytes = in.readNBytes(ApiOptions.MAX_BODY_BYTES + 1);
        }
        if (bytes.length > ApiOptions.MAX_BODY_BYTES) {
            throw tooLarge();
        }
        if (bytes.length == 0) {
            throw ApiException.badRequest("the body is empty; send a JSON object");
        }
        try {
            return JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("the body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static ApiException tooLarge() {
        return new ApiException(413, "payload_too_large", "request bodies are limited to " + ApiOptions.MAX_BODY_BYTES + " bytes");
    }

    private static int limit(Map<String, String> query) {
        Integer limit = optionalInt(query, "limit", 1, MAX_LIMIT);
        return limit == null ? 50 : limit;
    }

    private static Integer optionalInt(Map<String, String> query, String key, int min, int max) {
        String value = query.get(key);
        if (value == null) {
            return null;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with the allowed range
        }
        throw ApiException.badRequest(key + " must be an integer in [" + min + ", " + max + "], got '" + value + "'");
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> out = new HashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            if (!value.isEmpty()) {
                out.put(key, value);
            }
        }
        return out;
    }

    private static byte[] error(String code, String message) {
        ObjectNode node = JSON.createObjectNode();
        node.put("error", code);
        node.put("message", message);
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] openApiResource() throws IOException {
        try (InputStream in = ReviewApiServer.class.getResourceAsStream("openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is missing from the classpath");
            }
            return in.readAllBytes();
        }
    }
}
