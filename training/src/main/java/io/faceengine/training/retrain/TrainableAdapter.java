package io.faceengine.training.retrain;

import io.faceengine.pipeline.io.FloatStreams;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The adapter being trained, on the driver: W and bias with their momentum. It is d×d (d²·4
 * bytes, 147 KB at d = 192), so it is cheaper to step it here than to ship it: the driver adapts
 * each batch, and turns the shards' summed d loss / d features into the update of W.
 */
final class TrainableAdapter {
    private static final int FILE_MAGIC = 0x46454144;
    private static final int FILE_VERSION = 1;

    private final int dimension;
    private final float[] weights;
    private final float[] bias;
    private final float[] weightVelocity;
    private final float[] biasVelocity;

    private TrainableAdapter(int dimension, float[] weights, float[] bias, float[] weightVelocity, float[] biasVelocity) {
        this.dimension = dimension;
        this.weights = weights;
        this.bias = bias;
        this.weightVelocity = weightVelocity;
        this.biasVelocity = biasVelocity;
    }

    static TrainableAdapter startingAt(EmbeddingAdapter adapter) {
        int d = adapter.dimension();
        return new TrainableAdapter(d, adapter.weights(), adapter.bias(), new float[d * d], new float[d]);
    }

    int dimension() {
        return dimension;
    }

    EmbeddingAdapter snapshot() {
        return new EmbeddingAdapter(dimension, weights, bias);
    }

    /** Adapts a batch: the adapter's output for each of the n rows of {@code inputs}. */
    AdaptedBatch adapt(int n, float[] inputs) {
        float[] adapted = new float[n * dimension];
        float[] norms = new float[n];
        EmbeddingAdapter.forward(weights, bias, dimension, n, inputs, adapted, norms);
        return new AdaptedBatch(n, inputs, adapted, norms);
    }

    /** A batch's inputs and the forward pass's results that the backward pass reuses. */
    record AdaptedBatch(int size, float[] inputs, float[] adapted, float[] norms) {
    }

    /** d loss / d W (d×d row-major) and d loss / d bias, from d loss / d adapted features. */
    record Gradients(float[] weights, float[] bias) {
    }

    Gradients gradients(AdaptedBatch batch, float[] featureGradient) {
        int n = batch.size();
        int d = dimension;
        float[] beforeNorm = new float[n * d];
        for (int i = 0; i < n; i++) {
            int row = i * d;
            double along = 0;
            for (int k = 0; k < d; k++) {
                along += (double) batch.adapted()[row + k] * featureGradient[row + k];
            }
            // Through u / |u|: only the part of the gradient across the output direction passes.
            float inverseNorm = 1 / batch.norms()[i];
            for (int k = 0; k < d; k++) {
                beforeNorm[row + k] = (float) ((featureGradient[row + k] - batch.adapted()[row + k] * along) * inverseNorm);
            }
        }
        float[] weightGradient = new float[d * d];
        RowMajor.transposedTimes(d, d, n, beforeNorm, 0, batch.inputs(), 0, 0f, weightGradient, 0);
        float[] biasGradient = new float[d];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                biasGradient[k] += beforeNorm[i * d + k];
            }
        }
        return new Gradients(weightGradient, biasGradient);
    }

    /** SGD with momentum; {@code identityDecay} pulls W towards the identity and the bias towards 0. */
    void step(Gradients gradients, TrainingOptions options) {
        float rate = (float) options.adapterLearningRate();
        float momentum = (float) options.momentum();
        float decay = (float) options.identityDecay();
        int d = dimension;
        for (int r = 0; r < d; r++) {
            for (int c = 0; c < d; c++) {
                int at = r * d + c;
                float g = gradients.weights()[at] + decay * (weights[at] - (r == c ? 1f : 0f));
                weightVelocity[at] = momentum * weightVelocity[at] + g;
                weights[at] -= rate * weightVelocity[at];
            }
        }
        if (!options.trainBias()) {
            return;
        }
        for (int k = 0; k < d; k++) {
            float g = gradients.bias()[k] + decay * bias[k];
            biasVelocity[k] = momentum * biasVelocity[k] + g;
            bias[k] -= rate * biasVelocity[k];
        }
    }

    /** The exact training state (weights and momentum), for checkpoints. */
    void write(DataOutputStream out) throws IOException {
        out.writeInt(FILE_MAGIC);
        out.writeInt(FILE_VERSION);
        out.writeInt(dimension);
        FloatStreams.write(out, weights);
        FloatStreams.write(out, bias);
        FloatStreams.write(out, weightVelocity);
        FloatStreams.write(out, biasVelocity);
    }

    static TrainableAdapter read(DataInputStream in, String source) throws IOException {
        if (in.readInt() != FILE_MAGIC || in.readInt() != FILE_VERSION) {
            throw new IOException(source + " is not an adapter training state of version " + FILE_VERSION);
        }
        int d = in.readInt();
        return new TrainableAdapter(d, FloatStreams.read(in, d * d), FloatStreams.read(in, d),
                FloatStreams.read(in, d * d), FloatStreams.read(in, d));
    }
}
