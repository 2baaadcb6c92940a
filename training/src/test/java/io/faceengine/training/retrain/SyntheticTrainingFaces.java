package io.faceengine.training.retrain;

import io.faceengine.clustering.synthetic.SyntheticFaces;
import io.faceengine.clustering.synthetic.SyntheticIdentities;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Synthetic identities whose embeddings carry a shared nuisance: a few fixed directions (think pose
 * or lighting) added to every face with a random strength. Verification suffers from it on every
 * identity, seen or not, and a linear adapter can learn to suppress it from labelled identities:
 * what retraining should achieve, in a form a test can measure.
 *
 * @param embeddings per face its unit embedding
 * @param identity   per face its identity, 0..identities-1
 */
record SyntheticTrainingFaces(List<float[]> embeddings, int[] identity) {

    static final StructType SCHEMA = new StructType()
            .add(TrainingSamples.FACE_ID, DataTypes.StringType, false)
            .add(TrainingSamples.IDENTITY_ID, DataTypes.StringType, false)
            .add(TrainingSamples.EMBEDDING, DataTypes.createArrayType(DataTypes.FloatType, false), false)
            .add(TrainingSamples.WEIGHT, DataTypes.FloatType, false);

    static SyntheticTrainingFaces generate(int identities, int facesPerIdentity, int dimension, int nuisanceDirections,
                                           double nuisanceStrength, long seed) {
        // A tiny size exponent makes nearly every identity exactly facesPerIdentity faces.
        SyntheticFaces base = new SyntheticIdentities(dimension, 0.6, 0.5, 0.01, facesPerIdentity, 0.1, 0.6, 0.0, seed)
                .generate(identities * facesPerIdentity);
        SplittableRandom random = new SplittableRandom(seed ^ 0x5eed);
        float[][] directions = new float[nuisanceDirections][dimension];
        for (float[] direction : directions) {
            for (int k = 0; k < dimension; k++) {
                direction[k] = (float) (random.nextGaussian() / Math.sqrt(dimension));
            }
        }
        List<float[]> embeddings = new ArrayList<>();
        for (int f = 0; f < base.size(); f++) {
            float[] v = base.vectors().row(f);
            for (float[] direction : directions) {
                double strength = nuisanceStrength * random.nextGaussian();
                for (int k = 0; k < dimension; k++) {
                    v[k] += (float) (strength * direction[k]);
                }
            }
            embeddings.add(unit(v));
        }
        return new SyntheticTrainingFaces(embeddings, base.identity());
    }

    /** The faces of identities accepted by {@code keep}, as training rows (face ids "f&lt;n&gt;", weight 1). */
    Dataset<Row> samples(SparkSession spark, java.util.function.IntPredicate keep) {
        List<Row> rows = new ArrayList<>();
        for (int f = 0; f < identity.length; f++) {
            if (keep.test(identity[f])) {
                rows.add(RowFactory.create("f" + f, "id-" + identity[f], embeddings.get(f), 1f));
            }
        }
        return spark.createDataFrame(rows, SCHEMA);
    }

    /**
     * Verification on the identities accepted by {@code keep}: every same-identity pair and as many
     * pairs of a face with the next identity's first face, scored by cosine after {@code adapter};
     * the accuracy at the best single threshold.
     */
    double verificationAccuracy(EmbeddingAdapter adapter, java.util.function.IntPredicate keep) {
        List<float[]> adapted = embeddings.stream().map(adapter::apply).toList();
        List<Integer> faces = new ArrayList<>();
        for (int f = 0; f < identity.length; f++) {
            if (keep.test(identity[f])) {
                faces.add(f);
            }
        }
        // Faces of one identity next to each other, so same-identity pairs are runs of the list.
        faces.sort(java.util.Comparator.comparingInt((Integer f) -> identity[f]).thenComparingInt(f -> f));
        List<double[]> scored = new ArrayList<>();
        for (int a = 0; a < faces.size(); a++) {
            for (int b = a + 1; b < faces.size() && identity[faces.get(b)] == identity[faces.get(a)]; b++) {
                scored.add(new double[]{cosine(adapted.get(faces.get(a)), adapted.get(faces.get(b))), 1});
            }
            int other = (a + 7 * (1 + a % 5)) % faces.size();
            if (identity[faces.get(other)] != identity[faces.get(a)]) {
                scored.add(new double[]{cosine(adapted.get(faces.get(a)), adapted.get(faces.get(other))), 0});
            }
        }
        return bestThresholdAccuracy(scored);
    }

    static double bestThresholdAccuracy(List<double[]> scored) {
        List<double[]> sorted = new ArrayList<>(scored);
        sorted.sort((x, y) -> Double.compare(x[0], y[0]));
        long positives = sorted.stream().filter(s -> s[1] == 1).count();
        // Threshold just above index i: everything at or below i is called "different".
        long correct = positives;
        long best = correct;
        for (double[] s : sorted) {
            correct += s[1] == 1 ? -1 : 1;
            best = Math.max(best, correct);
        }
        return (double) best / sorted.size();
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        for (int k = 0; k < a.length; k++) {
            dot += (double) a[k] * b[k];
        }
        return dot;
    }

    private static float[] unit(float[] v) {
        double squares = 0;
        for (float x : v) {
            squares += x * x;
        }
        float[] out = new float[v.length];
        for (int k = 0; k < v.length; k++) {
            out[k] = (float) (v[k] / Math.sqrt(squares));
        }
        return out;
    }
}
