package io.faceengine.jobs.steps;

import io.faceengine.jobs.run.RunContext;
import io.faceengine.jobs.run.RunStep;
import io.faceengine.jobs.run.TableCatalog;
import io.faceengine.pipeline.image.DecodeFailure;
import io.faceengine.pipeline.stage.FileProbeStage;
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
 * Lists the inputs and ingests the files that no committed run has processed yet. Files that
 * committed runs read are not opened again while their size and modification time are the same
 * ({@link FileProbeStage}); the files this run reads are recorded in its {@code files} table for
 * the next run. Images whose failure may be temporary (unreadable, out of memory) are not counted
 * as processed, so the next run retries them.
 */
public final class IngestStep implements RunStep {
    public static final String OUTPUT = "ingest";
    static final String PROBED = "ingest-probed";

    @Override
    public void execute(RunContext context) throws Exception {
        SparkSession spark = context.spark();
        Dataset<Row> listed = InputListing.list(spark, context.inputs(), context.config().input());
        long fileCount = listed.count();
        // The listing is a small driver-side table; spread it so every task slot hashes and decodes.
        int partitions = (int) Math.max(spark.sparkContext().defaultParallelism(), Math.min(fileCount / 64 + 1, 10_000));
        TableCatalog catalog = new TableCatalog(context.parameters().dataRoot());
        Dataset<Row> known = catalog.read(spark, StepTables.IMAGES, FaceTables.IMAGES)
                .filter(not(col(FaceTables.STATUS).isin(DecodeFailure.UNREADABLE.name(), DecodeFailure.OUT_OF_MEMORY.name())))
                .select(FaceTables.IMAGE_ID);
        Dataset<Row> knownFiles = catalog.read(spark, StepTables.FILES, FaceTables.INGESTED_FILES)
                .join(known, new String[]{FaceTables.IMAGE_ID}, "left_semi");

        String probedOutput = context.layout().stepOutput(PROBED).toString();
        new FileProbeStage(context.config().image(), HadoopConf.snapshot(spark), knownFiles, partitions)
                .transform(listed)
                .write().mode("overwrite").parquet(probedOutput);
        Dataset<Row> probed = spark.read().parquet(probedOutput);

        String output = context.layout().stepOutput(OUTPUT).toString();
        new IngestStage(context.runId(), known).transform(probed).write().mode("overwrite").parquet(output);
        FileProbeStage.filesRead(probed, context.runId())
                .write().mode("overwrite").parquet(context.layout().stepOutput(StepTables.FILES).toString());

        Dataset<Row> written = spark.read().parquet(output);
        long newImages = written.count();
        long unchanged = probed.filter(col(FaceTables.STATUS).equalTo(FileProbeStage.UNCHANGED)).count();
        Row dup = written.agg(sum(size(col(FaceTables.DUPLICATES)))).first();
        long duplicates = dup.isNullAt(0) ? 0 : dup.getLong(0);
        context.stats().count("files", fileCount).count("unchangedNotRead", unchanged).count("newImages", newImages)
                .count("duplicateFiles", duplicates)
                .count("alreadyProcessed", fileCount - newImages - duplicates);
        StepTables.countByStatus(written, context.stats(), "status.");
    }
}
