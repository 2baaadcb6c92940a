package io.faceengine.jobs.cli;

import io.faceengine.training.retrain.ModelCard;
import io.faceengine.training.retrain.Retraining;

/** What `retrain` prints: the headline first, then the version's full record as stored in model.json. */
record RetrainReport(int modelVersion, boolean promoted, boolean reused, String modelFolder, String decision,
                     ModelCard model) {

    static RetrainReport of(Retraining.Outcome outcome) {
        ModelCard card = outcome.model();
        return new RetrainReport(card.version(), card.promoted(), outcome.reused(), outcome.folder(), card.decision(), card);
    }
}
