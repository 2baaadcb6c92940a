package io.faceengine.jobs.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.faceengine.jobs.manifest.DatasetManifest;
import io.faceengine.jobs.run.DriverSparkSession;
import io.faceengine.pipeline.config.FaceEngineConfig;
import io.faceengine.training.retrain.Retraining;
import io.faceengine.training.retrain.TrainingSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

/** Trains the embedding adapter on the latest committed dataset manifest; promotes it if it verifies better. */
@Command(name = "retrain", mixinStandardHelpOptions = true, description = {
        "Train the embedding adapter on the latest committed dataset manifest (settings: training.*),",
        "judge it against the current model on the manifest's validation identities, and promote it",
        "when its TAR at FAR 1e-3 is strictly higher and its accuracy not lower. Prints the new model",
        "version's record as JSON.",
        "Needs Spark: start it through spark-submit or scripts/run-local.sh."})
final class RetrainCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions config;

    @Option(names = "--data-root", paramLabel = "PATH|URI", description = "Data root of the runs. Default: run.dataRoot")
    String dataRoot;

    @Option(names = "--epochs", description = "Passes over the training faces (default: training.epochs)")
    Integer epochs;

    @Override
    public Integer call() throws Exception {
        FaceEngineConfig cfg = config.load();
        TrainingSettings settings = TrainingSettings.fromTree(cfg.training());
        if (epochs != null) {
            settings = settings.withEpochs(epochs);
        }
        SparkClasspath.require("retrain");
        String rootUri = Locations.absolute(dataRoot != null ? dataRoot : cfg.run().dataRoot());
        DriverSparkSession.Obtained spark = DriverSparkSession.getOrCreate("face-engine retrain");
        try {
            List<JsonNode> manifests = DatasetManifest.committed(spark.session(), rootUri);
            if (manifests.isEmpty()) {
                throw new IllegalArgumentException("no committed dataset manifest under " + rootUri
                        + ": a run that labels faces publishes one");
            }
            Retraining.Outcome outcome = Retraining.run(spark.session(), cfg, rootUri,
                    DatasetManifest.trainingSource(rootUri, manifests.get(manifests.size() - 1)), settings);
            JsonReport.print(RetrainReport.of(outcome), null);
            return 0;
        } finally {
            if (spark.created()) {
                spark.session().stop();
            }
        }
    }
}
