package io.faceengine.training.retrain;

import io.faceengine.pipeline.eval.VerificationScores;
import io.faceengine.pipeline.table.FaceTables;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.List;
import java.util.OptionalDouble;

import static io.faceengine.training.retrain.TrainingSamples.EMBEDDING;
import static io.faceengine.training.retrain.TrainingSamples.FACE_ID;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;

/**
 * Judges adapters by face verification on a dataset manifest: every pair of a bounded sample of
 * faces ({@link VerificationSample}) of the {@code train} split chooses the threshold, and every
 * pair of a sample of the {@code val} split, whose identities no adapter trained on this manifest
 * has seen (the split is by identity hash), is judged with it. Scoring all pairs, not a balanced
 * handful, keeps the hard negatives in: random pairs of different people are told apart by any
 * decent model, so they cannot show whether an adapter helps.
 *
 * <p>The samples are drawn once, so every adapter is judged on the same faces; only they (at most
 * {@code maxFaces} embeddings per split) come to the driver.
 */
public final class VerificationEvaluation {
    /** The false accept rate the reported true accept rate is taken at: the promotion criterion. */
    public static final double FAR = 1e-3;

    private final VerificationSample train;
    private final VerificationSample val;

    /** Embeds stored aligned crops (JPEG) into unit embeddings, in order: a whole network under judgement. */
    public interface CropEmbedding {
        float[][] embed(List<byte[]> crops);
    }

    public VerificationEvaluation(Dataset<Row> faces, PairSampling sampling) {
        Dataset<Row> usable = faces.select(FACE_ID, TrainingSamples.IDENTITY_ID, ManifestFaces.SPLIT, EMBEDDING)
                .where(col(EMBEDDING).isNotNull());
        this.train = VerificationSample.of(usable.where(col(ManifestFaces.SPLIT).equalTo("train")), sampling);
        this.val = VerificationSample.of(usable.where(col(ManifestFaces.SPLIT).equalTo("val")), sampling);
    }

    private VerificationEvaluation(VerificationSample train, VerificationSample val) {
        this.train = train;
        this.val = val;
    }

    /**
     * On a published manifest folder, for networks: the same faces {@link #ofManifest} samples
     * (those with an embedding), holding their stored crops so each network embeds them itself.
     */
    public static VerificationEvaluation ofManifestCrops(SparkSession spark, String manifestFacesFolder,
                                                         PairSampling sampling) {
        Dataset<Row> manifest = spark.read().parquet(manifestFacesFolder).where(not(col(ManifestFaces.OUTLIER)));
        Dataset<Row> crops = TrainingSamples.faceTables(spark, manifest, manifestFacesFolder)
                .where(col(EMBEDDING).isNotNull()).select(FACE_ID, FaceTables.CROP_JPEG).dropDuplicates(FACE_ID);
        Dataset<Row> usable = manifest.join(crops, FACE_ID)
                .select(FACE_ID, TrainingSamples.IDENTITY_ID, ManifestFaces.SPLIT, FaceTables.CROP_JPEG);
        return new VerificationEvaluation(
                VerificationSample.ofCrops(usable.where(col(ManifestFaces.SPLIT).equalTo("train")), sampling),
                VerificationSample.ofCrops(usable.where(col(ManifestFaces.SPLIT).equalTo("val")), sampling));
    }

    /** On a published manifest folder: its faces but the outliers, with their embeddings. */
    public static VerificationEvaluation ofManifest(SparkSession spark, String manifestFacesFolder, PairSampling sampling) {
        Dataset<Row> manifest = spark.read().parquet(manifestFacesFolder).where(not(col(ManifestFaces.OUTLIER)));
        Dataset<Row> embeddings = TrainingSamples.faceTables(spark, manifest, manifestFacesFolder)
                .where(col(EMBEDDING).isNotNull()).select(FACE_ID, EMBEDDING).dropDuplicates(FACE_ID);
        return new VerificationEvaluation(manifest.join(embeddings, FACE_ID), sampling);
    }

    /** Whether there are pairs of both kinds in both splits, without which nothing can be judged. */
    public boolean possible() {
        return train.hasBothKinds() && val.hasBothKinds();
    }

    public VerificationResult evaluate(EmbeddingAdapter adapter) {
        requirePossible();
        return result(train.scores(adapter), val.scores(adapter));
    }

    /** Judges a network on an evaluation made by {@link #ofManifestCrops}. */
    public VerificationResult evaluate(CropEmbedding network) {
        requirePossible();
        return result(train.scores(network.embed(train.crops())), val.scores(network.embed(val.crops())));
    }

    private void requirePossible() {
        if (!possible()) {
            throw new IllegalStateException("verification needs same and different pairs in both the train and val splits");
        }
    }

    private VerificationResult result(VerificationScores trainScores, VerificationScores valScores) {
        double threshold = trainScores.bestThreshold();
        OptionalDouble tar = valScores.trueAcceptRateAt(FAR);
        return new VerificationResult(threshold, trainScores.accuracyAt(threshold), trainScores.positivePairs(),
                trainScores.negativePairs(), valScores.accuracyAt(threshold), FAR, tar.isPresent() ? tar.getAsDouble() : null,
                valScores.positivePairs(), valScores.negativePairs(), train.faces(), val.faces());
    }
}
