package io.faceengine.training.retrain;

import java.io.Serializable;

/**
 * The knobs of adapter training, one immutable value.
 *
 * @param epochs              passes over the samples
 * @param batchSize           samples per step (the last step of an epoch may have fewer)
 * @param learningRate        step size of the class centres (SGD with momentum)
 * @param adapterLearningRate step size of the adapter W and bias
 * @param momentum            momentum of both
 * @param margin              CosFace margin m subtracted from the target cosine
 * @param scale               CosFace scale s on the cosines
 * @param identityDecay       L2 pull of W towards the identity (and bias towards 0), so a small
 *                            label set cannot drag the adapter far from the backbone
 * @param trainBias           whether the adapter learns a bias (otherwise it stays 0)
 * @param shards              partitions of the classifier's class centres (model parallelism)
 * @param classBlock          classes per matrix product inside a shard; bounds the logits buffer
 *                            to batchSize × classBlock floats
 * @param hardExampleWeight   sample weight of a face flagged as a hard example (others weigh 1)
 * @param maxStepsPerEpoch    0 for whole epochs; otherwise an epoch stops after this many steps
 *                            (benchmarks, smoke runs)
 * @param seed                decides the sample order of every epoch: the same seed and data give
 *                            the same adapter, bit for bit, with or without a resume
 */
public record TrainingOptions(int epochs, int batchSize, double learningRate, double adapterLearningRate,
                              double momentum, double margin, double scale, double identityDecay, boolean trainBias,
                              int shards, int classBlock, double hardExampleWeight, int maxStepsPerEpoch,
                              long seed) implements Serializable {

    public TrainingOptions {
        check(epochs >= 1, "epochs must be >= 1");
        check(batchSize >= 1, "batchSize must be >= 1");
        check(learningRate >= 0 && Double.isFinite(learningRate), "learningRate must be >= 0");
        check(adapterLearningRate >= 0 && Double.isFinite(adapterLearningRate), "adapterLearningRate must be >= 0");
        check(momentum >= 0 && momentum < 1, "momentum must be in [0, 1)");
        check(margin >= 0 && margin < 1, "margin must be in [0, 1)");
        check(scale > 0 && scale <= 128, "scale must be in (0, 128]");
        check(identityDecay >= 0 && Double.isFinite(identityDecay), "identityDecay must be >= 0");
        check(shards >= 1, "shards must be >= 1");
        check(classBlock >= 1, "classBlock must be >= 1");
        check(hardExampleWeight > 0 && Double.isFinite(hardExampleWeight), "hardExampleWeight must be > 0");
        check(maxStepsPerEpoch >= 0, "maxStepsPerEpoch must be >= 0 (0 = whole epochs)");
    }

    /**
     * CosFace's usual m = 0.35 at s = 30, 4 shards. On lfw-dev embeddings (centres start at the class
     * means, so the loss starts low) rates of 0.5 / 0.05 made the loss rise epoch after epoch, while
     * 0.1 / 0.01 lowered it steadily.
     */
    public static TrainingOptions defaults() {
        return new TrainingOptions(5, 256, 0.1, 0.01, 0.9, 0.35, 30, 1e-3, true, 4, 4096, 2.0, 0, 1);
    }

    public TrainingOptions withEpochs(int value) {
        return new TrainingOptions(value, batchSize, learningRate, adapterLearningRate, momentum, margin, scale,
                identityDecay, trainBias, shards, classBlock, hardExampleWeight, maxStepsPerEpoch, seed);
    }

    public TrainingOptions withBatchSize(int value) {
        return new TrainingOptions(epochs, value, learningRate, adapterLearningRate, momentum, margin, scale,
                identityDecay, trainBias, shards, classBlock, hardExampleWeight, maxStepsPerEpoch, seed);
    }

    public TrainingOptions withLearningRates(double centres, double adapter) {
        return new TrainingOptions(epochs, batchSize, centres, adapter, momentum, margin, scale,
                identityDecay, trainBias, shards, classBlock, hardExampleWeight, maxStepsPerEpoch, seed);
    }

    public TrainingOptions withShards(int value) {
        return new TrainingOptions(epochs, batchSize, learningRate, adapterLearningRate, momentum, margin, scale,
                identityDecay, trainBias, value, classBlock, hardExampleWeight, maxStepsPerEpoch, seed);
    }

    public TrainingOptions withClassBlock(int value) {
        return new TrainingOptions(epochs, batchSize, learningRate, adapterLearningRate, momentum, margin, scale,
                identityDecay, trainBias, shards, value, hardExampleWeight, maxStepsPerEpoch, seed);
    }

    public TrainingOptions withMaxStepsPerEpoch(int value) {
        return new TrainingOptions(epochs, batchSize, learningRate, adapterLearningRate, momentum, margin, scale,
                identityDecay, trainBias, shards, classBlock, hardExampleWeight, value, seed);
    }

    public TrainingOptions withSeed(long value) {
        return new TrainingOptions(epochs, batchSize, learningRate, adapterLearningRate, momentum, margin, scale,
                identityDecay, trainBias, shards, classBlock, hardExampleWeight, maxStepsPerEpoch, value);
    }

    /**
     * Whether a checkpoint written under {@code saved} can be continued with these options: all that
     * shapes the state and the sample order must match; only the number of epochs may grow.
     */
    boolean canResume(TrainingOptions saved) {
        return withEpochs(saved.epochs).equals(saved);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("invalid training options: " + message);
        }
    }
}
