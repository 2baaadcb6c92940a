package io.faceengine.quality;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The proposed {@code quality} section of conf/face-engine.yaml, as the tests' defaults. */
final class TestQualityConfig {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private TestQualityConfig() {
    }

    static JsonNode section() {
        try (InputStream in = TestQualityConfig.class.getResourceAsStream("/quality-section.yaml")) {
            return YAML.readTree(in).get("quality");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static QualityConfig defaults() {
        return QualityConfig.fromTree(section());
    }
}
