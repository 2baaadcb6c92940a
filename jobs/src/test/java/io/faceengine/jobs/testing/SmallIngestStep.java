package io.faceengine.jobs.testing;

import io.faceengine.jobs.run.RunContext;
import io.faceengine.jobs.run.RunStep;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

import java.util.ArrayList;
import java.util.List;

import static io.faceengine.pipeline.table.FaceTables.IMAGE_ID;
import static io.faceengine.pipeline.table.FaceTables.RUN_ID;
import static io.faceengine.pipeline.table.FaceTables.URI;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sha2;

/** Test ingest: one row per file of each set folder, named by a hash of its path; writes "images". */
public final class SmallIngestStep implements RunStep {
    @Override
    public void execute(RunContext context) throws Exception {
        SparkSession spark = context.spark();
        List<Row> rows = new ArrayList<>();
        for (String input : context.inputs()) {
            Path dir = new Path(input);
            FileSystem fs = dir.getFileSystem(context.hadoopConf());
            for (FileStatus set : fs.listStatus(dir)) {
                for (FileStatus file : fs.listStatus(set.getPath())) {
                    rows.add(RowFactory.create(set.getPath().getName(), file.getPath().toString(), file.getLen()));
                }
            }
        }
        Dataset<Row> images = spark.createDataFrame(rows, TestTables.LISTING)
                .withColumn(IMAGE_ID, sha2(col(URI), 256))
                .withColumn(RUN_ID, lit(context.runId()))
                .select(TestTables.IMAGE_COLUMNS);
        images.write().mode(SaveMode.Overwrite).parquet(context.layout().stepOutput("images").toString());
        context.stats().count("images", rows.size()).count("bytes", rows.stream().mapToLong(r -> r.getLong(2)).sum());
    }
}
