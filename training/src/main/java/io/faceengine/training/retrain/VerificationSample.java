package io.faceengine.training.retrain;

import io.faceengine.pipeline.eval.VerificationScores;
import io.faceengine.pipeline.table.FaceTables;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.faceengine.training.retrain.TrainingSamples.EMBEDDING;
import static io.faceengine.training.retrain.TrainingSamples.FACE_ID;
import static io.faceengine.training.retrain.TrainingSamples.IDENTITY_ID;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.xxhash64;

/**
 * The faces of one split that verification compares, on the driver: at most
 * {@link PairSampling#maxFacesPerIdentity()} per identity and {@link PairSampling#maxFaces()} in all,
 * taken identity by identity in a seeded hash order. Scores of every pair of them, same person or
 * not, come from {@link #scores}.
 */
final class VerificationSample {
    private final int[] identities;
    /** The stored embeddings, or null for a sample of crops. */
    private final float[][] embeddings;
    /** The stored aligned crops (JPEG), or null for a sample of embeddings. */
    private final byte[][] crops;
    /** Pairs of faces of one identity among all n·(n−1)/2 pairs. */
    private final int samePairs;

    private VerificationSample(int[] identities, float[][] embeddings, byte[][] crops) {
        this.identities = identities;
        this.embeddings = embeddings;
        this.crops = crops;
        Map<Integer, Integer> facesSoFar = new HashMap<>();
        int same = 0;
        for (int identity : identities) {
            same += facesSoFar.merge(identity, 1, Integer::sum) - 1; // pairs with the identity's earlier faces
        }
        this.samePairs = same;
    }

    /** Reads {@code face_id}, {@code identity_id} and {@code embedding}. */
    static VerificationSample of(Dataset<Row> faces, PairSampling sampling) {
        List<Row> rows = sampled(faces, EMBEDDING, sampling);
        float[][] embeddings = new float[rows.size()][];
        for (int i = 0; i < rows.size(); i++) {
            embeddings[i] = Rows.floats(rows.get(i), 2);
        }
        return new VerificationSample(identities(rows), embeddings, null);
    }

    /** Reads {@code face_id}, {@code identity_id} and {@code crop_jpeg}: the same faces {@link #of} picks. */
    static VerificationSample ofCrops(Dataset<Row> faces, PairSampling sampling) {
        List<Row> rows = sampled(faces, FaceTables.CROP_JPEG, sampling);
        byte[][] crops = new byte[rows.size()][];
        for (int i = 0; i < rows.size(); i++) {
            crops[i] = rows.get(i).getAs(2);
        }
        return new VerificationSample(identities(rows), null, crops);
    }

    private static List<Row> sampled(Dataset<Row> faces, String column, PairSampling sampling) {
        Column faceOrder = xxhash64(col(FACE_ID), lit(sampling.seed()));
        return faces.select(FACE_ID, IDENTITY_ID, column)
                .withColumn("rank", row_number().over(Window.partitionBy(IDENTITY_ID).orderBy(faceOrder, col(FACE_ID))))
                .where(col("rank").leq(sampling.maxFacesPerIdentity()))
                // Whole identities first, so the cap cuts between people, not inside one.
                .orderBy(xxhash64(col(IDENTITY_ID), lit(sampling.seed())), col(IDENTITY_ID), col("rank"))
                .limit(sampling.maxFaces())
                .collectAsList();
    }

    private static int[] identities(List<Row> rows) {
        Map<String, Integer> numbers = new HashMap<>();
        int[] identities = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            identities[i] = numbers.computeIfAbsent(rows.get(i).getString(1), id -> numbers.size());
        }
        return identities;
    }

    /** The sampled faces' crops, in sample order; only for a sample made by {@link #ofCrops}. */
    List<byte[]> crops() {
        if (crops == null) {
            throw new IllegalStateException("this sample holds embeddings, not crops");
        }
        return List.of(crops);
    }

    int faces() {
        return identities.length;
    }

    /** Whether there is at least one pair of each kind to score. */
    boolean hasBothKinds() {
        return samePairs > 0 && samePairs < allPairs();
    }

    private long allPairs() {
        return (long) identities.length * (identities.length - 1) / 2;
    }

    /** Cosines of every pair of faces after the adapter (whose outputs are unit length). */
    VerificationScores scores(EmbeddingAdapter adapter) {
        int n = identities.length;
        float[][] adapted = new float[n][];
        for (int i = 0; i < n; i++) {
            adapted[i] = adapter.apply(embeddings[i]);
        }
        return scores(adapted);
    }

    /** Cosines of every pair of faces, given each face's unit embedding in sample order. */
    VerificationScores scores(float[][] unitEmbeddings) {
        return VerificationScores.everyPair(identities, (a, b) -> dot(unitEmbeddings[a], unitEmbeddings[b]));
    }

    private static double dot(float[] x, float[] y) {
        double sum = 0;
        for (int k = 0; k < x.length; k++) {
            sum += (double) x[k] * y[k];
        }
        return sum;
    }
}
