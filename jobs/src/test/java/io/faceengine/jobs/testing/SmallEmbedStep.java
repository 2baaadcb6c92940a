package io.faceengine.jobs.testing;

import io.faceengine.jobs.run.RunContext;
import io.faceengine.jobs.run.RunStep;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

import static io.faceengine.pipeline.table.FaceTables.*;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;

/** Test embed: a 2-d "embedding" from the scores; writes the final "faces" table. */
public final class SmallEmbedStep implements RunStep {
    @Override
    public void execute(RunContext context) {
        Dataset<Row> faces = context.spark().read().parquet(context.layout().stepOutput("scored").toString())
                .withColumn(EMBEDDING, array(col(DET_SCORE), col(QUALITY)))
                .select(col(FACE_ID), col(IMAGE_ID), col(SET_ID), col(DET_SCORE), col(QUALITY), col(QUALITY_PASS),
                        col(EMBEDDING), col(RUN_ID));
        faces.write().mode(SaveMode.Overwrite).parquet(context.layout().stepOutput("faces").toString());
        context.stats().count("faces", faces.count());
    }
}
