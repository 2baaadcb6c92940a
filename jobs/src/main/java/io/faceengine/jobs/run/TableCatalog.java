package io.faceengine.jobs.run;

import io.faceengine.pipeline.io.RunFiles;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a table as the committed runs left it: the union of {@code runs/<id>/<table>} over the
 * committed run ids. A run that has not committed (still running, or failed) is never visible.
 * Rows are keyed by content-derived ids and each run writes only what is new, so the union holds
 * no duplicates.
 */
public final class TableCatalog {
    private static final String RUN_ORDER = "_run_order";
    private static final String LATEST_ORDER = "_latest_order";

    private final String dataRoot;

    public TableCatalog(String dataRoot) {
        this.dataRoot = dataRoot;
    }

    public List<String> committedRunIds(SparkSession spark) {
        try {
            return new CommittedRuns(dataRoot, spark.sparkContext().hadoopConfiguration()).committedRunIds();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the committed runs under " + dataRoot, e);
        }
    }

    /**
     * The table with the given schema; empty (with that schema) when no committed run has it. Runs
     * committed before the table existed are skipped.
     */
    public Dataset<Row> read(SparkSession spark, String table, StructType schema) {
        List<String> folders = folders(spark, table);
        if (folders.isEmpty()) {
            return spark.createDataFrame(List.of(), schema);
        }
        return spark.read().schema(schema).parquet(folders.toArray(String[]::new));
    }

    /**
     * A per-set table (clusters, hard examples) as it stands: for each set, the rows of the last run
     * that clustered it, since a run that clusters a set again (after human decisions) supersedes
     * the earlier rows. {@code ownFolder}, when not null, is the current run's output, taken as the latest.
     * Null when no run has the table.
     */
    public Dataset<Row> readLatestPerSet(SparkSession spark, String table, String setColumn, String ownFolder) {
        List<String> folders = new ArrayList<>(folders(spark, table));
        if (ownFolder != null && !folders.contains(ownFolder)) {
            folders.add(ownFolder);
        }
        Dataset<Row> all = null;
        for (int i = 0; i < folders.size(); i++) {
            Dataset<Row> rows = spark.read().parquet(folders.get(i)).withColumn(RUN_ORDER, functions.lit(i));
            all = all == null ? rows : all.unionByName(rows, true);
        }
        if (all == null) {
            return null;
        }
        Dataset<Row> latest = all.groupBy(setColumn).agg(functions.max(RUN_ORDER).as(LATEST_ORDER));
        return all.join(latest, setColumn).where(functions.col(RUN_ORDER).equalTo(functions.col(LATEST_ORDER)))
                .drop(RUN_ORDER, LATEST_ORDER);
    }

    /** The folders of the table in the committed runs that have it, in commit order. */
    public List<String> folders(SparkSession spark, String table) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        RunFiles files = new RunFiles(conf);
        List<String> folders = new ArrayList<>();
        for (String runId : committedRunIds(spark)) {
            Path folder = new RunLayout(dataRoot, runId).stepOutput(table);
            try {
                if (files.exists(folder)) {
                    folders.add(folder.toString());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot check " + folder, e);
            }
        }
        return folders;
    }
}
