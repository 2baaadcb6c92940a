package io.faceengine.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * Errors Jetty answers itself (a malformed request, headers too large, a failed handler) in the
 * API's format, {"error": code, "message": text}, with nothing of the server's insides.
 */
final class JsonErrorHandler extends ErrorHandler {
    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        byte[] body = body(code);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        if (code == HttpStatus.BAD_REQUEST_400) {
            // Jetty closes the connection after a request it could not accept (a NUL or other
            // refused character in the path); without this header a client pools the connection
            // and its next request, a POST it may not retry, fails on the closed socket.
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
        }
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return ByteBuffer.wrap(body(status));
    }

    private static byte[] body(int status) {
        String reason = HttpStatus.getMessage(status);
        ObjectNode node = ApiJson.MAPPER.createObjectNode();
        node.put("error", reason.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_"));
        node.put("message", "HTTP " + status + " " + reason);
        try {
            return ApiJson.MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an error body is always writable", e);
        }
    }
}
