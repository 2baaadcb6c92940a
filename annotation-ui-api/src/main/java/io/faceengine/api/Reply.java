package io.faceengine.api;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * What a route answers: a JSON document, or bytes streamed with their own headers. Every answer
 * says nosniff, so a browser never guesses another type than the one sent.
 */
interface Reply {
    /** Writes the answer and completes the callback, failed when the client went away. */
    void send(Request request, Response response, Callback callback);

    static Reply json(int status, Object body) {
        return new Json(status, body);
    }

    /** A JSON value, or bytes that already are JSON (sent as they are); never cached, as answers change. */
    record Json(int status, Object body) implements Reply {
        @Override
        public void send(Request request, Response response, Callback callback) {
            byte[] bytes;
            try {
                bytes = body instanceof byte[] raw ? raw : ApiJson.MAPPER.writeValueAsBytes(body);
            } catch (IOException e) {
                callback.failed(e);
                return;
            }
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            response.getHeaders().put("X-Content-Type-Options", "nosniff");
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
            response.write(true, ByteBuffer.wrap(bytes), callback);
        }
    }

    /**
     * Content that never changes under its URL: sent with its ETag and cache policy, or answered
     * 304 without a body when the client's If-None-Match names the ETag. The stream is always closed.
     */
    record Immutable(String contentType, String etag, String cacheControl, long size, InputStream in) implements Reply {
        @Override
        public void send(Request request, Response response, Callback callback) {
            try (in) {
                response.getHeaders().put(HttpHeader.ETAG, etag);
                response.getHeaders().put(HttpHeader.CACHE_CONTROL, cacheControl);
                response.getHeaders().put("X-Content-Type-Options", "nosniff");
                if (matches(request.getHeaders().get(HttpHeader.IF_NONE_MATCH), etag)) {
                    response.setStatus(304);
                    callback.succeeded();
                    return;
                }
                response.setStatus(200);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, size);
                try (OutputStream out = Content.Sink.asOutputStream(response)) {
                    long copied = in.transferTo(out);
                    if (copied != size) {
                        // The length is already sent: a short or long body is a broken response, not an error reply.
                        throw new IOException("content changed while being sent (" + copied + " of " + size + " bytes)");
                    }
                }
                callback.succeeded();
            } catch (IOException e) {
                callback.failed(e);
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
