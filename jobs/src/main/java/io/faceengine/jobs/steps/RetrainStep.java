package io.faceengine.jobs.steps;

import io.faceengine.jobs.manifest.DatasetManifest;
import io.faceengine.jobs.run.RunContext;
import io.faceengine.jobs.run.RunStep;
import io.faceengine.pipeline.io.RunJson;
import io.faceengine.training.retrain.ModelCard;
import io.faceengine.training.retrain.Retraining;
import io.faceengine.training.retrain.TrainingSettings;
import org.apache.hadoop.fs.Path;

import java.util.Optional;

/**
 * Retrains the embedding adapter on the manifest this run published, when {@code training.enabled};
 * the new version is promoted only if it verifies better ({@link Retraining}). A restart after a
 * crash continues the same version from its checkpoints.
 */
public final class RetrainStep implements RunStep {

    @Override
    public void execute(RunContext context) throws Exception {
        TrainingSettings settings = TrainingSettings.fromTree(context.config().training());
        if (!settings.enabled()) {
            context.stats().skipped("training.enabled is false");
            return;
        }
        Path summaryFile = new Path(context.layout().stepOutput(DatasetManifest.FOLDER), DatasetManifest.SUMMARY);
        Optional<String> summary = context.files().read(summaryFile);
        if (summary.isEmpty()) {
            context.stats().skipped("this run published no dataset manifest");
            return;
        }
        String dataRoot = context.layout().dataRoot().toString();
        Retraining.Outcome outcome = Retraining.run(context.spark(), context.config(), dataRoot,
                DatasetManifest.trainingSource(dataRoot, RunJson.MAPPER.readTree(summary.get())), settings);
        ModelCard card = outcome.model();
        context.stats().count("modelVersion", card.version()).count("promoted", card.promoted() ? 1 : 0)
                .count("manifestVersion", card.manifestVersion())
                .count("validationPairs", card.candidate() == null ? 0
                        : card.candidate().positivePairs() + card.candidate().negativePairs());
    }
}
