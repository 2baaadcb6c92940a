package io.faceengine.jobs.steps;

import io.faceengine.jobs.run.RunContext;
import io.faceengine.jobs.run.RunStep;
import io.faceengine.jobs.run.TableCatalog;
import io.faceengine.pipeline.image.DecodeFailure;
import io.faceengine.pipeline.stage.HadoopConf;
import io.faceengine.pipeline.stage.IngestStage;
import io.faceengine.pipeline.stage.InputListing;
import io.faceengine.pipeline.table.FaceTables;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;

/**
 * Lists the inputs and ingests the files that no committed run has processed yet. Images whose
 * failure may be temporary (unreadable, out of memory) are not counted as processed, so the next
 * run retries them.
 */
public final class IngestStep implements RunStep {
    public static final String OUTPUT = "ingest";

    @Override
    public void execute(RunContext context) throws Exception {
        SparkSession spark = context.spark();
        Dataset<Row> listed = InputListing.list(spark, context.inputs());
        long fileCount = listed.count();
        // The listing is a small driver-side table; spread it so every task slot hashes and decodes.
        int partitions = (int) Math.max(spark.sparkContext().defaultParallelism(), Math.min(fileCount / 64 + 1, 10_000));
        Dataset<Row> files = listed.repartition(partitions);
        Dataset<Row> known = new TableCatalog(context.parameters().dataRoot())
                .read(spark, StepTables.IMAGES, FaceTables.IMAGES)
                .filter(not(col(FaceTables.STATUS).isin(DecodeFailure.UNREADABLE.name(), DecodeFailure.OUT_OF_MEMORY.name())))
                .select(FaceTables.IMAGE_ID);
        Dataset<Row> images = new IngestStage(context.config().image(), context.runId(), HadoopConf.snapshot(spark), known)
                .transform(files);
        String output = context.layout().stepOutput(OUTPUT).toString();
        images.write().mode("overwrite").parquet(output);

        Dataset<Row> written = spark.read().parquet(output);
        long newImages = written.count();
        Row dup = written.agg(sum(size(col(FaceTables.DUPLICATES)))).first();
        long duplicates = dup.isNullAt(0) ? 0 : dup.getLong(0);
        context.stats().count("files", fileCount).count("newImages", newImages)
                .count("duplicateFiles", duplicates)
                .count("alreadyProcessed", fileCount - newImages - duplicates);
        StepTables.countByStatus(written, context.stats(), "status.");
    }
}
