package io.faceengine.clustering.cluster;

import io.faceengine.clustering.graph.SimilarityGraph;
import java.util.HashMap;
import java.util.Map;
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
 * partners (a face of the same group, or an explicit pair). Each label counts its members per
 * group, so the group check is one lookup. A final pass rejoins each label's members along their
 * kept edges, strongest first, under the same constraints; it splits a label whose members lost
 * their connection when a bridging item moved away, and guarantees no violation in the output.
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
        return rejoinWithinLabels(graph, cannotLink, propagate(graph, cannotLink));
    }

    /** The label propagation alone: raw labels (not canonical), before the final rejoin pass. */
    int[] propagate(SimilarityGraph graph, CannotLink cannotLink) {
        int n = graph.items();
        int[] group = cannotLink.group();
        int[][] partners = explicitPartners(cannotLink);
        int[] label = new int[n];
        // Members per (label, group); a label holds group g iff the count is positive.
        Map<Long, Integer> groupMembers = new HashMap<>();
        for (int i = 0; i < n; i++) {
            label[i] = i;
            if (group[i] >= 0) {
                groupMembers.put(key(i, group[i]), 1);
            }
        }

        // Scratch for summing neighbour weights by label: a label's score is valid when its stamp
        // is the current visit, so nothing needs clearing between visits.
        double[] score = new double[n];
        int[] stamp = new int[n];
        int visit = 0;
        int[] touched = new int[n];
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int round = 0; round < maxRounds; round++) {
            shuffle(order, random);
            boolean changed = false;
            for (int item : order) {
                visit++;
                int touchedCount = 0;
                for (int s = graph.start(item); s < graph.end(item); s++) {
                    float w = graph.weight(s);
                    if (!(w >= threshold)) {
                        continue;
                    }
                    int l = label[graph.target(s)];
                    if (stamp[l] != visit) {
                        stamp[l] = visit;
                        score[l] = 0;
                        touched[touchedCount++] = l;
                    }
                    score[l] += w;
                }
                int current = label[item];
                int best = current;
                double bestScore = stamp[current] == visit ? score[current] : 0;
                for (int t = 0; t < touchedCount; t++) {
                    int l = touched[t];
                    // The current label wins ties, so a settled item does not flip back and forth.
                    boolean better = score[l] > bestScore || (score[l] == bestScore && best != current && l < best);
                    if (l != current && better && allowed(item, l, label, group, partners, groupMembers)) {
                        best = l;
                        bestScore = score[l];
                    }
                }
                if (best != current) {
                    if (group[item] >= 0) {
                        groupMembers.merge(key(current, group[item]), -1, (a, b) -> a + b == 0 ? null : a + b);
                        groupMembers.merge(key(best, group[item]), 1, Integer::sum);
                    }
                    label[item] = best;
                    changed = true;
                }
            }
            if (!changed) {
                break;
            }
        }
        return label;
    }

    private static boolean allowed(int item, int candidate, int[] label, int[] group, int[][] partners,
                                   Map<Long, Integer> groupMembers) {
        if (group[item] >= 0 && groupMembers.containsKey(key(candidate, group[item]))) {
            return false;
        }
        for (int partner : partners[item]) {
            if (label[partner] == candidate) {
                return false;
            }
        }
        return true;
    }

    /** Union of kept edges inside each label, strongest first, refusing unions that break a constraint. */
    private int[] rejoinWithinLabels(SimilarityGraph graph, CannotLink cannotLink, int[] label) {
        ConstrainedUnionFind sets = new ConstrainedUnionFind(cannotLink);
        int[][] edges = graph.edgesByWeightDescending();
        for (int e = 0; e < edges[0].length; e++) {
            int slot = edges[1][e];
            if (graph.weight(slot) < threshold) {
                break;
            }
            int a = edges[0][e];
            int b = graph.target(slot);
            if (label[a] == label[b]) {
                sets.union(a, b);
            }
        }
        return sets.labels();
    }

    private static int[][] explicitPartners(CannotLink cannotLink) {
        int n = cannotLink.items();
        int[] count = new int[n];
        for (int[] pair : cannotLink.explicitPairs()) {
            count[pair[0]]++;
            count[pair[1]]++;
        }
        int[][] partners = new int[n][];
        for (int i = 0; i < n; i++) {
            partners[i] = new int[count[i]];
            count[i] = 0;
        }
        for (int[] pair : cannotLink.explicitPairs()) {
            partners[pair[0]][count[pair[0]]++] = pair[1];
            partners[pair[1]][count[pair[1]]++] = pair[0];
        }
        return partners;
    }

    private static void shuffle(int[] order, SplittableRandom random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    private static long key(int label, int group) {
        return ((long) label << 32) | (group & 0xFFFFFFFFL);
    }
}
