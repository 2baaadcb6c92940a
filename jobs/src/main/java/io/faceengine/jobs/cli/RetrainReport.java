package io.faceengine.jobs.cli;

import io.faceengine.jobs.train.ModelCard;
import io.faceengine.jobs.train.Retraining;

/** What `retrain` prints: the headline first, then the version's full record as stored in model.json. */
record RetrainReport(int modelVersion, boolean promoted, boolean reused, String modelFolder, String decision,
                     ModelCard model) {

    static RetrainReport of(Retraining.Outcome outcome) {
        ModelCard card = outcome.model();
        return new RetrainReport(card.version(), card.promoted(), outcome.reused(), outcome.folder(), card.decision(), card);
    }
}
