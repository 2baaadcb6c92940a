package io.faceengine.api;

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
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The annotators' HTTP API: JSON over the JDK's HTTP server, state in Elasticsearch. Every
 * request needs a Bearer token; errors are {"error": code, "message": text}. Each resource's
 * routes live in its own class; this one authenticates, dispatches and turns failures into replies.
 */
public final class ReviewApiServer implements AutoCloseable {
    /** Routes and the role each needs; the OpenAPI resource describes the same set. */
    static final List<String> ROUTES = List.of(
            "GET /api/openapi.json", "GET /api/review-items", "GET /api/review-items/{id}",
            "POST /api/review-items/{id}/claim", "POST /api/review-items/{id}/decision", "GET /api/decisions",
            "POST /api/decisions/{decisionId}/undo", "GET /api/progress", "GET /api/identities/{id}",
            "GET /api/runs/{runId}/faces/{faceId}/crop.jpg", "GET /api/manifests", "GET /api/manifests/{version}",
            "GET /api/manifests/{version}/files/{name}");

    private static final Logger LOG = LoggerFactory.getLogger(ReviewApiServer.class);
    /** Runs whose crop index stays in memory (about 300 bytes per face) with their archives open. */
    private static final int CACHED_CROP_RUNS = 8;

    private final ApiTokens tokens;
    private final ElasticsearchConnection connection;
    private final IndicesOnce indices;
    private final HttpServer server;
    private final ExecutorService executor;
    private final byte[] openApi;
    private final ReviewItemRoutes items;
    private final DecisionRoutes decisions;
    private final AnnotationProgress progress;
    private final IdentityRoutes identities;
    /** Null when started without a data root. */
    private final CropStore crops;
    private final CropRoutes cropRoutes;
    private final ManifestRoutes manifests;

    private ReviewApiServer(ApiOptions options, ApiTokens tokens, Clock clock) throws IOException {
        this.tokens = tokens;
        this.openApi = openApiResource();
        this.crops = options.dataRoot() == null ? null : new CropStore(options.dataRoot(), CACHED_CROP_RUNS);
        this.cropRoutes = new CropRoutes(crops);
        this.manifests = new ManifestRoutes(options.dataRoot() == null ? null
                : new ManifestStore(options.dataRoot(), ApiJson.MAPPER));
        this.connection = ElasticsearchClients.open(options.elasticsearch());
        this.indices = new IndicesOnce(connection, options.dataRoot());
        DecisionLog log = new DecisionLog(connection);
        ReviewStore store = new ReviewStore(connection, indices, log, clock, options.lease());
        this.items = new ReviewItemRoutes(store);
        this.decisions = new DecisionRoutes(indices, log, new DecisionUndo(indices, store, log, clock));
        this.progress = new AnnotationProgress(connection, indices, clock);
        this.identities = new IdentityRoutes(new IdentityDetails(connection, indices));
        this.server = HttpServer.create(new InetSocketAddress(options.bindAddress(), options.port()), 0);
        this.executor = Executors.newFixedThreadPool(options.threads());
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        // The review page's static files, no token needed; everything else is the API above.
        server.createContext(ReviewPage.PATH, new ReviewPage()::handle);
    }

    /**
     * Starts serving. Elasticsearch need not be up: indices are created on the first request that
     * reaches it, and until then requests answer 503. Refuses to start (a {@link RegistryException},
     * {@link RegistryException.Reason#DATA_ROOT_MISMATCH}) when the indices belong to another data root.
     */
    public static ReviewApiServer start(ApiOptions options, ApiTokens tokens, Clock clock) throws IOException {
        ReviewApiServer api = new ReviewApiServer(options, tokens, clock);
        try {
            api.indices.ensure();
        } catch (RegistryException e) {
            if (e.reason() == RegistryException.Reason.DATA_ROOT_MISMATCH) {
                api.close();
                throw e; // serving another data root's queue is never right; waiting does not change that
            }
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
        if (crops != null) {
            crops.close();
        }
        connection.close();
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            Reply reply;
            try {
                reply = route(exchange);
            } catch (ApiException e) {
                if (e.status() >= 500) {
                    LOG.error("request {} {} failed: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.getMessage());
                }
                reply = error(e.status(), e.code(), e.getMessage());
            } catch (RegistryUnavailableException e) {
                reply = error(503, "elasticsearch_unavailable", e.getMessage());
            } catch (RegistryException e) {
                // Index missing or mismatched, or a refused request: the server side, not the caller, must change.
                LOG.error("Elasticsearch call failed", e);
                int status = e.reason() == RegistryException.Reason.INDEX_MISMATCH
                        || e.reason() == RegistryException.Reason.INDEX_MISSING ? 503 : 502;
                reply = e.reason() == RegistryException.Reason.DATA_ROOT_MISMATCH
                        // Its message names the server's paths: those go to the log only.
                        ? error(503, "data_root_mismatch", "the review queue belongs to another data root than the one"
                                + " this server serves; the server log says which and how to fix it")
                        : error(status, "elasticsearch_error", e.getMessage());
            } catch (RuntimeException e) {
                LOG.error("request {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
                reply = error(500, "internal", "internal error: " + e.getClass().getSimpleName());
            }
            reply.send(exchange);
        } catch (IOException e) {
            // The client went away mid-response; nothing to answer.
            LOG.debug("could not send the response", e);
        }
    }

    private Reply route(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        if (!path.startsWith("/api/")) {
            throw ApiException.notFound("no such path " + path + "; the API is under /api/ (see /api/openapi.json)");
        }
        Caller caller = tokens.authenticate(exchange.getRequestHeaders().getFirst("Authorization"));
        ApiRequest request = new ApiRequest(exchange, caller);
        return switch (request.raw(0)) {
            case "openapi.json" -> {
                if (!request.pathIs("openapi.json")) {
                    throw request.noSuchPath();
                }
                request.allow("GET", Role.ANNOTATOR);
                yield Reply.json(200, openApi);
            }
            case "review-items" -> items.answer(request);
            case "decisions" -> decisions.answer(request);
            case "progress" -> {
                if (!request.pathIs("progress")) {
                    throw request.noSuchPath();
                }
                request.allow("GET", Role.REVIEWER);
                yield Reply.json(200, progress.report(request.query("run")));
            }
            case "identities" -> identities.answer(request);
            case "runs" -> cropRoutes.answer(request);
            case "manifests" -> manifests.answer(request);
            default -> throw request.noSuchPath();
        };
    }

    private static Reply error(int status, String code, String message) {
        ObjectNode node = ApiJson.MAPPER.createObjectNode();
        node.put("error", code);
        node.put("message", message);
        return Reply.json(status, node);
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
