package io.faceengine.clustering.calibration;

import java.io.Serializable;

/** How many scores of each kind a fit had. */
public record EvidenceCounts(int pairs, int nearest, int samePhoto, int humanSame, int humanDifferent) implements Serializable {
    public static EvidenceCounts of(PairEvidence evidence) {
        return new EvidenceCounts(evidence.pairs().length, evidence.nearest().length, evidence.samePhoto().length,
                evidence.humanSame().length, evidence.humanDifferent().length);
    }
}
