package io.faceengine.pipeline.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.faceengine.pipeline.detect.MtcnnOptions;
import io.faceengine.pipeline.image.ImageLimits;

/**
 * The whole configuration, one immutable section per stage. The {@code quality}, {@code clustering},
 * {@code elasticsearch} and {@code training} sections are kept as trees here and read (strictly) by
 * the modules that own their meaning: this module cannot depend on those.
 */
public record FaceEngineConfig(ModelsConfig models, MtcnnOptions detection, EmbeddingOptions embedding,
                               ImageLimits image, StageOptions stages, JsonNode quality, RunOptions run,
                               TestingOptions testing, JsonNode clustering, JsonNode elasticsearch,
                               JsonNode training, InputOptions input) {
    public FaceEngineConfig {
        input = input == null ? InputOptions.defaults() : input;
    }

    /** Knobs of the Spark stages that are not model options. */
    public record StageOptions(int detectImagesPerBatch, float cropJpegQuality) {
        public StageOptions {
            if (detectImagesPerBatch < 1) {
                throw new IllegalArgumentException("stages.detectImagesPerBatch must be positive, got " + detectImagesPerBatch);
            }
            if (!(cropJpegQuality > 0 && cropJpegQuality <= 1)) {
                throw new IllegalArgumentException("stages.cropJpegQuality must be in (0, 1], got " + cropJpegQuality);
            }
        }
    }

    /** Options of the embedding stage. */
    public record EmbeddingOptions(int maxBatch, boolean flipAugment) {
        public EmbeddingOptions {
            if (maxBatch < 1) {
                throw new IllegalArgumentException("embedding.maxBatch must be positive, got " + maxBatch);
            }
        }
    }
}
