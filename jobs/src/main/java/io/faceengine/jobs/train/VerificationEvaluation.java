package io.faceengine.jobs.train;

import io.faceengine.jobs.manifest.DatasetManifest;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

import java.util.OptionalDouble;

import static io.faceengine.jobs.train.TrainingSamples.EMBEDDING;
import static io.faceengine.jobs.train.TrainingSamples.FACE_ID;
import static io.faceengine.jobs.train.VerificationPairs.FACE_A;
import static io.faceengine.jobs.train.VerificationPairs.FACE_B;
import static io.faceengine.jobs.train.VerificationPairs.SAME;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.not;

/**
 * Judges adapters by face verification on a dataset manifest: the threshold is chosen on pairs of
 * the {@code train} split and applied to pairs of the {@code val} split, whose identities no adapter
 * trained on this manifest has seen (the split is by identity hash). The pairs are drawn once
 * ({@link VerificationPairs}), so every adapter is judged on the same ones.
 *
 * <p>Reads {@code face_id}, {@code identity_id}, {@code split} and {@code embedding}; only pair
 * scores (a number and a flag each) come back to the driver.
 */
public final class VerificationEvaluation implements AutoCloseable {
    /** The false accept rate the reported true accept rate is taken at. */
    public static final double FAR = 1e-2;
    private static final String ADAPTED = "adapted";

    private final Dataset<Row> faces;
    private final Dataset<Row> trainPairs;
    private final Dataset<Row> valPairs;

    public VerificationEvaluation(Dataset<Row> faces, PairSampling sampling) {
        this.faces = faces.select(FACE_ID, TrainingSamples.IDENTITY_ID, DatasetManifest.SPLIT, EMBEDDING)
                .where(col(EMBEDDING).isNotNull()).persist(StorageLevel.DISK_ONLY());
        this.trainPairs = VerificationPairs.select(split("train"), sampling).persist();
        this.valPairs = VerificationPairs.select(split("val"), sampling).persist();
    }

    /** On a published manifest folder: its faces but the outliers, with their embeddings. */
    public static VerificationEvaluation ofManifest(SparkSession spark, String manifestFacesFolder, PairSampling sampling) {
        Dataset<Row> manifest = spark.read().parquet(manifestFacesFolder).where(not(col("outlier")));
        Dataset<Row> embeddings = TrainingSamples.faceTables(spark, manifest, manifestFacesFolder)
                .where(col(EMBEDDING).isNotNull()).select(FACE_ID, EMBEDDING).dropDuplicates(FACE_ID);
        return new VerificationEvaluation(manifest.join(embeddings, FACE_ID), sampling);
    }

    /** Whether there are pairs of both kinds in both splits, without which nothing can be judged. */
    public boolean possible() {
        return bothKinds(trainPairs) && bothKinds(valPairs);
    }

    public VerificationResult evaluate(EmbeddingAdapter adapter) {
        if (!possible()) {
            throw new IllegalStateException("verification needs same and different pairs in both the train and val splits");
        }
        Dataset<Row> adapted = new AdapterStage(adapter, EMBEDDING, ADAPTED).transform(faces).select(FACE_ID, ADAPTED);
        VerificationScores train = scores(trainPairs, adapted);
        VerificationScores val = scores(valPairs, adapted);
        double threshold = train.bestThreshold();
        OptionalDouble tar = val.trueAcceptRateAt(FAR);
        return new VerificationResult(threshold, train.accuracyAt(threshold), train.positivePairs(), train.negativePairs(),
                val.accuracyAt(threshold), tar.isPresent() ? tar.getAsDouble() : null, val.positivePairs(), val.negativePairs());
    }

    @Override
    public void close() {
        trainPairs.unpersist();
        valPairs.unpersist();
        faces.unpersist();
    }

    private Dataset<Row> split(String name) {
        return faces.where(col(DatasetManifest.SPLIT).equalTo(name));
    }

    private static boolean bothKinds(Dataset<Row> pairs) {
        return pairs.select(SAME).distinct().count() == 2;
    }

    /** Adapted embeddings are unit length, so the cosine is their dot product. */
    private static VerificationScores scores(Dataset<Row> pairs, Dataset<Row> adapted) {
        Dataset<Row> a = adapted.select(col(FACE_ID).as(FACE_A), col(ADAPTED).as("a_embedding"));
        Dataset<Row> b = adapted.select(col(FACE_ID).as(FACE_B), col(ADAPTED).as("b_embedding"));
        var rows = pairs.join(a, FACE_A).join(b, FACE_B)
                .select(col(SAME), expr("aggregate(zip_with(a_embedding, b_embedding, (x, y) -> CAST(x AS DOUBLE) * y), "
                        + "CAST(0 AS DOUBLE), (sum, v) -> sum + v)").as("score"))
                .collectAsList();
        double[] positives = rows.stream().filter(r -> r.getBoolean(0)).mapToDouble(r -> r.getDouble(1)).toArray();
        double[] negatives = rows.stream().filter(r -> !r.getBoolean(0)).mapToDouble(r -> r.getDouble(1)).toArray();
        return new VerificationScores(positives, negatives);
    }
}
