package io.faceengine.training.retrain;

import com.fasterxml.jackson.databind.JsonNode;
import io.faceengine.pipeline.config.FaceEngineConfig;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One retrain of the adapter (for the whole network see {@link NetworkRetraining}): trains an adapter on a published dataset manifest into the next registry version,
 * judges it and the current model on the same verification pairs ({@link VerificationEvaluation}),
 * and promotes it only as {@link PromotionRule} says (a strictly higher TAR). Run again on the same
 * manifest with the same settings it returns the finished version instead of training another;
 * after a crash it continues the unfinished version from its checkpoints.
 */
public final class Retraining {
    private static final Logger LOG = LoggerFactory.getLogger(Retraining.class);

    /** What a retrain produced; {@code reused} when the version existed already from the same claim. */
    public record Outcome(ModelCard model, String folder, boolean reused) {
    }

    /** The manifest a retrain trains on: its summary's version and run, and where its faces are. */
    public record ManifestSource(int version, String runId, String facesFolder, List<String> modelVersions) {
        /** From a published manifest's summary and the folder of its faces table. */
        public static ManifestSource of(JsonNode summary, String facesFolder) {
            List<String> models = new ArrayList<>();
            summary.path("modelVersions").fieldNames().forEachRemaining(models::add);
            return new ManifestSource(summary.path("version").asInt(), summary.path("runId").asText(), facesFolder,
                    List.copyOf(models));
        }
    }

    private Retraining() {
    }

    /** Trains what {@code training.method} names: the adapter here, the whole network in {@link NetworkRetraining}. */
    public static Outcome run(SparkSession spark, FaceEngineConfig config, String dataRoot, ManifestSource manifest,
                              TrainingSettings settings) throws IOException {
        if (settings.method() == TrainingSettings.Method.NETWORK) {
            return NetworkRetraining.run(spark, config, dataRoot, manifest, settings);
        }
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        Optional<ModelRegistry.PromotedNetwork> network = ModelRegistry.promotedNetwork(conf, dataRoot);
        if (network.isPresent()) {
            // The adapter maps stored backbone embeddings; faces embedded by a network live elsewhere.
            throw new IllegalStateException("the promoted model of " + dataRoot + " is fine-tuned network v"
                    + network.get().version() + "; an adapter trains on the backbone's embeddings: retrain with "
                    + "training.method network");
        }
        ModelRegistry registry = new ModelRegistry(conf, dataRoot);
        registry.finishPromotion();
        TrainingClaim claim = TrainingClaim.adapter(manifest.version(), manifest.runId(), settings.options(), settings.pairs());
        Optional<ModelCard> finished = registry.completed(claim);
        if (finished.isPresent()) {
            LOG.info("manifest v{} was already trained with these settings: model v{}", manifest.version(), finished.get().version());
            return new Outcome(finished.get(), registry.versionFolder(finished.get().version()).toString(), true);
        }
        int version = registry.start(claim);
        LOG.info("training adapter v{} on manifest v{} (run {})", version, manifest.version(), manifest.runId());
        TrainedAdapter trained = new AdapterTrainer(settings.options(), registry.checkpoints(version).toString())
                .fit(TrainingSamples.readManifest(spark, manifest.facesFolder(), settings.options().hardExampleWeight()));

        Optional<PromotedAdapter> current = ModelRegistry.promoted(conf, dataRoot);
        EmbeddingAdapter currentAdapter = current.map(PromotedAdapter::adapter)
                .orElse(EmbeddingAdapter.identity(trained.data().dimension()));
        VerificationResult candidateResult = null;
        VerificationResult currentResult = null;
        boolean promoted = false;
        String decision;
        VerificationEvaluation evaluation = VerificationEvaluation.ofManifest(spark, manifest.facesFolder(), settings.pairs());
        if (evaluation.possible()) {
            candidateResult = evaluation.evaluate(trained.adapter());
            currentResult = evaluation.evaluate(currentAdapter);
            promoted = PromotionRule.promotes(candidateResult, currentResult, settings.pairs().minSamePairs());
            decision = PromotionRule.explain(candidateResult, currentResult, current.map(PromotedAdapter::version),
                    settings.pairs().minSamePairs());
        } else {
            decision = "not promoted: the manifest has no same and different pairs in both train and val splits to judge by";
        }
        ModelCard card = new ModelCard(version, Instant.now().toString(), manifest.modelVersions(), manifest.version(),
                manifest.runId(), settings.options(), settings.pairs(), trained.data(), trained.history(), candidateResult,
                current.map(PromotedAdapter::version).orElse(null), currentResult, promoted, decision, null);
        registry.complete(card, trained.adapter());
        LOG.info("adapter v{}: {}", version, decision);
        return new Outcome(card, registry.versionFolder(version).toString(), false);
    }
}
