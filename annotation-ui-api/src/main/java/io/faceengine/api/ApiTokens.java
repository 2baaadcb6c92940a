package io.faceengine.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The API tokens, read from a YAML or JSON file mapping the SHA-256 (hex) of each token to its
 * holder's name and role. Only hashes are stored, so the file does not give tokens away.
 */
public final class ApiTokens {
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final Set<String> KEYS = Set.of("name", "role");

    private final Map<String, Caller> byHash;

    private ApiTokens(Map<String, Caller> byHash) {
        this.byHash = Map.copyOf(byHash);
    }

    /** Reads the file; a malformed entry is an error naming it, so a typo never locks someone out silently. */
    public static ApiTokens load(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the tokens file " + file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("tokens file " + file + " must map sha256 hex of a token to {name, role}");
        }
        Map<String, Caller> out = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String hash = entry.getKey();
            String where = "tokens file " + file + ", entry " + hash;
            if (!SHA256_HEX.matcher(hash).matches()) {
                throw new IllegalArgumentException(where + ": key must be 64 lower-case hex digits (sha256 of the token)");
            }
            JsonNode value = entry.getValue();
            if (!value.isObject()) {
                throw new IllegalArgumentException(where + ": value must be {name, role}");
            }
            value.fieldNames().forEachRemaining(key -> {
                if (!KEYS.contains(key)) {
                    throw new IllegalArgumentException(where + ": unknown key " + key + " (known: " + KEYS + ")");
                }
            });
            String name = value.path("name").asText("");
            if (!value.path("name").isTextual() || name.isBlank()) {
                throw new IllegalArgumentException(where + ": name must be a non-empty string");
            }
            Role role;
            try {
                role = Role.parse(value.path("role").asText(""));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
            out.put(hash, new Caller(name, role));
        }
        return new ApiTokens(out);
    }

    /** The holder of the Bearer token in the Authorization header; 401 when missing or unknown. */
    Caller authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                || authorization.substring(7).isBlank()) {
            throw new ApiException(401, "unauthorized", "send Authorization: Bearer <token>");
        }
        Caller caller = byHash.get(sha256Hex(authorization.substring(7).strip()));
        if (caller == null) {
            throw new ApiException(401, "unauthorized", "the token is not known");
        }
        return caller;
    }

    /** The hex SHA-256 of a token: what the tokens file holds. */
    public static String sha256Hex(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }
}
