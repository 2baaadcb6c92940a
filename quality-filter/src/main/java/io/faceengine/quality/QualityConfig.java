package io.faceengine.quality;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.Objects;

/**
 * The {@code quality} section of the configuration: the filter policy and the bins of the
 * per-run histograms. Bound by Jackson like the other sections; {@link #fromTree} binds it from
 * a parsed YAML/JSON tree with the same strictness as the configuration loader, and additionally
 * refuses missing keys, because a threshold silently read as 0 would disable its check.
 */
public record QualityConfig(QualityPolicy policy, QualityHistograms histograms) {
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES);

    public QualityConfig {
        Objects.requireNonNull(policy, "quality.policy");
        Objects.requireNonNull(histograms, "quality.histograms");
    }

    /** Binds the {@code quality} section; the message names the offending key. */
    public static QualityConfig fromTree(JsonNode section) {
        try {
            return STRICT.treeToValue(section, QualityConfig.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid quality configuration: " + e.getMessage(), e);
        }
    }
}
