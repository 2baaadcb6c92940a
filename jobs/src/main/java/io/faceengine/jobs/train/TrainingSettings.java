package io.faceengine.jobs.train;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.Set;

/**
 * The {@code training} section of the configuration: whether the run retrains, how
 * ({@link TrainingOptions}) and which verification faces judge the result ({@link PairSampling}).
 * Unknown keys are errors, like every other section.
 */
public record TrainingSettings(boolean enabled, TrainingOptions options, PairSampling pairs) {
    private static final Set<String> KEYS = Set.of("enabled", "epochs", "batchSize", "learningRate",
            "adapterLearningRate", "momentum", "margin", "scale", "identityDecay", "trainBias", "shards", "classBlock",
            "hardExampleWeight", "seed", "verification");
    private static final Set<String> VERIFICATION_KEYS = Set.of("maxFacesPerIdentity", "maxFaces", "seed");

    /** Missing keys take {@link TrainingOptions#defaults()}; a missing section means training is off. */
    public static TrainingSettings fromTree(JsonNode section) {
        if (section == null || section.isMissingNode() || section.isNull()) {
            return new TrainingSettings(false, TrainingOptions.defaults(), PairSampling.defaults());
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
                verification.path("maxFaces").asInt(p.maxFaces()), verification.path("seed").asLong(p.seed()));
        return new TrainingSettings(section.path("enabled").asBoolean(false), options, pairs);
    }

    public TrainingSettings withEpochs(int epochs) {
        return new TrainingSettings(enabled, options.withEpochs(epochs), pairs);
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
