package io.faceengine.training.retrain;

import io.faceengine.training.retrain.TrainableAdapter.AdaptedBatch;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The loss and its gradients through the whole path a step takes: adapter, two classifier shards
 * (one split into two class blocks), the cross-shard softmax, the shards' backward pass and the
 * adapter's. Checked against a plain single-machine softmax and against central finite differences.
 */
class CosFaceGradientTest {
    private static final int D = 5;
    private static final int N = 4;
    private static final int[] CLASSES_PER_SHARD = {4, 3};
    private static final int[] TARGET_SHARD = {0, 1, 0, 1};
    private static final int[] TARGET_CLASS = {1, 2, 3, 0};
    private static final float[] WEIGHT = normalised(new float[]{1f, 2f, 1f, 0.5f});
    // A small scale keeps float rounding in the loss well below the finite-difference signal.
    private static final CosFaceLoss LOSS = new CosFaceLoss(4f, 0.35f);
    private static final int CLASS_BLOCK = 3;

    private final SplittableRandom random = new SplittableRandom(7);
    private final float[] inputs = unitRows(N, D);
    private final float[] weights = nearIdentity();
    private final float[] bias = gaussian(D, 0.05);
    private final float[][] centres = {gaussian(4 * D, 1), gaussian(3 * D, 1)};

    @Test
    void shardedSoftmaxEqualsTheSingleMachineOne() {
        double sharded = loss(weights, bias, centres);
        assertEquals(referenceLoss(), sharded, 1e-5);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        // Analytic: one backward pass; centre gradients read off an SGD step of rate 1 without momentum.
        AdaptedBatch adapted = adapter(weights, bias).adapt(N, inputs);
        StepBatch batch = batch(adapted);
        ClassShard[] shards = shards(centres);
        BatchSoftmax softmax = LOSS.combine(List.of(shards[0].forward(batch, LOSS, CLASS_BLOCK),
                shards[1].forward(batch, LOSS, CLASS_BLOCK)), WEIGHT);
        float[] featureGradient = new float[N * D];
        float[][] centreGradient = new float[2][];
        for (int s = 0; s < 2; s++) {
            float[] part = shards[s].backward(batch, softmax.logNormaliser(), LOSS, CLASS_BLOCK, 1f, 0f);
            for (int k = 0; k < part.length; k++) {
                featureGradient[k] += part[k];
            }
            float[] after = shards[s].centres();
            centreGradient[s] = new float[after.length];
            for (int k = 0; k < after.length; k++) {
                centreGradient[s][k] = centres[s][k] - after[k];
            }
        }
        TrainableAdapter.Gradients adapterGradient = adapter(weights, bias).gradients(adapted, featureGradient);

        int checked = 0;
        for (int k = 0; k < weights.length; k++) {
            checked += check("W[" + k + "]", adapterGradient.weights()[k], weights, k);
        }
        for (int k = 0; k < bias.length; k++) {
            checked += check("bias[" + k + "]", adapterGradient.bias()[k], bias, k);
        }
        for (int s = 0; s < 2; s++) {
            for (int k = 0; k < centres[s].length; k++) {
                checked += check("centre " + s + "[" + k + "]", centreGradient[s][k], centres[s], k);
            }
        }
        assertEquals(D * D + D + 7 * D, checked);
    }

    /** Central difference of the loss in {@code values[index]} against the analytic gradient. */
    private int check(String name, float analytic, float[] values, int index) {
        float original = values[index];
        float step = 1e-2f;
        values[index] = original + step;
        float up = values[index];
        double lossUp = loss(weights, bias, centres);
        values[index] = original - step;
        float down = values[index];
        double lossDown = loss(weights, bias, centres);
        values[index] = original;
        double numeric = (lossUp - lossDown) / ((double) up - down);
        assertTrue(Math.abs(numeric - analytic) <= 2e-4 + 1e-2 * Math.abs(numeric),
                name + ": finite difference " + numeric + ", analytic " + analytic);
        return 1;
    }

    private double loss(float[] w, float[] b, float[][] c) {
        StepBatch batch = batch(adapter(w, b).adapt(N, inputs));
        ClassShard[] shards = shards(c);
        return LOSS.combine(List.of(shards[0].forward(batch, LOSS, CLASS_BLOCK), shards[1].forward(batch, LOSS, CLASS_BLOCK)),
                WEIGHT).weightedLoss();
    }

    /** The same loss written out directly in double: one softmax over all 7 classes. */
    private double referenceLoss() {
        double total = 0;
        for (int i = 0; i < N; i++) {
            double[] u = new double[D];
            double norm = 0;
            for (int r = 0; r < D; r++) {
                u[r] = bias[r];
                for (int c = 0; c < D; c++) {
                    u[r] += weights[r * D + c] * inputs[i * D + c];
                }
                norm += u[r] * u[r];
            }
            norm = Math.sqrt(norm);
            double sum = 0;
            double target = 0;
            for (int s = 0; s < 2; s++) {
                for (int j = 0; j < CLASSES_PER_SHARD[s]; j++) {
                    double dot = 0;
                    double length = 0;
                    for (int k = 0; k < D; k++) {
                        dot += u[k] / norm * centres[s][j * D + k];
                        length += (double) centres[s][j * D + k] * centres[s][j * D + k];
                    }
                    boolean isTarget = s == TARGET_SHARD[i] && j == TARGET_CLASS[i];
                    double logit = LOSS.scale() * (dot / Math.sqrt(length) - (isTarget ? LOSS.margin() : 0));
                    sum += Math.exp(logit);
                    target = isTarget ? logit : target;
                }
            }
            total += WEIGHT[i] * (Math.log(sum) - target);
        }
        return total;
    }

    private static TrainableAdapter adapter(float[] w, float[] b) {
        return TrainableAdapter.startingAt(new EmbeddingAdapter(D, w, b));
    }

    private static StepBatch batch(AdaptedBatch adapted) {
        return new StepBatch(0, N, D, adapted.adapted(), TARGET_SHARD, TARGET_CLASS, WEIGHT);
    }

    private static ClassShard[] shards(float[][] c) {
        return new ClassShard[]{
                new ClassShard(0, CLASSES_PER_SHARD[0], D, c[0].clone(), new float[c[0].length], 0),
                new ClassShard(1, CLASSES_PER_SHARD[1], D, c[1].clone(), new float[c[1].length], 0)};
    }

    private float[] nearIdentity() {
        float[] w = gaussian(D * D, 0.2);
        for (int k = 0; k < D; k++) {
            w[k * D + k] += 1f;
        }
        return w;
    }

    private float[] unitRows(int rows, int d) {
        float[] values = gaussian(rows * d, 1);
        for (int i = 0; i < rows; i++) {
            double norm = 0;
            for (int k = 0; k < d; k++) {
                norm += values[i * d + k] * values[i * d + k];
            }
            for (int k = 0; k < d; k++) {
                values[i * d + k] /= (float) Math.sqrt(norm);
            }
        }
        return values;
    }

    private float[] gaussian(int length, double sigma) {
        float[] values = new float[length];
        for (int k = 0; k < length; k++) {
            values[k] = (float) (sigma * random.nextGaussian());
        }
        return values;
    }

    private static float[] normalised(float[] w) {
        float total = 0;
        for (float v : w) {
            total += v;
        }
        float[] out = new float[w.length];
        for (int k = 0; k < w.length; k++) {
            out[k] = w[k] / total;
        }
        return out;
    }
}
