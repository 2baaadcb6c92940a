package io.faceengine.training.retrain;

import io.faceengine.pipeline.io.FloatStreams;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;

/**
 * One shard of the classifier: the centres of the classes hashed to it (a row per class, not
 * normalised; the loss uses their directions) and their momentum, updated in place where the shard
 * lives. Logits are computed {@code classBlock} classes at a time, so the working memory besides
 * the state is a few batch × block buffers, whatever the shard's size.
 *
 * <p>The shard counts the steps it has applied. A step's inputs carry the trainer's count, and a
 * shard that disagrees (its cached copy was recomputed from an older checkpoint, or a task died
 * mid-update) refuses to go on with {@link ShardStateLostException} instead of training on stale
 * centres. A retried task of a step already applied gets the step's stashed result, so a retry
 * never applies an update twice.
 */
final class ClassShard implements Serializable {
    private static final int FILE_MAGIC = 0x46455348;
    private static final int FILE_VERSION = 1;

    private final int shard;
    private final int classes;
    private final int dimension;
    private final float[] centres;
    private final float[] velocity;
    private long completedSteps;
    private boolean updating;
    private long stashedStep = -1;
    private float[] stashedFeatureGradient;

    ClassShard(int shard, int classes, int dimension, float[] centres, float[] velocity, long completedSteps) {
        if (centres.length != (long) classes * dimension || velocity.length != centres.length) {
            throw new IllegalArgumentException("shard " + shard + ": " + classes + " classes of dimension " + dimension
                    + " need " + (long) classes * dimension + " values, got " + centres.length + " and " + velocity.length);
        }
        this.shard = shard;
        this.classes = classes;
        this.dimension = dimension;
        this.centres = centres;
        this.velocity = velocity;
        this.completedSteps = completedSteps;
    }

    /** A class's sample, as {@link #imprinted} reads them. */
    record ClassSample(int classIndex, float[] features) {
    }

    /**
     * Starts each centre at the normalised mean of its class's features ("weight imprinting"), so
     * the first steps train the adapter against sensible centres instead of random ones.
     *
     * @param samples every sample of the shard, ordered by class index (and, for equal bits on
     *                every run, by a fixed key within a class)
     */
    static ClassShard imprinted(int shard, int classes, int dimension, Iterator<ClassSample> samples) {
        float[] centres = new float[Math.multiplyExact(classes, dimension)];
        double[] sum = new double[dimension];
        int current = -1;
        int filled = 0;
        while (samples.hasNext()) {
            ClassSample sample = samples.next();
            if (sample.features().length != dimension) {
                throw new IllegalArgumentException("shard " + shard + ": a sample of dimension " + sample.features().length
                        + ", expected " + dimension);
            }
            if (sample.classIndex() != current) {
                if (sample.classIndex() < current || sample.classIndex() >= classes) {
                    throw new IllegalArgumentException("shard " + shard + ": class index " + sample.classIndex()
                            + " out of order or range (" + classes + " classes)");
                }
                storeDirection(sum, centres, current);
                current = sample.classIndex();
                filled++;
            }
            for (int k = 0; k < dimension; k++) {
                sum[k] += sample.features()[k];
            }
        }
        storeDirection(sum, centres, current);
        if (filled != classes) {
            throw new IllegalArgumentException("shard " + shard + ": samples for " + filled + " of its " + classes + " classes");
        }
        return new ClassShard(shard, classes, dimension, centres, new float[centres.length], 0);
    }

    private static void storeDirection(double[] sum, float[] centres, int classIndex) {
        if (classIndex < 0) {
            return;
        }
        double squares = 0;
        for (double v : sum) {
            squares += v * v;
        }
        double scale = squares > 0 ? 1 / Math.sqrt(squares) : 0;
        int base = classIndex * sum.length;
        for (int k = 0; k < sum.length; k++) {
            centres[base + k] = (float) (sum[k] * scale);
        }
        Arrays.fill(sum, 0);
    }

    int shard() {
        return shard;
    }

    ShardInfo info() {
        long stash = stashedFeatureGradient == null ? 0 : stashedFeatureGradient.length;
        return new ShardInfo(shard, classes, dimension, completedSteps, 4L * (centres.length + velocity.length + stash));
    }

    /** This shard's share of the batch's softmax statistics; changes nothing. */
    synchronized ShardLogits forward(StepBatch batch, CosFaceLoss loss, int classBlock) {
        requireAt(batch.step());
        int n = batch.size();
        double[] sumExp = new double[n];
        float[] targetLogit = new float[n];
        float[] targetCosine = new float[n];
        float[] bestOther = new float[n];
        Arrays.fill(targetLogit, Float.NaN);
        Arrays.fill(targetCosine, Float.NaN);
        Arrays.fill(bestOther, Float.NEGATIVE_INFINITY);
        Blocks blocks = new Blocks(n, classBlock);
        for (int first = 0; first < classes; first += blocks.size) {
            int count = blocks.cosines(batch, first);
            for (int i = 0; i < n; i++) {
                int target = batch.targetIn(shard, i) - first;
                int row = i * count;
                for (int j = 0; j < count; j++) {
                    float cosine = blocks.cosine[row + j];
                    boolean isTarget = j == target;
                    float logit = loss.logit(cosine, isTarget);
                    sumExp[i] += loss.shiftedExp(logit);
                    if (isTarget) {
                        targetLogit[i] = logit;
                        targetCosine[i] = cosine;
                    } else if (cosine > bestOther[i]) {
                        bestOther[i] = cosine;
                    }
                }
            }
        }
        return new ShardLogits(sumExp, targetLogit, targetCosine, bestOther);
    }

