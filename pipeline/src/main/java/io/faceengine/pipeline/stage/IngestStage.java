package io.faceengine.pipeline.stage;

import io.faceengine.pipeline.table.FaceTables;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.Arrays;

import static io.faceengine.pipeline.table.FaceTables.*;
import static org.apache.spark.sql.functions.*;

/**
 * Ingest: turns the probed files into the run's images: byte-identical files become one row that
 * lists the other places they were found, and images a previous run already processed (including
 * every file the probe found unchanged) are dropped.
 * <p>Reads: {@link FileProbeStage#PROBED}. Writes: the {@link FaceTables#IMAGES} schema.
 */
public final class IngestStage implements FrameStage {
    private static final String STAGE = "ingest";

    private final String runId;
    private final Dataset<Row> knownImageIds;

    /**
     * @param knownImageIds image_id of every image earlier committed runs processed (skipped here), or null
     */
    public IngestStage(String runId, Dataset<Row> knownImageIds) {
        this.runId = runId;
        this.knownImageIds = knownImageIds;
    }

    @Override
    public StructType transformSchema(StructType input) {
        SchemaContract.require(STAGE, input, FileProbeStage.PROBED.fields());
        return IMAGES;
    }

    @Override
    public Dataset<Row> transform(Dataset<Row> input) {
        transformSchema(input.schema());
        Dataset<Row> probed = input.filter(col(STATUS).notEqual(FileProbeStage.UNCHANGED));

        // The first place (by set, then URI) keeps the row; the others are listed as duplicates.
        var firstPlace = Window.partitionBy(IMAGE_ID).orderBy(col(SET_ID), col(URI));
        Dataset<Row> ranked = probed.withColumn("place", row_number().over(firstPlace));
        Dataset<Row> duplicates = ranked.filter(col("place").gt(1)).groupBy(IMAGE_ID)
                .agg(sort_array(collect_list(struct(col(SET_ID), col(URI)))).as(DUPLICATES));
        Dataset<Row> images = ranked.filter(col("place").equalTo(1)).drop("place")
                .join(duplicates, new String[]{IMAGE_ID}, "left");
        if (knownImageIds != null) {
            images = images.join(knownImageIds.select(IMAGE_ID), new String[]{IMAGE_ID}, "left_anti");
        }
        Column noDuplicates = array().cast(DataTypes.createArrayType(DUPLICATE, false));
        return images
                .withColumn(DUPLICATES, coalesce(col(DUPLICATES), noDuplicates))
                .withColumn(FACE_COUNT, lit(null).cast(DataTypes.IntegerType))
                .withColumn(RUN_ID, lit(runId))
                .select(Arrays.stream(IMAGES.fieldNames()).map(name -> col(name)).toArray(Column[]::new));
    }
}
