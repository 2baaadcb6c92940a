package io.faceengine.jobs.steps;

import io.faceengine.jobs.run.FaultInjection;
import io.faceengine.jobs.run.InjectedFailure;
import io.faceengine.jobs.run.RunContext;
import io.faceengine.jobs.run.RunStep;
import io.faceengine.pipeline.stage.EmbedStage;
import io.faceengine.pipeline.stage.ExecutorModels;
import io.faceengine.pipeline.stage.FaultPoint;
import io.faceengine.pipeline.stage.SchemaContract;
import io.faceengine.pipeline.table.FaceTables;
import io.faceengine.quality.EmbeddingNormRule;
import io.faceengine.quality.QualityConfig;
import io.faceengine.quality.QualityReason;
import io.faceengine.training.retrain.ModelRegistry;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

import java.util.Optional;

import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.col;

/**
 * Embeds the faces that passed the quality filter and writes the run's {@code faces} table, with
 * the configured embedder or, once the model registry promoted one, the fine-tuned network.
 * With the test-only {@code testing.failOnceInStep: embed}, the step dies on an executor in the
 * middle of writing, to prove that a restart ends with the same table as an uninterrupted run.
 * Faces are hash-partitioned and sorted by id, so a restarted step batches them exactly as before.
 */
public final class EmbedStep implements RunStep {
    @Override
    public void execute(RunContext context) throws Exception {
        SparkSession spark = context.spark();
        Dataset<Row> faces = spark.read().parquet(context.layout().stepOutput(QualityStep.OUTPUT).toString());
        long total = faces.count();
        String output = context.layout().stepOutput(StepTables.FACES).toString();
        if (total == 0) {
            // Nothing new: an empty faces table, and the models stay unloaded.
            StructType schema = SchemaContract.withColumns(faces.schema(), FaceTables.EMBEDDING_COLUMNS);
            spark.createDataFrame(java.util.List.of(), schema).write().mode("overwrite").parquet(output);
            context.stats().count("faces", 0).count("embedded", 0);
            context.stats().skipped("no new faces");
            return;
        }
        // A promoted fine-tuned network replaces the configured embedder; faces record which one embedded them.
        Optional<ModelRegistry.PromotedNetwork> network = ModelRegistry.promotedNetwork(
                spark.sparkContext().hadoopConfiguration(), context.layout().dataRoot().toString());
        ExecutorModels models = ExecutorModels.broadcast(spark, context.config(),
                network.map(ModelRegistry.PromotedNetwork::onnx).orElse(null));
        FaultPoint fault = midStepFault(context);
        try (SparkProgress progress = new SparkProgress(spark, "embed", "faces", total)) {
            int partitions = Math.max(2, spark.sparkContext().defaultParallelism());
            Dataset<Row> embedded = new EmbedStage(context.config(), models, progress.counter(), fault)
                    .transform(faces.repartition(partitions, col(FaceTables.FACE_ID)).sortWithinPartitions(FaceTables.FACE_ID));
            // The policy's last rule needs the norm, so it runs here rather than in the quality step.
            new EmbeddingNormRule(QualityConfig.fromTree(context.config().quality()).policy()).transform(embedded)
                    .write().mode("overwrite").parquet(output);
        }
        Dataset<Row> written = spark.read().parquet(output);
        // embedded - passedQuality = the faces the norm rule failed here (the quality step cannot count them).
        context.stats().count("faces", total)
                .count("networkVersion", network.map(ModelRegistry.PromotedNetwork::version).orElse(0))
                .count("embedded", written.filter(col(FaceTables.EMBEDDING).isNotNull()).count())
                .count("passedQuality", written.filter(col(FaceTables.QUALITY_PASS)).count())
                .count("reason." + QualityReason.LOW_EMBEDDING_NORM.name(), written.filter(
                        array_contains(col(FaceTables.QUALITY_REASONS), QualityReason.LOW_EMBEDDING_NORM.name())).count());
    }

    /** Arms the injected fault on the executors once per run (the driver-side marker records it). */
    private static FaultPoint midStepFault(RunContext context) throws java.io.IOException {
        try {
            FaultInjection.maybeFail(context, context.stepName());
            return FaultPoint.NONE;
        } catch (InjectedFailure armed) {
            return new FailInSecondPartition(armed.getMessage());
        }
    }

    /**
     * Fails the task of partition 1 while partition 0 completes, so the run dies with part of the
     * step's output already written.
     */
    private record FailInSecondPartition(String message) implements FaultPoint {
        @Override
        public void reached() {
            if (org.apache.spark.TaskContext.getPartitionId() == 1) {
                throw new InjectedFailure(message);
            }
        }
    }
}
