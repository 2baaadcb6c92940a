package io.faceengine.jobs.testing;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import static io.faceengine.pipeline.table.FaceTables.*;
import static org.apache.spark.sql.functions.col;

/** Schemas of the small tables the test steps write (column names from FaceTables). */
public final class TestTables {
    static final StructType LISTING = new StructType()
            .add(SET_ID, DataTypes.StringType, false)
            .add(URI, DataTypes.StringType, false)
            .add(SIZE_BYTES, DataTypes.LongType, false);

    static final Column[] IMAGE_COLUMNS = {col(IMAGE_ID), col(SET_ID), col(URI), col(SIZE_BYTES), col(RUN_ID)};

    public static final StructType IMAGES = new StructType()
            .add(IMAGE_ID, DataTypes.StringType)
            .add(SET_ID, DataTypes.StringType)
            .add(URI, DataTypes.StringType)
            .add(SIZE_BYTES, DataTypes.LongType)
            .add(RUN_ID, DataTypes.StringType);

    public static final StructType FACES = new StructType()
            .add(FACE_ID, DataTypes.StringType)
            .add(IMAGE_ID, DataTypes.StringType)
            .add(SET_ID, DataTypes.StringType)
            .add(DET_SCORE, DataTypes.DoubleType)
            .add(QUALITY, DataTypes.DoubleType)
            .add(QUALITY_PASS, DataTypes.BooleanType)
            .add(EMBEDDING, new ArrayType(DataTypes.DoubleType, true))
            .add(RUN_ID, DataTypes.StringType);

    private TestTables() {
    }
}
