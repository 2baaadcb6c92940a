package io.faceengine.quality;

import io.faceengine.pipeline.face.FaceOrigin;
import io.faceengine.pipeline.stage.FrameStage;
import io.faceengine.pipeline.stage.SchemaContract;
import io.faceengine.pipeline.table.FaceTables;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

import java.util.Objects;

/**
 * Measures every detected face and applies the {@link QualityPolicy}: adds {@code quality}
 * (struct, see {@link QualityColumns#QUALITY_STRUCT}), {@code quality_pass} and
 * {@code quality_reasons} to a DETECTED_FACES frame. Rows are neither dropped nor reordered, so
 * failed faces stay visible to review and statistics; filter on {@code quality_pass} downstream.
 *
 * <p>Reads {@code face_id} (for error messages), {@code det_score}, {@code box_y1},
 * {@code box_y2}, {@code landmarks} and {@code crop_jpeg}. Output is a function of those columns
 * only, so re-running gives the same values. Faces handed in as aligned crops
 * ({@link FaceOrigin#GIVEN_CROP}, the run's {@code input.alignedCrops}) are judged only on what
 * applies to them: their detector, size and pose metrics are NaN and not checked.
 *
 * <p>Implemented with mapPartitions rather than a UDF returning a struct: metrics, pass flag and
 * reasons come from one call per row by construction (Spark may evaluate a UDF once per field
 * extracted from its result, decoding each crop several times), and the policy stays plain Java
 * in one place instead of being re-expressed as column expressions.
 */
public final class QualityStage implements FrameStage {
    private static final String NAME = "QualityStage";

    private final QualityPolicy policy;
    private final FaceOrigin origin;

    /** @param origin where this run's faces come from; every face judged must have it */
    public QualityStage(QualityPolicy policy, FaceOrigin origin) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.origin = Objects.requireNonNull(origin, "origin");
    }

    public QualityPolicy policy() {
        return policy;
    }

    @Override
    public StructType transformSchema(StructType input) {
        StructType faces = FaceTables.DETECTED_FACES;
        SchemaContract.require(NAME, input, faces.apply(FaceTables.FACE_ID), faces.apply(FaceTables.DET_SCORE),
                faces.apply(FaceTables.BOX_Y1), faces.apply(FaceTables.BOX_Y2), faces.apply(FaceTables.LANDMARKS),
                faces.apply(FaceTables.CROP_JPEG));
        return SchemaContract.withColumns(input, QualityColumns.ADDED);
    }

    @Override
    public Dataset<Row> transform(Dataset<Row> input) {
        StructType output = transformSchema(input.schema());
        return input.mapPartitions(new QualityRowMapper(policy, origin, input.schema(), output), Encoders.row(output));
    }
}
