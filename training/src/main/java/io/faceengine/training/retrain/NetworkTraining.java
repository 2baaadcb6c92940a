package io.faceengine.training.retrain;

import io.faceengine.training.finetune.EpochSummary;

import java.util.List;

/**
 * How a network version was fine-tuned, in its {@link ModelCard}.
 *
 * @param settings          the settings it was trained with
 * @param faces             training crops (the manifest's train split, outliers left out)
 * @param identities        identities among them
 * @param startedFrom       the promoted network version it started from; null for the backbone
 * @param history           what each epoch did
 * @param resumedAfterEpoch the checkpoint a crashed training resumed from; 0 if it ran through
 * @param embedderVersion   how faces embedded by this network record their model version
 */
public record NetworkTraining(TrainingSettings.NetworkSettings settings, int faces, int identities, Integer startedFrom,
                              List<EpochSummary> history, int resumedAfterEpoch, String embedderVersion) {
}
