package io.faceengine.clustering.cluster;

import io.faceengine.clustering.graph.SimilarityGraph;
import java.util.Arrays;
import java.util.PriorityQueue;

/**
 * Average-link agglomerative clustering on the sparse similarity graph, stopped at a threshold:
 * the two clusters with the highest average similarity are merged while that average is at least
 * the threshold, and two clusters holding a cannot-link pair are never merged.
 *
 * <p>A pair of items with no edge counts as similarity 0, so the average between clusters A and B
 * is (sum of edge weights between them) / (|A|·|B|). On a kNN graph this is a slightly stricter
 * average than on all pairs (omitted pairs are the dissimilar ones); with every pair present it is
 * ordinary average linkage.
 *
 * <p>Each cluster keeps a map from neighbouring cluster to the summed edge weight; a merge folds the
 * smaller map into the larger. Candidate pairs wait in a priority queue and are dropped lazily when
 * either cluster has changed since. Ties go to the pair with the smaller ids, so results are
 * deterministic.
 */
public final class AverageLinkage implements ClusteringAlgorithm {
    public static final String NAME = "average-linkage";
    private final float threshold;

    public AverageLinkage(float threshold) {
        this.threshold = threshold;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int[] cluster(SimilarityGraph graph, CannotLink cannotLink) {
        int n = graph.items();
        cannotLink.requireSameItems(graph);
        ConstrainedUnionFind sets = new ConstrainedUnionFind(cannotLink);
        // Cluster ids are item ids: a cluster is named after one of its items, which the union-find accepts.
        int[] size = new int[n];
        int[] version = new int[n];
        IntDoubleMap[] links = new IntDoubleMap[n];
        PriorityQueue<Candidate> queue = new PriorityQueue<>();
        for (int i = 0; i < n; i++) {
            size[i] = 1;
            links[i] = new IntDoubleMap(graph.degree(i));
            for (int s = graph.start(i); s < graph.end(i); s++) {
                int j = graph.target(s);
                links[i].add(j, graph.weight(s));
                if (i < j && graph.weight(s) >= threshold) {
                    queue.add(new Candidate(graph.weight(s), i, j, 0, 0));
                }
            }
        }

        while (!queue.isEmpty()) {
            Candidate best = queue.poll();
            if (links[best.a] == null || links[best.b] == null
                    || version[best.a] != best.versionA || version[best.b] != best.versionB) {
                continue;
            }
            // A conflict is permanent: clusters only grow, so this pair can never merge.
            if (!sets.union(best.a, best.b)) {
                continue;
            }
            boolean keepA = links[best.a].size() >= links[best.b].size();
            int survivor = keepA ? best.a : best.b;
            int absorbed = keepA ? best.b : best.a;
            IntDoubleMap from = links[absorbed];
            IntDoubleMap into = links[survivor];
            for (int slot = 0; slot < from.capacity(); slot++) {
                int other = from.keyAt(slot);
                if (other < 0 || other == survivor) {
                    continue;
                }
                double sum = from.valueAt(slot);
                into.add(other, sum);
                links[other].remove(absorbed);
                links[other].add(survivor, sum);
            }
            into.remove(absorbed);
            links[absorbed] = null;
            size[survivor] += size[absorbed];
            version[survivor]++;
            version[absorbed]++;
            for (int slot = 0; slot < into.capacity(); slot++) {
                int other = into.keyAt(slot);
                if (other < 0) {
                    continue;
                }
                double average = into.valueAt(slot) / ((double) size[survivor] * size[other]);
                // Pairs below the threshold are left out; any later change to them is re-offered here.
                if (average >= threshold) {
                    int a = Math.min(survivor, other);
                    int b = Math.max(survivor, other);
                    queue.add(new Candidate(average, a, b, version[a], version[b]));
                }
            }
        }
        return sets.labels();
    }

    /** A pair of clusters (a < b) with their average similarity, valid while both versions still match. */
    private record Candidate(double average, int a, int b, int versionA, int versionB)
            implements Comparable<Candidate> {
        @Override
        public int compareTo(Candidate other) {
            int byAverage = Double.compare(other.average, average);
            if (byAverage != 0) {
                return byAverage;
            }
            int byA = Integer.compare(a, other.a);
            return byA != 0 ? byA : Integer.compare(b, other.b);
        }
    }

    /**
     * Open-addressing map from non-negative int to double (linear probing, backward-shift removal),
     * so per-cluster sums cost no boxed objects on graphs with millions of edges.
     */
    private static final class IntDoubleMap {
        private static final int EMPTY = -1;
        private int[] keys;
        private double[] values;
        private int size;

        IntDoubleMap(int expected) {
            int capacity = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
            keys = new int[capacity];
            values = new double[capacity];
            Arrays.fill(keys, EMPTY);
        }

        int size() {
            return size;
        }

        int capacity() {
            return keys.length;
        }

        /** Key at a table slot, or -1 for an empty slot. */
        int keyAt(int slot) {
            return keys[slot];
        }

        double valueAt(int slot) {
            return values[slot];
        }

        void add(int key, double delta) {
            int mask = keys.length - 1;
            int slot = home(key, mask);
            while (keys[slot] != EMPTY) {
                if (keys[slot] == key) {
                    values[slot] += delta;
                    return;
                }
                slot = (slot + 1) & mask;
            }
            keys[slot] = key;
            values[slot] = delta;
            if (++size * 2 > keys.length) {
                grow();
            }
        }

        void remove(int key) {
            int mask = keys.length - 1;
            int slot = home(key, mask);
            while (keys[slot] != key) {
                if (keys[slot] == EMPTY) {
                    return;
                }
                slot = (slot + 1) & mask;
            }
            size--;
            // Shift later entries of the probe run back so lookups never stop at the hole early.
            int hole = slot;
            int next = slot;
            while (true) {
                next = (next + 1) & mask;
                if (keys[next] == EMPTY) {
                    break;
                }
                int wanted = home(keys[next], mask);
                boolean reachable = hole <= next ? (wanted > hole && wanted <= next) : (wanted > hole || wanted <= next);
                if (!reachable) {
                    keys[hole] = keys[next];
                    values[hole] = values[next];
                    hole = next;
                }
            }
            keys[hole] = EMPTY;
        }

        private void grow() {
            int[] oldKeys = keys;
            double[] oldValues = values;
            keys = new int[oldKeys.length * 2];
            values = new double[oldKeys.length * 2];
            Arrays.fill(keys, EMPTY);
            size = 0;
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldKeys[i] != EMPTY) {
                    add(oldKeys[i], oldValues[i]);
                }
            }
        }

        private static int home(int key, int mask) {
            int h = key * 0x9E3779B9;
            return (h ^ (h >>> 16)) & mask;
        }
    }
}
