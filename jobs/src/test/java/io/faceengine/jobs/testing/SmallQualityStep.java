package io.faceengine.jobs.testing;

import io.faceengine.jobs.run.RunContext;
import io.faceengine.jobs.run.RunStep;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

import static io.faceengine.pipeline.table.FaceTables.*;
import static org.apache.spark.sql.functions.col;

/** Test quality: quality = half the detector score, passing above 0.1; writes "scored". */
public final class SmallQualityStep implements RunStep {
    @Override
    public void execute(RunContext context) {
        Dataset<Row> scored = context.spark().read().parquet(context.layout().stepOutput("detected").toString())
                .withColumn(QUALITY, col(DET_SCORE).multiply(0.5))
                .withColumn(QUALITY_PASS, col(DET_SCORE).multiply(0.5).gt(0.1));
        scored.write().mode(SaveMode.Overwrite).parquet(context.layout().stepOutput("scored").toString());
        context.stats().count("faces", scored.count()).count("passed", scored.filter(col(QUALITY_PASS)).count());
    }
}
