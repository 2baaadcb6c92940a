package io.faceengine.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One authenticated request as the routes see it. The path after {@code /api/} is split into
 * segments on the raw path and each is decoded on its own, so an encoded slash stays inside a
 * segment (and is then refused by the segment's own check) instead of becoming a separator.
 */
final class ApiRequest {
    private static final int MAX_LIMIT = 500;

    private final HttpExchange exchange;
    private final List<String> segments;
    private final Map<String, String> query;
    private final Caller caller;

    ApiRequest(HttpExchange exchange, Caller caller) {
        this.exchange = exchange;
        this.caller = caller;
        String raw = exchange.getRequestURI().getRawPath();
        this.segments = List.of(raw.substring("/api/".length()).split("/", -1));
        this.query = parseQuery(exchange.getRequestURI().getRawQuery());
    }

    Caller caller() {
        return caller;
    }

    /** How many path segments follow {@code /api/}. */
    int segments() {
        return segments.size();
    }

    /** Path segment {@code i} after {@code /api/}, still percent-encoded. */
    String raw(int i) {
        return segments.get(i);
    }

    /** Path segment {@code i}, percent-decoded ('+' stays '+'), or null when its escapes are malformed. */
    String decoded(int i) {
        try {
            return URLDecoder.decode(segments.get(i).replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Segment {@code i} decoded; a malformed escape is a 400 naming {@code what}. */
    String decodedOrBadRequest(int i, String what) {
        String value = decoded(i);
        if (value == null || value.isEmpty()) {
            throw ApiException.badRequest(what + " '" + segments.get(i) + "' is empty or has malformed %-escapes");
        }
        return value;
    }

    /** True when the path is exactly these segments, where null matches any non-empty segment. */
    boolean pathIs(String... pattern) {
        if (pattern.length != segments.size()) {
            return false;
        }
        for (int i = 0; i < pattern.length; i++) {
            String s = segments.get(i);
            if (pattern[i] == null ? s.isEmpty() : !pattern[i].equals(s)) {
                return false;
            }
        }
        return true;
    }

    /** Checks the method, then the role: a wrong method is a 405 whoever asks. */
    void allow(String method, Role role) {
        if (!method.equals(exchange.getRequestMethod())) {
            throw new ApiException(405, "method_not_allowed", "use " + method);
        }
        require(role);
    }

    void require(Role role) {
        if (!caller.role().covers(role)) {
            throw forbidden("this needs " + role.text());
        }
    }

    ApiException forbidden(String why) {
        return new ApiException(403, "forbidden", caller.name() + " has role " + caller.role().text() + "; " + why);
    }

    ApiException noSuchPath() {
        return ApiException.notFound("no such path " + exchange.getRequestURI().getRawPath() + " (see /api/openapi.json)");
    }

    String query(String key) {
        return query.get(key);
    }

    int limit() {
        Integer limit = optionalInt("limit", 1, MAX_LIMIT);
        return limit == null ? 50 : limit;
    }

    Integer optionalInt(String key, int min, int max) {
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

    /** Reads at most the limit plus one byte, so an oversized body is refused without buffering it. */
    JsonNode readJson() throws IOException {
        byte[] bytes;
        try (InputStream in = exchange.getRequestBody()) {
            bytes = in.readNBytes(ApiOptions.MAX_BODY_BYTES + 1);
        }
        if (bytes.length > ApiOptions.MAX_BODY_BYTES) {
            throw new ApiException(413, "payload_too_large",
                    "request bodies are limited to " + ApiOptions.MAX_BODY_BYTES + " bytes");
        }
        if (bytes.length == 0) {
            throw ApiException.badRequest("the body is empty; send a JSON object");
        }
        try {
            return ApiJson.MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("the body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static Map<String, String> parseQuery(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            try {
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                if (!value.isEmpty()) {
                    out.put(key, value);
                }
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("the query has malformed %-escapes: " + pair);
            }
        }
        return out;
    }
}
