package io.faceengine.training.finetune;

/**
 * Settings of one fine-tuning of the embedding network.
 *
 * @param epochs         passes over the training crops
 * @param batchSize      crops per step
 * @param learningRate   SGD step size for the network (the classifier head takes {@code headLearningRateFactor} times it)
 * @param momentum       SGD momentum
 * @param weightDecay    L2 penalty on weights (not on biases or per-channel factors)
 * @param scale          CosFace s: logits are s·cos θ
 * @param margin         CosFace m, subtracted from the target cosine
 * @param preservation   weight of the term that keeps each crop's embedding near the backbone's
 *                       embedding of the same crop unaltered (1 − cosine): without it the network
 *                       forgets the domains it is not trained on
 * @param seed           fixes the shuffling and the augmentations, so a resumed run repeats exactly
 * @param augmentation   what is done to each crop before it is seen
 */
public record FineTuneOptions(int epochs, int batchSize, double learningRate, double headLearningRateFactor,
                              double momentum, double weightDecay, double scale, double margin, double preservation, long seed,
                              AugmentationOptions augmentation) {

    public FineTuneOptions {
        if (epochs < 1 || batchSize < 2) {
            throw new IllegalArgumentException("epochs must be ≥ 1 and batchSize ≥ 2, got " + epochs + ", " + batchSize);
        }
        if (!(learningRate > 0) || !(headLearningRateFactor > 0) || momentum < 0 || momentum >= 1 || weightDecay < 0) {
            throw new IllegalArgumentException("learning rates must be positive, momentum in [0,1), weight decay ≥ 0");
        }
        if (!(scale > 0) || margin < 0 || margin >= 1) {
            throw new IllegalArgumentException("CosFace scale must be positive and margin in [0,1)");
        }
        if (!(preservation >= 0)) {
            throw new IllegalArgumentException("preservation weight must be ≥ 0, got " + preservation);
        }
    }

    public static FineTuneOptions defaults() {
        return new FineTuneOptions(4, 64, 1e-4, 10, 0.9, 5e-4, 30, 0.25, 10, 7, AugmentationOptions.defaults());
    }

    public FineTuneOptions withEpochs(int value) {
        return new FineTuneOptions(value, batchSize, learningRate, headLearningRateFactor, momentum, weightDecay, scale,
                margin, preservation, seed, augmentation);
    }

    public FineTuneOptions withBatchSize(int value) {
        return new FineTuneOptions(epochs, value, learningRate, headLearningRateFactor, momentum, weightDecay, scale,
                margin, preservation, seed, augmentation);
    }

    public FineTuneOptions withLearningRate(double value) {
        return new FineTuneOptions(epochs, batchSize, value, headLearningRateFactor, momentum, weightDecay, scale,
                margin, preservation, seed, augmentation);
    }

    public FineTuneOptions withPreservation(double value) {
        return new FineTuneOptions(epochs, batchSize, learningRate, headLearningRateFactor, momentum, weightDecay, scale,
                margin, value, seed, augmentation);
    }
}
