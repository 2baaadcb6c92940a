package io.faceengine.jobs.steps;

import io.faceengine.jobs.run.StepStatsRecorder;
import io.faceengine.pipeline.table.FaceTables;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The run's tables and step outputs under {@code runs/<runId>/}: {@code images}, {@code faces} and
 * {@code files} are the committed tables; the others are intermediate results a restarted step reads back.
 */
final class StepTables {
    static final String IMAGES = "images";
    static final String FACES = "faces";
    /** The files a run read, with size and modification time, so later runs need not read them again. */
    static final String FILES = "files";

    private StepTables() {
    }

    /** Records how many rows have each status, as {@code <prefix><STATUS>} counters. */
    static void countByStatus(Dataset<Row> images, StepStatsRecorder stats, String prefix) {
        for (Row row : images.groupBy(FaceTables.STATUS).count().collectAsList()) {
            stats.count(prefix + row.getString(0), row.getLong(1));
        }
    }
}
