package io.faceengine.training.retrain;

import com.fasterxml.jackson.databind.JsonNode;
import io.faceengine.training.finetune.FineTuneOptions;

import java.util.Iterator;
import java.util.Set;

/**
 * The {@code training} section of the configuration: whether the run retrains, what
 * ({@code method}: the linear adapter or the whole network), how ({@link TrainingOptions} for the
 * adapter, {@link NetworkSettings} for the network) and which verification faces judge the result
 * ({@link PairSampling}). Unknown keys are errors, like every other section.
 */
public record TrainingSettings(boolean enabled, Method method, TrainingOptions options, NetworkSettings network,
                               PairSampling pairs) {
    private static final Set<String> KEYS = Set.of("enabled", "method", "epochs", "batchSize", "learningRate",
            "adapterLearningRate", "momentum", "margin", "scale", "identityDecay", "trainBias", "shards", "classBlock",
            "hardExampleWeight", "seed", "verification", "network");
    private static final Set<String> VERIFICATION_KEYS = Set.of("maxFacesPerIdentity", "maxFaces", "seed", "minSamePairs");
    private static final Set<String> NETWORK_KEYS = Set.of("epochs", "batchSize", "learningRate", "preservation",
            "maxFaces");

    /** What a retrain trains. */
    public enum Method {
        /** A linear map on the stored embeddings: cheap, the backbone stays. */
        ADAPTER,
        /** The whole embedding network, fine-tuned from the current one on the stored crops. */
        NETWORK
    }

    /**
     * Fine-tuning of the whole network.
     *
     * @param options  epochs, batch, learning rate and the rest ({@link FineTuneOptions})
     * @param maxFaces training faces held on the driver at most (whole identities, by seeded hash)
     */
    public record NetworkSettings(FineTuneOptions options, int maxFaces) {
        public NetworkSettings {
            if (maxFaces < 2) {
                throw new IllegalArgumentException("training.network.maxFaces must be ≥ 2, got " + maxFaces);
            }
        }

        public static NetworkSettings defaults() {
            return new NetworkSettings(FineTuneOptions.defaults(), 20_000);
        }
    }

    /** Missing keys take {@link TrainingOptions#defaults()}; a missing section means training is off. */
    public static TrainingSettings fromTree(JsonNode section) {
        if (section == null || section.isMissingNode() || section.isNull()) {
            return new TrainingSettings(false, Method.ADAPTER, TrainingOptions.defaults(), NetworkSettings.defaults(),
                    PairSampling.defaults());
        }
        requireKnown(section, KEYS, "training.");
        JsonNode verification = section.path("verification");
        if (verification.isObject()) {
            requireKnown(verification, VERIFICATION_KEYS, "training.verification.");
        }
        TrainingOptions d = TrainingOptions.defaults();
        TrainingOptions options = new TrainingOptions(
                section.path("epochs").asInt(d.epochs()),
                section.path("batchSize").asInt(d.batchSize()),
                section.path("learningRate").asDouble(d.learningRate()),
                section.path("adapterLearningRate").asDouble(d.adapterLearningRate()),
                section.path("momentum").asDouble(d.momentum()),
                section.path("margin").asDouble(d.margin()),
                section.path("scale").asDouble(d.scale()),
                section.path("identityDecay").asDouble(d.identityDecay()),
                section.path("trainBias").asBoolean(d.trainBias()),
                section.path("shards").asInt(d.shards()),
                section.path("classBlock").asInt(d.classBlock()),
                section.path("hardExampleWeight").asDouble(d.hardExampleWeight()),
                0,
                section.path("seed").asLong(d.seed()));
        PairSampling p = PairSampling.defaults();
        PairSampling pairs = new PairSampling(verification.path("maxFacesPerIdentity").asInt(p.maxFacesPerIdentity()),
                verification.path("maxFaces").asInt(p.maxFaces()), verification.path("seed").asLong(p.seed()),
                verification.path("minSamePairs").asInt(p.minSamePairs()));
        return new TrainingSettings(section.path("enabled").asBoolean(false), method(section.path("method")), options,
                network(section.path("network")), pairs);
    }

    /** The same settings with {@code epochs} passes, for the method in use. */
    public TrainingSettings withEpochs(int epochs) {
        return new TrainingSettings(enabled, method, options.withEpochs(epochs),
                new NetworkSettings(network.options().withEpochs(epochs), network.maxFaces()), pairs);
    }

    private static Method method(JsonNode node) {
        String name = node.asText("adapter");
        try {
            return Method.valueOf(name.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("training.method must be adapter or network, got '" + name + "'", e);
        }
    }

    private static NetworkSettings network(JsonNode section) {
        NetworkSettings d = NetworkSettings.defaults();
        if (!section.isObject()) {
            return d;
        }
        requireKnown(section, NETWORK_KEYS, "training.network.");
        FineTuneOptions o = d.options()
                .withEpochs(section.path("epochs").asInt(d.options().epochs()))
                .withBatchSize(section.path("batchSize").asInt(d.options().batchSize()))
                .withLearningRate(section.path("learningRate").asDouble(d.options().learningRate()))
                .withPreservation(section.path("preservation").asDouble(d.options().preservation()));
        return new NetworkSettings(o, section.path("maxFaces").asInt(d.maxFaces()));
    }

    private static void requireKnown(JsonNode section, Set<String> keys, String prefix) {
        for (Iterator<String> names = section.fieldNames(); names.hasNext(); ) {
            String key = names.next();
            if (!keys.contains(key)) {
                throw new IllegalArgumentException("unknown key " + prefix + key + "; known: " + keys);
            }
        }
    }
}
