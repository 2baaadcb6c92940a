package io.faceengine.jobs.steps;

import io.faceengine.jobs.run.RunContext;
import io.faceengine.jobs.run.RunStep;
import io.faceengine.jobs.run.TableCatalog;
import io.faceengine.pipeline.image.DecodeFailure;
import io.faceengine.pipeline.stage.FileProbeStage;
import io.faceengine.pipeline.stage.HadoopConf;
import io.faceengine.pipeline.stage.IngestStage;
import io.faceengine.pipeline.stage.InputListing;
import io.faceengine.pipeline.stage.UnchangedFiles;
import io.faceengine.pipeline.table.FaceTables;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;

/**
 * Lists the inputs and ingests the files that no committed run has processed yet. Files that
 * committed runs read are not opened again while their size and modification time are the same
 * ({@link UnchangedFiles}, checked on the driver); when every file is such a file, no Spark task
 * reads anything and the step writes empty tables. The files this run reads are recorded in its {@code files} table for
 * the next run. Images whose failure may be temporary (unreadable, out of memory) are not counted
 * as processed, so the next run retries them.
 */
public final class IngestStep implements RunStep {
    public static final String OUTPUT = "ingest";
    static final String PROBED = "ingest-probed";

    @Override
    public void execute(RunContext context) throws Exception {
        SparkSession spark = context.spark();
        List<Row> listed = InputListing.rows(spark.sparkContext().hadoopConfiguration(), context.inputs(),
                context.config().input());
        TableCatalog catalog = new TableCatalog(context.parameters().dataRoot());
        Dataset<Row> known = catalog.read(spark, StepTables.IMAGES, FaceTables.IMAGES)
                .filter(not(col(FaceTables.STATUS).isin(DecodeFailure.UNREADABLE.name(), DecodeFailure.OUT_OF_MEMORY.name())))
                .select(FaceTables.IMAGE_ID);
        Dataset<Row> knownFiles = catalog.read(spark, StepTables.FILES, FaceTables.INGESTED_FILES)
                .join(known, new String[]{FaceTables.IMAGE_ID}, "left_semi");
        UnchangedFiles.Split split = UnchangedFiles.split(spark, listed, knownFiles);
        long fileCount = split.listed();
        long unchanged = split.unchanged().size();
        context.stats().count("files", fileCount).count("unchangedNotRead", unchanged);

        String output = context.layout().stepOutput(OUTPUT).toString();
        String filesOutput = context.layout().stepOutput(StepTables.FILES).toString();
        if (split.toProbeCount() == 0) {
            // Every file is known and unchanged: no image is new, so there is nothing to read or decode.
            spark.createDataFrame(List.of(), FaceTables.IMAGES).write().mode("overwrite").parquet(output);
            spark.createDataFrame(List.of(), FaceTables.INGESTED_FILES).write().mode("overwrite").parquet(filesOutput);
            context.stats().count("newImages", 0).count("duplicateFiles", 0).count("alreadyProcessed", fileCount);
            return;
        }
        // Spread the files to read so every task slot hashes and decodes.
        int partitions = (int) Math.max(spark.sparkContext().defaultParallelism(), Math.min(split.toProbeCount() / 64 + 1, 10_000));
        String probedOutput = context.layout().stepOutput(PROBED).toString();
        new FileProbeStage(context.config().image(), HadoopConf.snapshot(spark), null, partitions)
                .probe(split.toProbe())
                .write().mode("overwrite").parquet(probedOutput);
        Dataset<Row> probed = spark.read().parquet(probedOutput);

        new IngestStage(context.runId(), known).transform(probed).write().mode("overwrite").parquet(output);
        FileProbeStage.filesRead(probed, context.runId()).write().mode("overwrite").parquet(filesOutput);

        Dataset<Row> written = spark.read().parquet(output);
        long newImages = written.count();
        Row dup = written.agg(sum(size(col(FaceTables.DUPLICATES)))).first();
        long duplicates = dup.isNullAt(0) ? 0 : dup.getLong(0);
        context.stats().count("newImages", newImages).count("duplicateFiles", duplicates)
                .count("alreadyProcessed", fileCount - newImages - duplicates);
        StepTables.countByStatus(written, context.stats(), "status.");
    }
}
