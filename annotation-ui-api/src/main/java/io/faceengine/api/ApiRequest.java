package io.faceengine.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One authenticated request as the routes see it, read whole (body included) before any route
 * runs, so routes never touch the connection. The path after {@code /api/} is split into
 * segments on the raw path and each is decoded on its own, so an encoded slash stays inside a
 * segment (and is then refused by the segment's own check) instead of becoming a separator.
 */
final class ApiRequest {
    private static final int MAX_LIMIT = 500;
    /**
     * What the engine's ids (items, decisions, identities, sets, reasons) are made of; anything
     * else names nothing and is refused before it reaches Elasticsearch.
     */
    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@+=-]{0,255}");
    /** Free text such as an annotator's name: bounded, no control characters. */
    private static final Pattern TEXT = Pattern.compile("[^\\p{Cntrl}]{1,200}");

    private final String method;
    private final String path;
    private final List<String> segments;
    private final Map<String, String> query;
    private final byte[] body;
    private final Caller caller;

    /**
     * @param rawPath  the path as sent, starting with {@code /api/}
     * @param rawQuery the query as sent, or null
     * @param body     the body's first {@link ApiOptions#MAX_BODY_BYTES} + 1 bytes (more means too large)
     */
    ApiRequest(String method, String rawPath, String rawQuery, byte[] body, Caller caller) {
        this.method = method;
        this.path = rawPath;
        this.caller = caller;
        this.body = body;
        this.segments = List.of(rawPath.substring("/api/".length()).split("/", -1));
        this.query = parseQuery(rawQuery);
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
            throw ApiException.badRequest(what + " is empty or has malformed %-escapes");
        }
        return value;
    }

    /** Segment {@code i} decoded, as an id of the engine's form; anything else is a 400 naming {@code what}. */
    String id(int i, String what) {
        String value = decodedOrBadRequest(i, what);
        if (!ID.matcher(value).matches()) {
            throw badId(what);
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
        if (!method.equals(this.method)) {
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
        return ApiException.notFound("no such path " + path + " (see /api/openapi.json)");
    }

    /** A query value that names an id (a run, set, reason); absent is null, anything not of an id's form a 400. */
    String idQuery(String key) {
        String value = query.get(key);
        if (value != null && !ID.matcher(value).matches()) {
            throw badId(key);
        }
        return value;
    }

    /** A free-text query value (an annotator's name): at most 200 characters, no control characters. */
    String textQuery(String key) {
        String value = query.get(key);
        if (value != null && !TEXT.matcher(value).matches()) {
            throw ApiException.badRequest(key + " must be at most 200 characters without control characters");
        }
        return value;
    }

    /** An opaque token the server handed out (a page cursor): bounded, URL-safe Base64. */
    String cursorQuery(String key) {
        String value = query.get(key);
        if (value != null && (value.length() > 1000 || !value.matches("[A-Za-z0-9_-]+"))) {
            throw ApiException.badRequest(key + " must be the 'next' value of a previous page");
        }
        return value;
    }

    private static ApiException badId(String what) {
        return ApiException.badRequest(what + " must be 1 to 256 of letters, digits and . _ : @ + = -,"
                + " starting with a letter or digit");
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
        throw ApiException.badRequest(key + " must be an integer in [" + min + ", " + max + "]");
    }

    /** The body as JSON; it was read up to the limit plus one byte, so an oversized one is refused without buffering it. */
    JsonNode readJson() {
        byte[] bytes = body;
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
        } catch (IOException e) {
            throw new UncheckedIOException("reading JSON from bytes in memory", e);
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
                throw ApiException.badRequest("the query has malformed %-escapes");
            }
        }
        return out;
    }
}
