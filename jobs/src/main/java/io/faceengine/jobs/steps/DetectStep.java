package io.faceengine.jobs.steps;

import io.faceengine.jobs.run.RunContext;
import io.faceengine.jobs.run.RunStep;
import io.faceengine.pipeline.stage.DetectAlignStage;
import io.faceengine.pipeline.stage.ExecutorModels;
import io.faceengine.pipeline.stage.HadoopConf;
import io.faceengine.pipeline.table.FaceTables;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.Arrays;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;

/**
 * Detects and aligns faces in the newly ingested images. Writes the run's {@code images} table
 * (final status and face count of every new image) and the detected faces for the quality step.
 */
public final class DetectStep implements RunStep {
    static final String RESULTS = "detect-results";
    public static final String OUTPUT = "detected";

    @Override
    public void execute(RunContext context) throws Exception {
        SparkSession spark = context.spark();
        Dataset<Row> images = spark.read().parquet(context.layout().stepOutput(IngestStep.OUTPUT).toString());
        long total = images.count();
        if (total == 0) {
            // Nothing new: write empty tables and leave the models unloaded.
            spark.createDataFrame(java.util.List.of(), FaceTables.IMAGES).write().mode("overwrite")
                    .parquet(context.layout().stepOutput(StepTables.IMAGES).toString());
            spark.createDataFrame(java.util.List.of(), FaceTables.DETECTED_FACES).write().mode("overwrite")
                    .parquet(context.layout().stepOutput(OUTPUT).toString());
            context.stats().count("images", 0).count("faces", 0);
            context.stats().skipped("no new images");
            return;
        }
        ExecutorModels models = ExecutorModels.broadcast(spark, context.config());
        String results = context.layout().stepOutput(RESULTS).toString();
        try (SparkProgress progress = new SparkProgress(spark, "detect", "images", total)) {
            // Spread images over all task slots, one detection batch per task.
            int perTask = context.config().stages().detectImagesPerBatch();
            int partitions = Math.max(spark.sparkContext().defaultParallelism(), (int) Math.min(total / perTask + 1, 10_000));
            new DetectAlignStage(context.config(), models, HadoopConf.snapshot(spark), progress.counter())
                    .transform(images.repartition(partitions, col(FaceTables.IMAGE_ID)).sortWithinPartitions(FaceTables.IMAGE_ID))
                    .write().mode("overwrite").parquet(results);
        }
        Dataset<Row> detected = spark.read().parquet(results);
        detected.drop(DetectAlignStage.FACES)
                .select(Arrays.stream(FaceTables.IMAGES.fieldNames()).map(c -> col(c)).toArray(Column[]::new))
                .write().mode("overwrite").parquet(context.layout().stepOutput(StepTables.IMAGES).toString());
        Dataset<Row> faces = detected
                .select(col(FaceTables.IMAGE_ID), col(FaceTables.SET_ID), explode(col(DetectAlignStage.FACES)).as("face"))
                .select(col(FaceTables.IMAGE_ID), col(FaceTables.SET_ID), col("face.*"))
                .withColumn(FaceTables.RUN_ID, lit(context.runId()))
                .select(Arrays.stream(FaceTables.DETECTED_FACES.fieldNames()).map(c -> col(c)).toArray(Column[]::new));
        String output = context.layout().stepOutput(OUTPUT).toString();
        faces.write().mode("overwrite").parquet(output);

        Dataset<Row> written = spark.read().parquet(context.layout().stepOutput(StepTables.IMAGES).toString());
        context.stats().count("images", total)
                .count("faces", spark.read().parquet(output).count())
                .count("imagesWithoutFace", written.filter(col(FaceTables.FACE_COUNT).equalTo(0)).count());
        StepTables.countByStatus(written, context.stats(), "status.");
    }
}
