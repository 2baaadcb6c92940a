package io.faceengine.training.retrain;

import java.util.List;

/**
 * A model version's record ({@code model.json}): where it came from, how training went and how it
 * compared with the model that was current when it was made.
 *
 * @param backboneModelVersions the frozen backbone's versions the training embeddings came from
 * @param candidate             this version's verification figures; null when the manifest had no pairs to judge by
 * @param currentVersion        the promoted version it was compared with; null for the identity (no adapter)
 * @param current               that model's figures on the same pairs; null like {@code candidate}
 * @param decision              why it was or was not promoted, in words
 * @param network               how the whole network was fine-tuned; null for an adapter version
 *                              (whose {@code options}, {@code data} and {@code history} it has instead)
 */
public record ModelCard(int version, String createdAt, List<String> backboneModelVersions, int manifestVersion,
                        String manifestRunId, TrainingOptions options, PairSampling verificationPairs, TrainingData data,
                        List<EpochSummary> history, VerificationResult candidate, Integer currentVersion,
                        VerificationResult current, boolean promoted, String decision, NetworkTraining network) {

    public TrainingClaim claim() {
        return new TrainingClaim(manifestVersion, manifestRunId, options, verificationPairs,
                network == null ? null : network.settings());
    }

    /** A version of the whole network: its graph replaces the embedder once promoted. */
    public boolean wholeNetwork() {
        return network != null;
    }
}
