package io.faceengine.pipeline.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The one configuration loader: built-in defaults (conf/face-engine.yaml, packaged on the
 * classpath), then an optional user YAML holding only what it changes, then dotted
 * {@code key=value} overrides from the command line. Unknown keys are errors, so a typo never
 * silently falls back to a default.
 *
 * <p>Elasticsearch's address is the key {@code elasticsearch.url}; the environment variable
 * {@value #ES_URL_VARIABLE}, when set, overrides the files (not {@code --set}), so one variable
 * points every command, the review API and the scripts at the same cluster.
 */
public final class ConfigLoader {
    public static final String ES_URL_VARIABLE = "FACEENGINE_ES_URL";
    private static final String DEFAULTS_RESOURCE = "/face-engine.yaml";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ConfigLoader() {
    }

    public static FaceEngineConfig load(Path userFile, List<String> overrides) {
        return load(userFile, overrides, System.getenv());
    }

    static FaceEngineConfig load(Path userFile, List<String> overrides, Map<String, String> environment) {
        ObjectNode tree = defaults();
        if (userFile != null) {
            try {
                merge(tree, YAML.readTree(userFile.toFile()));
            } catch (IOException e) {
                throw new ConfigException("cannot read configuration " + userFile + ": " + e.getMessage(), e);
            }
        }
        String esUrl = environment.get(ES_URL_VARIABLE);
        if (esUrl != null && !esUrl.isBlank()) {
            ((ObjectNode) tree.path("elasticsearch")).put("url", esUrl.strip());
        }
        for (String override : overrides) {
            applyOverride(tree, override);
        }
        try {
            return YAML.treeToValue(tree, FaceEngineConfig.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("invalid configuration: " + e.getMessage(), e);
        }
    }

    /** The resolved configuration as JSON, to ship it to Spark executors or record it with a run. */
    public static String toJson(FaceEngineConfig config) {
        try {
            return JSON.writeValueAsString(config);
        } catch (IOException e) {
            throw new ConfigException("cannot serialise the configuration: " + e.getMessage(), e);
        }
    }

    public static FaceEngineConfig fromJson(String json) {
        try {
            return JSON.readValue(json, FaceEngineConfig.class);
        } catch (IOException e) {
            throw new ConfigException("invalid configuration JSON: " + e.getMessage(), e);
        }
    }

    public static FaceEngineConfig defaultsOnly() {
        return load(null, List.of());
    }

    private static ObjectNode defaults() {
        try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
            if (in == null) {
                throw new ConfigException("built-in defaults " + DEFAULTS_RESOURCE + " are missing from the classpath", null);
            }
            return (ObjectNode) YAML.readTree(in);
        } catch (IOException e) {
            throw new ConfigException("cannot read built-in defaults: " + e.getMessage(), e);
        }
    }

    /** Overlays {@code update} on {@code base}: objects merge key by key, anything else replaces. */
    private static void merge(ObjectNode base, JsonNode update) {
        if (update == null || update.isMissingNode() || update.isNull()) {
            return;
        }
        if (!update.isObject()) {
            throw new ConfigException("a configuration file must be a YAML mapping at the top", null);
        }
        update.fields().forEachRemaining(field -> {
            JsonNode existing = base.get(field.getKey());
            if (existing instanceof ObjectNode existingObject && field.getValue().isObject()) {
                merge(existingObject, field.getValue());
            } else {
                base.set(field.getKey(), field.getValue());
            }
        });
    }

    /** {@code a.b.c=value}; the value is parsed as YAML, so numbers, booleans and [lists] work. */
    static void applyOverride(ObjectNode tree, String override) {
        int eq = override.indexOf('=');
        if (eq <= 0) {
            throw new ConfigException("override '" + override + "' must look like section.key=value", null);
        }
        String[] path = override.substring(0, eq).trim().split("\\.");
        JsonNode value;
        try {
            value = YAML.readTree(override.substring(eq + 1));
        } catch (IOException e) {
            throw new ConfigException("cannot parse the value of override '" + override + "': " + e.getMessage(), e);
        }
        ObjectNode node = tree;
        for (int i = 0; i < path.length - 1; i++) {
            JsonNode child = node.get(path[i]);
            if (child == null) {
                child = node.putObject(path[i]);
            } else if (!(child instanceof ObjectNode)) {
                throw new ConfigException("override '" + override + "': '" + path[i] + "' is not a section", null);
            }
            node = (ObjectNode) child;
        }
        node.set(path[path.length - 1], value == null || value.isMissingNode() ? YAML.nullNode() : value);
    }
}
