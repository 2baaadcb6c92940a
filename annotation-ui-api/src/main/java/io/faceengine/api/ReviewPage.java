package io.faceengine.api;

import com.sun.net.httpserver.HttpExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The annotators' review page: three static files under {@value #PATH}/, served without a token
 * (the page asks for one and sends it to the API). Only the names in {@link #FILES} are answered;
 * the URL never becomes a resource or file lookup.
 */
final class ReviewPage {
    static final String PATH = "/review";

    /**
     * Scripts and styles only from this server, images from it or from blob URLs (crops are
     * fetched with the token), requests only to it; no framing, no plugins, no form posts.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
            + " img-src 'self' blob:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static final Logger LOG = LoggerFactory.getLogger(ReviewPage.class);

    private record StaticFile(String resource, String contentType) {
    }

    private static final Map<String, StaticFile> FILES = Map.of(
            PATH + "/", new StaticFile("review/index.html", "text/html; charset=utf-8"),
            PATH + "/app.js", new StaticFile("review/app.js", "text/javascript; charset=utf-8"),
            PATH + "/app.css", new StaticFile("review/app.css", "text/css; charset=utf-8"));

    private final Map<String, byte[]> bodies;

    /** Reads the files once; a missing one is a broken build, so the server does not start. */
    ReviewPage() throws IOException {
        Map<String, byte[]> read = new HashMap<>();
        for (Map.Entry<String, StaticFile> file : FILES.entrySet()) {
            try (InputStream in = ReviewPage.class.getResourceAsStream(file.getValue().resource())) {
                if (in == null) {
                    throw new IllegalStateException(file.getValue().resource() + " is missing from the classpath");
                }
                read.put(file.getKey(), in.readAllBytes());
            }
        }
        this.bodies = Map.copyOf(read);
    }

    void handle(HttpExchange exchange) {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            var headers = exchange.getResponseHeaders();
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("Referrer-Policy", "no-referrer");
            headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            if (path.equals(PATH)) {
                headers.set("Location", PATH + "/");
                sendText(exchange, 308, "the review page is at " + PATH + "/");
                return;
            }
            StaticFile file = FILES.get(path);
            if (file == null) {
                sendText(exchange, 404, "no such file; the review page is at " + PATH + "/");
                return;
            }
            if (!method.equals("GET")) {
                headers.set("Allow", "GET");
                sendText(exchange, 405, "use GET");
                return;
            }
            byte[] body = bodies.get(path);
            headers.set("Content-Type", file.contentType());
            // Small files: always revalidate, so a new server version is picked up on reload.
            headers.set("Cache-Control", "no-cache");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (IOException e) {
            // The client went away mid-response; nothing to answer.
            LOG.debug("could not send the review page", e);
        }
    }

    private static void sendText(HttpExchange exchange, int status, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
