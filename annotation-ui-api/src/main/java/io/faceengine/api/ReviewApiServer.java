package io.faceengine.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.faceengine.clustering.registry.ElasticsearchClients;
import io.faceengine.clustering.registry.ElasticsearchConnection;
import io.faceengine.clustering.registry.RegistryException;
import io.faceengine.clustering.registry.RegistryUnavailableException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.List;

/**
 * The annotators' HTTP API: JSON over HTTP ({@link HttpListener}), state in Elasticsearch. Every
 * request needs a Bearer token; errors are {"error": code, "message": text}. A request is read
 * whole, then answered by {@link RequestWorkers} within the answer timeout. Each resource's routes
 * live in its own class; this one authenticates, dispatches and turns failures into replies.
 */
public final class ReviewApiServer implements AutoCloseable {
    /** Routes and the role each needs; the OpenAPI resource describes the same set. */
    static final List<String> ROUTES = List.of(
            "GET /api/openapi.json", "GET /api/review-items", "GET /api/review-items/{id}",
            "POST /api/review-items/{id}/claim", "POST /api/review-items/{id}/release", "POST /api/review-items/{id}/revoke",
            "POST /api/review-items/{id}/decision", "GET /api/decisions",
            "POST /api/decisions/{decisionId}/undo", "GET /api/progress", "GET /api/identities/{id}",
            "GET /api/runs/{runId}/faces/{faceId}/crop.jpg", "GET /api/manifests", "GET /api/manifests/{version}",
            "GET /api/manifests/{version}/files/{name}");

    private static final Logger LOG = LoggerFactory.getLogger(ReviewApiServer.class);
    /** Runs whose crop index stays in memory (about 300 bytes per face) with their archives open. */
    private static final int CACHED_CROP_RUNS = 8;

    private final ApiTokens tokens;
    private final ElasticsearchConnection connection;
    private final IndicesOnce indices;
    private final HttpListener listener;
    private final RequestWorkers workers;
    private final ReviewPage page;
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
        ReviewStore store = new ReviewStore(connection, indices, log, clock, options.lease(), options.claims());
        this.items = new ReviewItemRoutes(store);
        this.decisions = new DecisionRoutes(indices, log, new DecisionUndo(indices, store, log, clock));
        this.progress = new AnnotationProgress(connection, indices, clock);
        this.identities = new IdentityRoutes(new IdentityDetails(connection, indices));
        this.page = new ReviewPage();
        this.workers = new RequestWorkers(options.threads(), options.limits().answerTimeout());
        this.listener = new HttpListener(options.bindAddress(), options.port(), options.limits(), new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                String path = request.getHttpURI().getPath();
                if (path.startsWith(ReviewPage.PATH)) {
                    // The review page's static files (it answers anything else under its prefix 404), no
                    // token needed; everything else is the API.
                    page.handle(request, response, callback);
                } else {
                    answer(request).send(request, response, callback);
                }
                return true;
            }
        });
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
        try {
            api.listener.start();
        } catch (IOException | RuntimeException e) {
            api.close(); // e.g. the port is taken: release the Elasticsearch client and threads
            throw e;
        }
        return api;
    }

    public int port() {
        return listener.port();
    }

    @Override
    public void close() {
        listener.close();
        workers.close();
        if (crops != null) {
            crops.close();
        }
        connection.close();
    }

    /** Authenticates and reads the request here, then works out the answer on a worker. */
    private Reply answer(Request request) {
        String method = request.getMethod();
        String path = request.getHttpURI().getPath();
        try {
            if (!path.startsWith("/api/")) {
                throw ApiException.notFound("no such path " + path + "; the API is under /api/ (see /api/openapi.json)");
            }
            Caller caller = tokens.authenticate(request.getHeaders().get(HttpHeader.AUTHORIZATION));
            ApiRequest api = new ApiRequest(method, path, request.getHttpURI().getQuery(), body(request), caller);
            return workers.answer(() -> {
                try {
                    return route(api);
                } catch (RuntimeException e) {
                    return failure(e, method, path);
                }
            });
        } catch (RuntimeException e) {
            return failure(e, method, path);
        }
    }

    /** The body's first bytes, one past the limit so a larger one is known to be too large. */
    private static byte[] body(Request request) {
        try (InputStream in = Content.Source.asInputStream(request)) {
            return in.readNBytes(ApiOptions.MAX_BODY_BYTES + 1);
        } catch (IOException e) {
            throw ApiException.badRequest("the request body could not be read (the client stopped sending it)");
        }
    }

    /**
     * The error reply for a failure. Elasticsearch's own messages name its URL and indices: they
     * go to the log, the caller gets what to do.
     */
    private static Reply failure(RuntimeException failure, String method, String path) {
        if (failure instanceof ApiException e) {
            if (e.status() >= 500) {
                LOG.error("request {} {} failed: {}", method, path, e.getMessage());
            }
            return error(e.status(), e.code(), e.getMessage());
        }
        if (failure instanceof RegistryUnavailableException e) {
            LOG.warn("request {} {}: {}", method, path, e.getMessage());
            return error(503, "elasticsearch_unavailable", "Elasticsearch is unreachable or too slow; retry later");
        }
        if (failure instanceof RegistryException e && e.reason() == RegistryException.Reason.DATA_ROOT_MISMATCH) {
            // Its message names the server's paths: those go to the log only.
            LOG.error("request {} {}: {}", method, path, e.getMessage());
            return error(503, "data_root_mismatch", "the review queue belongs to another data root than the one"
                    + " this server serves; the server log says which and how to fix it");
        }
        if (failure instanceof RegistryException e) {
            // Index missing or mismatched, or a refused request: the server side, not the caller, must change.
            LOG.error("request {} {}: Elasticsearch call failed", method, path, e);
            boolean setUp = e.reason() == RegistryException.Reason.INDEX_MISMATCH
                    || e.reason() == RegistryException.Reason.INDEX_MISSING;
            return error(setUp ? 503 : 502, "elasticsearch_error", setUp
                    ? "the review indices are missing or do not match this server's configuration; see the server log"
                    : "Elasticsearch refused the request; see the server log");
        }
        LOG.error("request {} {} failed", method, path, failure);
        return error(500, "internal", "internal error: " + failure.getClass().getSimpleName());
    }

    private Reply route(ApiRequest request) {
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
                yield Reply.json(200, progress.report(request.idQuery("run")));
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
