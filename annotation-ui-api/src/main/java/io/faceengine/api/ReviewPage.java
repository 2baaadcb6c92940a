package io.faceengine.api;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
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

    /** Answers a request under {@value #PATH}. */
    void handle(Request request, Response response, Callback callback) {
        String path = request.getHttpURI().getPath();
        HttpFields.Mutable headers = response.getHeaders();
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        if (path.equals(PATH)) {
            headers.put(HttpHeader.LOCATION, PATH + "/");
            sendText(response, callback, 308, "the review page is at " + PATH + "/");
            return;
        }
        StaticFile file = FILES.get(path);
        if (file == null) {
            sendText(response, callback, 404, "no such file; the review page is at " + PATH + "/");
            return;
        }
        if (!request.getMethod().equals("GET")) {
            headers.put(HttpHeader.ALLOW, "GET");
            sendText(response, callback, 405, "use GET");
            return;
        }
        byte[] body = bodies.get(path);
        headers.put(HttpHeader.CONTENT_TYPE, file.contentType());
        // Small files: always revalidate, so a new server version is picked up on reload.
        headers.put(HttpHeader.CACHE_CONTROL, "no-cache");
        send(response, callback, 200, body);
    }

    private static void sendText(Response response, Callback callback, int status, String text) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        send(response, callback, status, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(Response response, Callback callback, int status, byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
