package io.faceengine.clustering.calibration;

import io.faceengine.clustering.cluster.ClusterLabels;
import io.faceengine.clustering.graph.SimilarityGraph;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * Estimated label precision of each cluster: the expected share of its faces that carry the
 * cluster's person. A cluster is held together by its maximum spanning tree over the similarity
 * graph; if a tree link joins two people, the faces on its smaller side are wrongly labelled. With
 * q(w) = 1 - P(one person | w) from the calibrated mixture, the expected wrong faces are
 * sum over tree links of q(w) * smaller side, and the precision 1 - that / size (at least 0).
 * Parts of a cluster no graph edge joins count as wrong but the largest.
 */
public final class ClusterPrecision {
    private ClusterPrecision() {
    }

    /** @param linkPosterior probability that a link of the given cosine joins one person */
    public static double[] estimate(SimilarityGraph graph, int[] labels, DoubleUnaryOperator linkPosterior) {
        int n = labels.length;
        int clusters = ClusterLabels.count(labels);
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        List<List<int[]>> tree = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            tree.add(new ArrayList<>(2));
        }
        int[][] order = graph.edgesByWeightDescending();
        for (int e = 0; e < order[0].length; e++) {
            int a = order[0][e];
            int slot = order[1][e];
            int b = graph.target(slot);
            if (labels[a] != labels[b]) {
                continue;
            }
            int ra = find(parent, a);
            int rb = find(parent, b);
            if (ra != rb) {
                parent[Math.max(ra, rb)] = Math.min(ra, rb);
                tree.get(a).add(new int[]{b, slot});
                tree.get(b).add(new int[]{a, slot});
            }
        }
        int[] size = new int[clusters];
        for (int label : labels) {
            size[label]++;
        }
        double[] wrong = new double[clusters];
        int[] largestPart = new int[clusters];
        int[] subtree = new int[n];
        boolean[] seen = new boolean[n];
        int[] stack = new int[n];
        int[] via = new int[n];
        List<Integer> post = new ArrayList<>();
        for (int root = 0; root < n; root++) {
            if (seen[root]) {
                continue;
            }
            // Iterative DFS: post-order subtree sizes, each tree link scored from its child's side.
            post.clear();
            int top = 0;
            stack[top++] = root;
            via[root] = -1;
            seen[root] = true;
            while (top > 0) {
                int item = stack[--top];
                post.add(item);
                for (int[] link : tree.get(item)) {
                    if (!seen[link[0]]) {
                        seen[link[0]] = true;
                        via[link[0]] = link[1];
                        stack[top++] = link[0];
                    }
                }
            }
            int componentSize = post.size();
            for (int x = post.size() - 1; x >= 0; x--) {
                int item = post.get(x);
                subtree[item] += 1;
                if (via[item] >= 0) {
                    int parentItem = parentOf(tree.get(item), via[item]);
                    subtree[parentItem] += subtree[item];
                    int smaller = Math.min(subtree[item], componentSize - subtree[item]);
                    wrong[labels[item]] += (1 - linkPosterior.applyAsDouble(graph.weight(via[item]))) * smaller;
                }
            }
            int label = labels[root];
            if (componentSize > largestPart[label]) {
                wrong[label] += largestPart[label];
                largestPart[label] = componentSize;
            } else {
                wrong[label] += componentSize;
            }
        }
        double[] precision = new double[clusters];
        for (int c = 0; c < clusters; c++) {
            precision[c] = Math.max(0, 1 - wrong[c] / size[c]);
        }
        return precision;
    }

    /** The tree neighbour reached through {@code slot} from {@code item}'s side. */
    private static int parentOf(List<int[]> links, int slot) {
        for (int[] link : links) {
            if (link[1] == slot) {
                return link[0];
            }
        }
        throw new IllegalStateException("tree link " + slot + " not found");
    }

    private static int find(int[] parent, int item) {
        while (parent[item] != item) {
            parent[item] = parent[parent[item]];
            item = parent[item];
        }
        return item;
    }
}