    /**
     * Applies the step to this shard's centres (SGD with momentum, through the normalisation) and
     * returns its part of d loss / d adapted features (n×d), to be summed over shards.
     */
    synchronized float[] backward(StepBatch batch, double[] logNormaliser, CosFaceLoss loss, int classBlock,
                                  float learningRate, float momentum) {
        if (completedSteps == batch.step() + 1 && stashedStep == batch.step() && !updating) {
            return stashedFeatureGradient;
        }
        requireAt(batch.step());
        updating = true;
        int n = batch.size();
        int d = dimension;
        float[] featureGradient = new float[n * d];
        Blocks blocks = new Blocks(n, classBlock);
        float[] gradient = new float[n * blocks.size];
        float[] unitGradient = new float[blocks.size * d];
        for (int first = 0; first < classes; first += blocks.size) {
            int count = blocks.cosines(batch, first);
            for (int i = 0; i < n; i++) {
                int target = batch.targetIn(shard, i) - first;
                int row = i * count;
                for (int j = 0; j < count; j++) {
                    boolean isTarget = j == target;
                    float logit = loss.logit(blocks.cosine[row + j], isTarget);
                    gradient[row + j] = loss.logitGradient(logit, isTarget, logNormaliser[i], batch.weight()[i]);
                }
            }
            // d loss / d features += G · unit centres; d loss / d unit centres = Gᵀ · features.
            RowMajor.times(n, d, count, gradient, 0, blocks.unit, 0, 1f, featureGradient, 0);
            RowMajor.transposedTimes(count, d, n, gradient, 0, batch.adapted(), 0, 0f, unitGradient, 0);
            for (int j = 0; j < count; j++) {
                int u = j * d;
                double along = 0;
                for (int k = 0; k < d; k++) {
                    along += (double) blocks.unit[u + k] * unitGradient[u + k];
                }
                // Through c / |c|: the gradient's component along the centre does not change its direction.
                int c = (first + j) * d;
                float inverseNorm = blocks.inverseNorm[j];
                for (int k = 0; k < d; k++) {
                    float g = (float) ((unitGradient[u + k] - blocks.unit[u + k] * along) * inverseNorm);
                    velocity[c + k] = momentum * velocity[c + k] + g;
                    centres[c + k] -= learningRate * velocity[c + k];
                }
            }
        }
        stashedStep = batch.step();
        stashedFeatureGradient = featureGradient;
        completedSteps++;
        updating = false;
        return featureGradient;
    }

    private void requireAt(long trainerSteps) {
        if (updating || completedSteps != trainerSteps) {
            throw new ShardStateLostException(shard, completedSteps, trainerSteps, updating);
        }
    }

    /** Scratch buffers for one block of classes: their unit centres and their cosines with the batch. */
    private final class Blocks {
        final int size;
        final float[] unit;
        final float[] inverseNorm;
        final float[] cosine;
        private final int n;

        Blocks(int n, int classBlock) {
            this.n = n;
            this.size = Math.max(1, Math.min(classBlock, classes));
            this.unit = new float[size * dimension];
            this.inverseNorm = new float[size];
            this.cosine = new float[n * size];
        }

        /** Fills unit centres and the n×count cosines of the block starting at {@code first}; returns count. */
        int cosines(StepBatch batch, int first) {
            int count = Math.min(size, classes - first);
            int d = dimension;
            for (int j = 0; j < count; j++) {
                int c = (first + j) * d;
                double squares = 0;
                for (int k = 0; k < d; k++) {
                    squares += (double) centres[c + k] * centres[c + k];
                }
                if (!(squares > 0)) {
                    throw new IllegalStateException("shard " + shard + ": centre of class " + (first + j) + " is zero");
                }
                float inverse = (float) (1 / Math.sqrt(squares));
                inverseNorm[j] = inverse;
                for (int k = 0; k < d; k++) {
                    unit[j * d + k] = centres[c + k] * inverse;
                }
            }
            RowMajor.timesTransposed(n, count, d, batch.adapted(), 0, unit, 0, 0f, cosine, 0);
            return count;
        }
    }

    void write(DataOutputStream out) throws IOException {
        if (updating) {
            throw new ShardStateLostException(shard, completedSteps, completedSteps, true);
        }
        out.writeInt(FILE_MAGIC);
        out.writeInt(FILE_VERSION);
        out.writeInt(shard);
        out.writeInt(classes);
        out.writeInt(dimension);
        out.writeLong(completedSteps);
        FloatStreams.write(out, centres);
        FloatStreams.write(out, velocity);
    }

    static ClassShard read(DataInputStream in, String source) throws IOException {
        if (in.readInt() != FILE_MAGIC || in.readInt() != FILE_VERSION) {
            throw new IOException(source + " is not a classifier shard file of version " + FILE_VERSION);
        }
        int shard = in.readInt();
        int classes = in.readInt();
        int dimension = in.readInt();
        long steps = in.readLong();
        float[] centres = FloatStreams.read(in, Math.multiplyExact(classes, dimension));
        float[] velocity = FloatStreams.read(in, centres.length);
        return new ClassShard(shard, classes, dimension, centres, velocity, steps);
    }

    /** Copies of the state, for tests that compare shards. */
    float[] centres() {
        return centres.clone();
    }

    long completedSteps() {
        return completedSteps;
    }
}
