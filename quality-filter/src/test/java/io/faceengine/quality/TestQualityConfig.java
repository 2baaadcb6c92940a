package io.faceengine.quality;

import com.fasterxml.jackson.databind.JsonNode;
import io.faceengine.pipeline.config.ConfigLoader;

/** The {@code quality} section of the packaged defaults (conf/face-engine.yaml), as the tests use it. */
final class TestQualityConfig {
    private TestQualityConfig() {
    }

    static JsonNode section() {
        return ConfigLoader.defaultsOnly().quality();
    }

    static QualityConfig defaults() {
        return QualityConfig.fromTree(section());
    }
}
