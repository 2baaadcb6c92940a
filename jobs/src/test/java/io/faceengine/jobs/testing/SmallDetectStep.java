package io.faceengine.jobs.testing;

import io.faceengine.jobs.run.RunContext;
import io.faceengine.jobs.run.RunStep;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

import static io.faceengine.pipeline.table.FaceTables.*;
import static org.apache.spark.sql.functions.*;

/** Test detect: one "face" per image with a score derived from its id; writes "detected". */
public final class SmallDetectStep implements RunStep {
    @Override
    public void execute(RunContext context) {
        Dataset<Row> images = context.spark().read().parquet(context.layout().stepOutput("images").toString());
        Dataset<Row> faces = images
                .withColumn(FACE_ID, concat(col(IMAGE_ID), lit(":0")))
                .withColumn(DET_SCORE, conv(substring(col(IMAGE_ID), 1, 4), 16, 10).cast("double").divide(65535.0))
                .select(col(FACE_ID), col(IMAGE_ID), col(SET_ID), col(DET_SCORE), col(RUN_ID));
        faces.write().mode(SaveMode.Overwrite).parquet(context.layout().stepOutput("detected").toString());
        context.stats().count("images", images.count()).count("faces", faces.count());
    }
}
