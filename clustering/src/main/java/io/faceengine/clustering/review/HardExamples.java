package io.faceengine.clustering.review;

import io.faceengine.clustering.cluster.CannotLink;
import io.faceengine.clustering.graph.SimilarityGraph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Mines the pairs a retrained model learns most from. Labels are trusted as given, so feed reviewed
 * or accepted clusters (or resolved identities) for training data.
 *
 * <ul>
 *   <li>Hard positives, per cluster: its members farthest from the centroid, each paired with its least
 *       similar cluster-mate. The farthest member's pair is always taken; the next ones only below
 *       {@code positiveBelow}; at most {@code maxPositivesPerCluster}.</li>
 *   <li>Hard negatives: graph edges across cluster boundaries at or above {@code negativeAbove},
 *       strongest first, while both clusters have fewer than {@code maxNegativesPerCluster}.
 *       Pairs that are cannot-link are marked: they are certainly different people.</li>
 * </ul>
 */
public final class HardExamples {
    private static final Comparator<HardPair> BY_FACES = Comparator.comparingInt(HardPair::a).thenComparingInt(HardPair::b);
    private final HardExampleOptions options;

    public HardExamples(HardExampleOptions options) {
        this.options = options;
    }

    public HardExampleSet mine(ClusteredFaces input) {
        ClusterGeometry geometry = ClusterGeometry.of(input);
        return new HardExampleSet(positives(geometry), negatives(input));
    }

    private List<HardPair> positives(ClusterGeometry geometry) {
        List<HardPair> out = new ArrayList<>();
        Set<Long> taken = new HashSet<>();
        for (int k = 0; k < geometry.clusters; k++) {
            int[] members = geometry.members[k];
            if (members.length < 2 || options.maxPositivesPerCluster() == 0) {
                continue;
            }
            Integer[] farthestFirst = new Integer[members.length];
            for (int x = 0; x < members.length; x++) {
                farthestFirst[x] = members[x];
            }
            Arrays.sort(farthestFirst, Comparator.comparingDouble((Integer f) -> geometry.own[f]).thenComparingInt(f -> f));
            int kept = 0;
            for (int x = 0; x < farthestFirst.length && kept < options.maxPositivesPerCluster(); x++) {
                int face = farthestFirst[x];
                int partner = -1;
                float lowest = Float.POSITIVE_INFINITY;
                for (int other : members) {
                    if (other != face) {
                        float s = geometry.faceToFace(face, other);
                        if (s < lowest) {
                            lowest = s;
                            partner = other;
                        }
                    }
                }
                if (x > 0 && !(lowest < options.positiveBelow())) {
                    continue;
                }
                int a = Math.min(face, partner);
                int b = Math.max(face, partner);
                if (taken.add(((long) a << 32) | b)) {
                    out.add(new HardPair(a, b, lowest, k, k, false));
                    kept++;
                }
            }
        }
        out.sort(Comparator.comparingDouble(HardPair::similarity).thenComparing(BY_FACES));
        return out;
    }

    private List<HardPair> negatives(ClusteredFaces input) {
        SimilarityGraph graph = input.graph();
        int[] labels = input.labels();
        CannotLink cannotLink = input.cannotLink();
        Set<Long> explicit = new HashSet<>();
        for (int[] pair : cannotLink.explicitPairs()) {
            explicit.add(((long) Math.min(pair[0], pair[1]) << 32) | Math.max(pair[0], pair[1]));
        }
        List<HardPair> candidates = new ArrayList<>();
        for (int i = 0; i < graph.items(); i++) {
            for (int slot = graph.start(i); slot < graph.end(i); slot++) {
                int j = graph.target(slot);
                float w = graph.weight(slot);
                if (j > i && labels[i] != labels[j] && w >= options.negativeAbove()) {
                    int group = cannotLink.group()[i];
                    boolean apart = (group >= 0 && group == cannotLink.group()[j]) || explicit.contains(((long) i << 32) | j);
                    candidates.add(new HardPair(i, j, w, labels[i], labels[j], apart));
                }
            }
        }
        candidates.sort(Comparator.comparingDouble((HardPair p) -> p.similarity()).reversed().thenComparing(BY_FACES));
        int[] used = new int[input.clusters()];
        List<HardPair> out = new ArrayList<>();
        for (HardPair pair : candidates) {
            if (used[pair.clusterA()] < options.maxNegativesPerCluster() && used[pair.clusterB()] < options.maxNegativesPerCluster()) {
                used[pair.clusterA()]++;
                used[pair.clusterB()]++;
                out.add(pair);
            }
        }
        return out;
    }
}
