package io.faceengine.pipeline.stage;

import io.faceengine.pipeline.FaceModels;
import io.faceengine.pipeline.config.FaceEngineConfig;
import io.faceengine.pipeline.config.ModelsConfig;
import io.faceengine.pipeline.embed.FaceEmbedder;
import io.faceengine.pipeline.model.ModelDescriptor;
import io.faceengine.pipeline.model.ModelSessions;
import io.faceengine.pipeline.model.RuntimeOptions;
import io.faceengine.pipeline.table.ContentIds;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;

import java.io.Serializable;
import java.util.HashMap;
import java.util.List;

/**
 * Ships the models to executors: the driver reads (and translates) each model once and
 * broadcasts the ONNX bytes, so executors need no model files; each executor JVM then builds
 * one session per model on first use and shares it across its tasks.
 */
public final class ExecutorModels implements Serializable {
    private final Broadcast<HashMap<String, byte[]>> onnxByName;
    private final String embedderVersion;

    private ExecutorModels(Broadcast<HashMap<String, byte[]>> onnxByName, String embedderVersion) {
        this.onnxByName = onnxByName;
        this.embedderVersion = embedderVersion;
    }

    public static ExecutorModels broadcast(SparkSession spark, FaceEngineConfig config) {
        return broadcast(spark, config, null);
    }

    /**
     * @param embedderOnnx an embedder graph that replaces the configured one (a fine-tuned network
     *                     the model registry promoted), or null for the configured file
     */
    public static ExecutorModels broadcast(SparkSession spark, FaceEngineConfig config, byte[] embedderOnnx) {
        ModelsConfig models = config.models();
        HashMap<String, byte[]> bytes = new HashMap<>();
        for (ModelDescriptor d : List.of(models.pnet(), models.rnet(), models.onet(), models.embedder())) {
            bytes.put(d.name(), ModelSessions.onnxBytes(d, d.resolveFile(models.directoryPath())));
        }
        if (embedderOnnx != null) {
            bytes.put(models.embedder().name(), embedderOnnx);
        }
        return new ExecutorModels(JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(bytes),
                embedderVersion(models.embedder(), bytes.get(models.embedder().name())));
    }

    /** How faces record the embedder that produced them: its name and a hash of its ONNX graph. */
    public static String embedderVersion(ModelDescriptor embedder, byte[] onnx) {
        return embedder.name() + "@" + ContentIds.sha256Hex(onnx).substring(0, 12);
    }

    /**
     * The models on this executor (sessions cached per JVM). Threads per model call: the
     * configured number, or 1 when it is 0 ("runtime default"), because an executor's task slots
     * already keep its cores busy and more threads per call would oversubscribe them.
     */
    public FaceModels load(FaceEngineConfig config) {
        return FaceModels.load(config, d -> onnxByName.value().get(d.name()), executorRuntime(config));
    }

    /** Only the embedder: embedding stored crops needs no detector sessions on the executor. */
    public FaceEmbedder loadEmbedder(FaceEngineConfig config) {
        return FaceModels.loadEmbedder(config, d -> onnxByName.value().get(d.name()), executorRuntime(config));
    }

    private static RuntimeOptions executorRuntime(FaceEngineConfig config) {
        int threads = config.models().intraOpThreads();
        return new RuntimeOptions(threads == 0 ? 1 : threads);
    }

    /** Identifies the embedder that produced an embedding: its name and a hash of its graph. */
    public String embedderVersion() {
        return embedderVersion;
    }

}
