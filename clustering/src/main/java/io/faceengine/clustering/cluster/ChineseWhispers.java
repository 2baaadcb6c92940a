package io.faceengine.clustering.cluster;

import io.faceengine.clustering.graph.SimilarityGraph;
import java.util.SplittableRandom;

/**
 * Chinese whispers (Biemann 2006, as in dlib's {@code chinese_whispers}): edges below the threshold
 * are dropped, every item starts in its own cluster, and in each round the items, visited in a
 * seeded shuffled order, adopt the label with the largest summed edge weight among their
 * neighbours. Rounds stop when one changes nothing, or after a fixed cap.
 *
 * <p>Unlike connected components, one weak bridge cannot join two dense groups: the bridge's
 * weight is outvoted by each group's internal edges.
 *
 * <p>Cannot-link: an item never adopts a label whose cluster already holds one of its cannot-link
 * partners (a face of the same group, or an explicit pair), as {@link CannotLinkLabels} keeps
 * track. A final pass rejoins each label's members along their kept edges, strongest first, under
 * the same constraints; it splits a label whose members lost their connection when a bridging item
 * moved away, and guarantees no violation in the output.
 */
public final class ChineseWhispers implements ClusteringAlgorithm {
    public static final String NAME = "chinese-whispers";
    /** dlib's default number of rounds. */
    public static final int DEFAULT_MAX_ROUNDS = 100;
    public static final long DEFAULT_SEED = 0x5EED_C0DEL;

    private final float threshold;
    private final int maxRounds;
    private final long seed;

    public ChineseWhispers(float threshold) {
        this(threshold, DEFAULT_MAX_ROUNDS, DEFAULT_SEED);
    }

    public ChineseWhispers(float threshold, int maxRounds, long seed) {
        if (maxRounds < 1) {
            throw new IllegalArgumentException("maxRounds must be at least 1, got " + maxRounds);
        }
        this.threshold = threshold;
        this.maxRounds = maxRounds;
        this.seed = seed;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int[] cluster(SimilarityGraph graph, CannotLink cannotLink) {
        cannotLink.requireSameItems(graph);
        return CannotLinkLabels.rejoinWithinLabels(graph, cannotLink, threshold, propagate(graph, cannotLink));
    }

    /** The label propagation alone: raw labels (not canonical), before the final rejoin pass. */
    int[] propagate(SimilarityGraph graph, CannotLink cannotLink) {
        int n = graph.items();
        CannotLinkLabels labels = CannotLinkLabels.singletons(cannotLink);

        // Scratch for summing neighbour weights by label: a label's score is valid when its stamp
        // is the current visit, so nothing needs clearing between visits.
        double[] score = new double[n];
        int[] stamp = new int[n];
        int visit = 0;
        int[] touched = new int[n];
        int[] order = SeededOrder.identity(n);
        SplittableRandom random = new SplittableRandom(seed);
        for (int round = 0; round < maxRounds; round++) {
            SeededOrder.shuffle(order, random);
            boolean changed = false;
            for (int item : order) {
                visit++;
                int touchedCount = 0;
                for (int s = graph.start(item); s < graph.end(item); s++) {
                    float w = graph.weight(s);
                    if (!(w >= threshold)) {
                        continue;
                    }
                    int l = labels.label(graph.target(s));
                    if (stamp[l] != visit) {
                        stamp[l] = visit;
                        score[l] = 0;
                        touched[touchedCount++] = l;
                    }
                    score[l] += w;
                }
                int current = labels.label(item);
                int best = current;
                double bestScore = stamp[current] == visit ? score[current] : 0;
                for (int t = 0; t < touchedCount; t++) {
                    int l = touched[t];
                    // The current label wins ties, so a settled item does not flip back and forth.
                    boolean better = score[l] > bestScore || (score[l] == bestScore && best != current && l < best);
                    if (l != current && better && labels.allowed(item, l)) {
                        best = l;
                        bestScore = score[l];
                    }
                }
                if (best != current) {
                    labels.move(item, best);
                    changed = true;
                }
            }
            if (!changed) {
                break;
            }
        }
        return labels.labels();
    }
}
