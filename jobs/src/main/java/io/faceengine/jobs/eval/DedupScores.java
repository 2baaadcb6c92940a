package io.faceengine.jobs.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Precision and recall of cross-set dedup, over pairs of intra-set clusters from different sets.
 * A cluster's true identity is the majority identity of its labelled faces; a pair is truly the
 * same person when the majorities agree, and was merged when dedup gave both the same identity id.
 */
public record DedupScores(long clusterPairsMerged, long clusterPairsTrulySame, long mergedCorrectly,
                          double precision, double recall) {

    /** A cluster as dedup saw it: its set, its resolved identity, its majority true identity. */
    public record ScoredCluster(String clusterId, String setId, String identityId, String trueIdentity) {
    }

    public static DedupScores of(List<ScoredCluster> clusters) {
        long merged = crossSetPairs(group(clusters, true));
        long same = crossSetPairs(group(clusters, false));
        long correct = 0;
        Map<String, List<ScoredCluster>> byIdentity = group(clusters, true);
        for (List<ScoredCluster> members : byIdentity.values()) {
            Map<String, List<ScoredCluster>> byTruth = new HashMap<>();
            for (ScoredCluster c : members) {
                byTruth.computeIfAbsent(c.trueIdentity(), k -> new ArrayList<>()).add(c);
            }
            correct += crossSetPairs(byTruth);
        }
        double precision = merged == 0 ? 1.0 : (double) correct / merged;
        double recall = same == 0 ? 1.0 : (double) correct / same;
        return new DedupScores(merged, same, correct, precision, recall);
    }

    private static Map<String, List<ScoredCluster>> group(List<ScoredCluster> clusters, boolean byIdentity) {
        Map<String, List<ScoredCluster>> groups = new HashMap<>();
        for (ScoredCluster c : clusters) {
            groups.computeIfAbsent(byIdentity ? c.identityId() : c.trueIdentity(), k -> new ArrayList<>()).add(c);
        }
        return groups;
    }

    /** Pairs inside each group whose two clusters come from different sets. */
    private static long crossSetPairs(Map<String, List<ScoredCluster>> groups) {
        long pairs = 0;
        for (List<ScoredCluster> members : groups.values()) {
            Map<String, Long> perSet = new HashMap<>();
            members.forEach(c -> perSet.merge(c.setId(), 1L, Long::sum));
            long n = members.size();
            long sameSet = perSet.values().stream().mapToLong(k -> k * (k - 1) / 2).sum();
            pairs += n * (n - 1) / 2 - sameSet;
        }
        return pairs;
    }
}
