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
        TrainingClaim claim = TrainingClaim.adapter(manifest.version(), manifest.runId(), settings.options(), settings.pairs());
        Optional<Outcome> finished = alreadyTrained(registry, claim);
        if (finished.isPresent()) {
            return finished.get();
        }
        int version = registry.start(claim);
        LOG.info("training adapter v{} on manifest v{} (run {})", version, manifest.version(), manifest.runId());
        TrainedAdapter trained = new AdapterTrainer(settings.options(), registry.checkpoints(version).toString())
                .fit(TrainingSamples.readManifest(spark, manifest.facesFolder(), settings.options().hardExampleWeight()));

        Optional<PromotedAdapter> current = ModelRegistry.promoted(conf, dataRoot);
        EmbeddingAdapter currentAdapter = current.map(PromotedAdapter::adapter)
                .orElse(EmbeddingAdapter.identity(trained.data().dimension()));
        VerificationEvaluation evaluation = VerificationEvaluation.ofManifest(spark, manifest.facesFolder(), settings.pairs());
        PromotionRule.Judgement judged = PromotionRule.judge(evaluation, () -> evaluation.evaluate(trained.adapter()),
                () -> evaluation.evaluate(currentAdapter), current.map(PromotedAdapter::version),
                settings.pairs().minSamePairs());
        ModelCard card = new ModelCard(version, Instant.now().toString(), manifest.modelVersions(), manifest.version(),
                manifest.runId(), settings.options(), settings.pairs(), trained.data(), trained.history(), judged.candidate(),
                current.map(PromotedAdapter::version).orElse(null), judged.current(), judged.promoted(), judged.decision(),
                null);
        registry.complete(card, trained.adapter());
        LOG.info("adapter v{}: {}", version, judged.decision());
        return new Outcome(card, registry.versionFolder(version).toString(), false);
    }

    /**
     * The version this claim already produced, after repairing a promotion a crash left half done:
     * a retrain run again on the same manifest and settings returns it instead of training another.
     */
    static Optional<Outcome> alreadyTrained(ModelRegistry registry, TrainingClaim claim) throws IOException {
        registry.finishPromotion();
        Optional<ModelCard> finished = registry.completed(claim);
        finished.ifPresent(card -> LOG.info("manifest v{} was already trained with these settings: model v{}",
                claim.manifestVersion(), card.version()));
        return finished.map(card -> new Outcome(card, registry.versionFolder(card.version()).toString(), true));
    }
}
