package io.faceengine.api;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** What a route answers: a JSON document, or bytes streamed with their own headers. */
interface Reply {
    void send(HttpExchange exchange) throws IOException;

    static Reply json(int status, Object body) {
        return new Json(status, body);
    }

    /** A JSON value, or bytes that already are JSON (sent as they are). */
    record Json(int status, Object body) implements Reply {
        @Override
        public void send(HttpExchange exchange) throws IOException {
            byte[] bytes = body instanceof byte[] raw ? raw : ApiJson.MAPPER.writeValueAsBytes(body);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /**
     * Content that never changes under its URL: sent with its ETag and cache policy, or answered
     * 304 without a body when the client's If-None-Match names the ETag. The stream is always closed.
     */
    record Immutable(String contentType, String etag, String cacheControl, long size, InputStream in) implements Reply {
        @Override
        public void send(HttpExchange exchange) throws IOException {
            try (in) {
                exchange.getResponseHeaders().set("ETag", etag);
                exchange.getResponseHeaders().set("Cache-Control", cacheControl);
                if (matches(exchange.getRequestHeaders().getFirst("If-None-Match"), etag)) {
                    exchange.sendResponseHeaders(304, -1);
                    return;
                }
                exchange.getResponseHeaders().set("Content-Type", contentType);
                exchange.sendResponseHeaders(200, size);
                try (OutputStream out = exchange.getResponseBody()) {
                    long copied = in.transferTo(out);
                    if (copied != size) {
                        // The length is already sent: a short or long body is a broken response, not an error reply.
                        throw new IOException("content changed while being sent (" + copied + " of " + size + " bytes)");
                    }
                }
            }
        }

        /** If-None-Match holds "*" or a comma-separated list of (possibly weak) tags. */
        static boolean matches(String ifNoneMatch, String etag) {
            if (ifNoneMatch == null) {
                return false;
            }
            for (String tag : ifNoneMatch.split(",")) {
                String t = tag.strip();
                if (t.equals("*") || (t.startsWith("W/") ? t.substring(2) : t).equals(etag)) {
                    return true;
                }
            }
            return false;
        }
    }
}
