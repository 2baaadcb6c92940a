package io.faceengine.training.retrain;

/** Called on the driver after every training step; tests use it to stop a training half-way. */
@FunctionalInterface
public interface TrainingHook {
    TrainingHook NONE = (epoch, stepInEpoch, completedSteps) -> {
    };

    /**
     * @param epoch          the epoch being trained, from 1
     * @param stepInEpoch    steps done in this epoch, from 1
     * @param completedSteps steps done over the whole training
     */
    void afterStep(int epoch, int stepInEpoch, long completedSteps);
}
