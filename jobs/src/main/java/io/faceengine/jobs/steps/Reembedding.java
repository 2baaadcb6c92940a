package io.faceengine.jobs.steps;

import io.faceengine.jobs.run.RunContext;
import io.faceengine.pipeline.config.FaceEngineConfig;
import io.faceengine.pipeline.stage.EmbedStage;
import io.faceengine.pipeline.stage.ExecutorModels;
import io.faceengine.pipeline.stage.FaultPoint;
import io.faceengine.pipeline.table.FaceTables;
import io.faceengine.training.retrain.ModelRegistry;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.Optional;

import static org.apache.spark.sql.functions.col;

/**
 * Once the model registry promotes a fine-tuned network, faces stored by earlier runs carry
 * embeddings of another embedder. This embeds them again with the promoted network from their
 * stored aligned crops (no re-detection), so every face a step compares lives in one space; faces
 * record the embedder that made them in {@code model_version}. With no network promoted it changes
 * nothing.
 */
final class Reembedding {
    private final FaceEngineConfig config;
    private final ExecutorModels models;
    private final int networkVersion;

    private Reembedding(FaceEngineConfig config, ExecutorModels models, int networkVersion) {
        this.config = config;
        this.models = models;
        this.networkVersion = networkVersion;
    }

    static Reembedding of(SparkSession spark, RunContext context) {
        Optional<ModelRegistry.PromotedNetwork> network = ModelRegistry.promotedNetwork(
                spark.sparkContext().hadoopConfiguration(), context.layout().dataRoot().toString());
        if (network.isEmpty()) {
            return new Reembedding(context.config(), null, 0);
        }
        return new Reembedding(context.config(), ExecutorModels.broadcast(spark, context.config(), network.get().onnx()),
                network.get().version());
    }

    boolean enabled() {
        return models != null;
    }

    /** The promoted network's registry version; 0 when none is promoted. */
    int networkVersion() {
        return networkVersion;
    }

    /** Whether faces of this embedder version need no new embedding. */
    boolean current(String embedderVersion) {
        return !enabled() || models.embedderVersion().equals(embedderVersion);
    }

    /** Faces with {@code crop_jpeg} and {@code model_version}, every embedding now the promoted network's. */
    Dataset<Row> apply(Dataset<Row> faces) {
        if (!enabled()) {
            return faces;
        }
        String version = models.embedderVersion();
        Dataset<Row> current = faces.where(col(FaceTables.MODEL_VERSION).equalTo(version));
        Dataset<Row> stale = faces.where(col(FaceTables.MODEL_VERSION).isNull()
                .or(col(FaceTables.MODEL_VERSION).notEqual(version)));
        return current.unionByName(new EmbedStage(config, models, null, FaultPoint.NONE).transform(stale));
    }
}
