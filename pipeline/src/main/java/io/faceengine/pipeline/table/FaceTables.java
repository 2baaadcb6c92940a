package io.faceengine.pipeline.table;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import static org.apache.spark.sql.types.DataTypes.BinaryType;
import static org.apache.spark.sql.types.DataTypes.FloatType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

/**
 * Names and schemas of the engine's tables, in one place so every stage, the review API and
 * the tests agree. Ids are content-derived: {@code image_id} is the SHA-256 of the image bytes
 * (hex), {@code face_id} is image_id + ":" + detection index.
 */
public final class FaceTables {
    private FaceTables() {
    }

    // Common
    public static final String RUN_ID = "run_id";
    public static final String IMAGE_ID = "image_id";
    public static final String SET_ID = "set_id";
    public static final String URI = "uri";

    // images
    public static final String SIZE_BYTES = "size_bytes";
    public static final String FORMAT = "format";
    public static final String WIDTH = "width";
    public static final String HEIGHT = "height";
    /** OK, or a failure reason code (a DecodeFailure name, NO_FACE is not a failure). */
    public static final String STATUS = "status";
    public static final String MESSAGE = "message";
    public static final String FACE_COUNT = "face_count";
    /** Other (set_id, uri) places where the same bytes were found. */
    public static final String DUPLICATES = "duplicates";

    // ingested files
    /** Last modification time of a file as storage reported it when it was read, epoch milliseconds. */
    public static final String MODIFIED_AT = "modified_at";

    // faces
    public static final String FACE_ID = "face_id";
    public static final String FACE_INDEX = "face_index";
    public static final String BOX_X1 = "box_x1";
    public static final String BOX_Y1 = "box_y1";
    public static final String BOX_X2 = "box_x2";
    public static final String BOX_Y2 = "box_y2";
    /** The detector's confidence; NaN for a face handed in as an aligned crop (see FaceOrigin). */
    public static final String DET_SCORE = "det_score";
    /** 10 floats: x of the 5 landmarks, then y, in oriented source-image pixels (a given crop: the template's points). */
    public static final String LANDMARKS = "landmarks";
    /** Aligned 112x112 crop, JPEG bytes. */
    public static final String CROP_JPEG = "crop_jpeg";
    public static final String QUALITY = "quality";
    public static final String QUALITY_PASS = "quality_pass";
    public static final String QUALITY_REASONS = "quality_reasons";
    /** L2-normalised embedding. */
    public static final String EMBEDDING = "embedding";
    public static final String EMBEDDING_NORM = "embedding_norm";
    public static final String MODEL_VERSION = "model_version";

    public static final StructType DUPLICATE = new StructType()
            .add(SET_ID, StringType, false)
            .add(URI, StringType, false);

    /** One row per distinct image bytes seen by a run (new images only). */
    public static final StructType IMAGES = new StructType(new StructField[]{
            field(IMAGE_ID, StringType), field(SET_ID, StringType), field(URI, StringType),
            field(SIZE_BYTES, LongType), nullable(FORMAT, StringType), nullable(WIDTH, IntegerType),
            nullable(HEIGHT, IntegerType), field(STATUS, StringType), nullable(MESSAGE, StringType),
            nullable(FACE_COUNT, IntegerType),
            field(DUPLICATES, DataTypes.createArrayType(DUPLICATE, false)), field(RUN_ID, StringType)});

    /**
     * Every input file a run read and hashed: where it was, its size and modification time then,
     * and the image its bytes are. A later run that finds a file with the same place, size and
     * modification time takes its image id from here instead of reading the file again.
     */
    public static final StructType INGESTED_FILES = new StructType(new StructField[]{
            field(URI, StringType), field(SIZE_BYTES, LongType), field(MODIFIED_AT, LongType),
            field(IMAGE_ID, StringType), field(RUN_ID, StringType)});

    /** Faces as detection + alignment leave them. */
    public static final StructType DETECTED_FACES = new StructType(new StructField[]{
            field(FACE_ID, StringType), field(IMAGE_ID, StringType), field(SET_ID, StringType),
            field(FACE_INDEX, IntegerType), field(BOX_X1, FloatType), field(BOX_Y1, FloatType),
            field(BOX_X2, FloatType), field(BOX_Y2, FloatType), field(DET_SCORE, FloatType),
            field(LANDMARKS, DataTypes.createArrayType(FloatType, false)), field(CROP_JPEG, BinaryType),
            field(RUN_ID, StringType)});

    public static final StructType EMBEDDING_COLUMNS = new StructType(new StructField[]{
            nullable(EMBEDDING, DataTypes.createArrayType(FloatType, false)), nullable(EMBEDDING_NORM, FloatType),
            nullable(MODEL_VERSION, StringType)});


    private static StructField field(String name, org.apache.spark.sql.types.DataType type) {
        return new StructField(name, type, false, org.apache.spark.sql.types.Metadata.empty());
    }

    private static StructField nullable(String name, org.apache.spark.sql.types.DataType type) {
        return new StructField(name, type, true, org.apache.spark.sql.types.Metadata.empty());
    }
}
