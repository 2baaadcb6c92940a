package io.faceengine.training.retrain;

import io.faceengine.clustering.stage.IdentityTables;
import io.faceengine.pipeline.stage.SchemaContract;
import io.faceengine.pipeline.stage.StageSchemaException;
import io.faceengine.pipeline.table.FaceTables;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.Arrays;
import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

/**
 * The training input's column contract: one row per face with {@code face_id} (unique),
 * {@code identity_id}, {@code embedding} (array&lt;float&gt;, the frozen backbone's output) and a
 * numeric {@code weight} (hard examples weigh more). {@link #fromManifest} builds it from a
 * curated dataset manifest.
 */
public final class TrainingSamples {
    public static final String FACE_ID = FaceTables.FACE_ID;
    public static final String IDENTITY_ID = IdentityTables.IDENTITY_ID;
    public static final String EMBEDDING = FaceTables.EMBEDDING;
    public static final String WEIGHT = "weight";

    private static final String STAGE = "adapter training";

    private TrainingSamples() {
    }

    /** Throws {@link StageSchemaException} naming the missing or mistyped column. */
    public static void requireColumns(StructType schema) {
        SchemaContract.require(STAGE, schema,
                new StructField(FACE_ID, DataTypes.StringType, false, org.apache.spark.sql.types.Metadata.empty()),
                new StructField(IDENTITY_ID, DataTypes.StringType, false, org.apache.spark.sql.types.Metadata.empty()),
                new StructField(EMBEDDING, DataTypes.createArrayType(DataTypes.FloatType), false,
                        org.apache.spark.sql.types.Metadata.empty()));
        if (!Arrays.asList(schema.fieldNames()).contains(WEIGHT)) {
            throw new StageSchemaException(STAGE + " needs a numeric column '" + WEIGHT + "'; the input has "
                    + Arrays.toString(schema.fieldNames()));
        }
        if (!(schema.apply(WEIGHT).dataType() instanceof NumericType)) {
            throw new StageSchemaException(STAGE + " needs column '" + WEIGHT + "' to be numeric, found "
                    + schema.apply(WEIGHT).dataType().simpleString());
        }
    }

    /**
     * The manifest's training faces (split "train", outliers left out) with their embeddings from
     * the faces tables, weighted {@code hardExampleWeight} when flagged as a hard example.
     *
     * @param manifestFaces the manifest's faces table (the manifest folder's {@code faces})
     * @param faces         faces tables holding those faces' embeddings (face_id, embedding)
     */
    public static Dataset<Row> fromManifest(Dataset<Row> manifestFaces, Dataset<Row> faces, double hardExampleWeight) {
        Dataset<Row> training = manifestFaces
                .where(col(ManifestFaces.SPLIT).equalTo("train").and(not(col(ManifestFaces.OUTLIER))))
                .select(col(FACE_ID), col(IDENTITY_ID), col(ManifestFaces.HARD_EXAMPLE));
        Dataset<Row> embeddings = faces.where(col(EMBEDDING).isNotNull()).select(FACE_ID, EMBEDDING).dropDuplicates(FACE_ID);
        return training.join(embeddings, FACE_ID)
                .withColumn(WEIGHT, when(col(ManifestFaces.HARD_EXAMPLE), lit((float) hardExampleWeight))
                        .otherwise(lit(1f)))
                .select(FACE_ID, IDENTITY_ID, EMBEDDING, WEIGHT);
    }

    /** {@link #fromManifest} on a published manifest folder; the faces tables are the ones it names. */
    public static Dataset<Row> readManifest(SparkSession spark, String manifestFacesFolder, double hardExampleWeight) {
        Dataset<Row> manifest = spark.read().parquet(manifestFacesFolder);
        return fromManifest(manifest, faceTables(spark, manifest, manifestFacesFolder), hardExampleWeight);
    }

    /**
     * For training the whole network: the manifest's training faces (split "train", outliers left
     * out) with their stored aligned crops instead of embeddings ({@code face_id}, {@code identity_id},
     * {@code crop_jpeg}, {@code weight}).
     */
    public static Dataset<Row> readManifestCrops(SparkSession spark, String manifestFacesFolder, double hardExampleWeight) {
        Dataset<Row> manifest = spark.read().parquet(manifestFacesFolder);
        Dataset<Row> crops = faceTables(spark, manifest, manifestFacesFolder)
                .where(col(EMBEDDING).isNotNull()).select(FACE_ID, FaceTables.CROP_JPEG).dropDuplicates(FACE_ID);
        return manifest.where(col(ManifestFaces.SPLIT).equalTo("train").and(not(col(ManifestFaces.OUTLIER))))
                .join(crops, FACE_ID)
                .withColumn(WEIGHT, when(col(ManifestFaces.HARD_EXAMPLE), lit((float) hardExampleWeight))
                        .otherwise(lit(1f)))
                .select(FACE_ID, IDENTITY_ID, FaceTables.CROP_JPEG, WEIGHT);
    }

    /** The faces tables a manifest's faces are stored in (with their embeddings). */
    static Dataset<Row> faceTables(SparkSession spark, Dataset<Row> manifest, String manifestFacesFolder) {
        List<String> faceTables = ManifestFaces.faceTables(manifest);
        if (faceTables.isEmpty()) {
            throw new IllegalArgumentException("manifest " + manifestFacesFolder + " has no faces");
        }
        return spark.read().parquet(faceTables.toArray(String[]::new));
    }
}
