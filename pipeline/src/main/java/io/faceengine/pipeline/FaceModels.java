package io.faceengine.pipeline;

import io.faceengine.pipeline.align.AlignmentTemplate;
import io.faceengine.pipeline.align.FaceAligner;
import io.faceengine.pipeline.config.FaceEngineConfig;
import io.faceengine.pipeline.config.ModelsConfig;
import io.faceengine.pipeline.detect.FaceDetector;
import io.faceengine.pipeline.detect.MtcnnDetector;
import io.faceengine.pipeline.embed.FaceEmbedder;
import io.faceengine.pipeline.model.ImageModel;
import io.faceengine.pipeline.model.ModelDescriptor;
import io.faceengine.pipeline.model.ModelSession;
import io.faceengine.pipeline.model.ModelSessions;
import io.faceengine.pipeline.model.RuntimeOptions;
import io.faceengine.pipeline.table.ContentIds;

import java.nio.file.Path;
import java.util.function.Function;

/** The detector, aligner and embedder a configuration describes, with sessions from the per-JVM cache. */
public record FaceModels(FaceDetector detector, FaceAligner aligner, FaceEmbedder embedder) {

    /** Models read from the configured models directory. */
    public static FaceModels load(FaceEngineConfig config) {
        ModelsConfig models = config.models();
        Path dir = models.directoryPath();
        return build(config, d -> ModelSessions.get(d, dir, models.runtimeOptions()));
    }

    /** Models whose ONNX bytes are supplied by the caller (e.g. broadcast to Spark executors). */
    public static FaceModels load(FaceEngineConfig config, Function<ModelDescriptor, byte[]> onnxBytes,
                                  RuntimeOptions runtime) {
        return build(config, d -> supplied(d, onnxBytes, runtime));
    }

    /** Only the embedder, for work on stored crops that needs no detector sessions. */
    public static FaceEmbedder loadEmbedder(FaceEngineConfig config, Function<ModelDescriptor, byte[]> onnxBytes,
                                            RuntimeOptions runtime) {
        return embedder(config, d -> supplied(d, onnxBytes, runtime));
    }

    /** Sessions are cached by the graph's content: a promoted network must not get the old embedder's session. */
    private static ModelSession supplied(ModelDescriptor descriptor, Function<ModelDescriptor, byte[]> onnxBytes,
                                         RuntimeOptions runtime) {
        byte[] bytes = onnxBytes.apply(descriptor);
        return ModelSessions.get(descriptor, "supplied@" + ContentIds.sha256Hex(bytes), () -> bytes, runtime);
    }

    private static FaceModels build(FaceEngineConfig config, Function<ModelDescriptor, ModelSession> sessions) {
        ModelsConfig models = config.models();
        FaceDetector detector = new MtcnnDetector(image(models.pnet(), sessions), image(models.rnet(), sessions),
                image(models.onet(), sessions), config.detection());
        return new FaceModels(detector, new FaceAligner(AlignmentTemplate.standard112()), embedder(config, sessions));
    }

    private static FaceEmbedder embedder(FaceEngineConfig config, Function<ModelDescriptor, ModelSession> sessions) {
        return new FaceEmbedder(image(config.models().embedder(), sessions), config.embedding().maxBatch(),
                config.embedding().flipAugment());
    }

    private static ImageModel image(ModelDescriptor descriptor, Function<ModelDescriptor, ModelSession> sessions) {
        return new ImageModel(descriptor, sessions.apply(descriptor));
    }
}
