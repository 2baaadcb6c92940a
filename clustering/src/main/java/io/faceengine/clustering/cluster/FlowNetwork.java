package io.faceengine.clustering.cluster;

import io.faceengine.clustering.graph.SimilarityGraph;
import java.util.Arrays;

/**
 * The flow of a random walker on an undirected weighted graph, as the map equation reads it: a
 * node is visited in proportion to its summed edge weight, and an edge carries flow weight / 2W
 * each way (W = total weight), so no teleportation is needed. Nodes are items at the first level
 * and modules of the level below after {@link #aggregate}; flow inside a node is part of its
 * node flow but not of its edges, so {@code exitFlow(node) <= nodeFlow(node)}.
 */
final class FlowNetwork {
    private final double[] nodeFlow;
    private final double[] exitFlow;
    private final int[] offsets;
    private final int[] targets;
    private final double[] edgeFlow;
    /** Sum of p·log2(p) over the items' flows: constant across levels, needed for the codelength. */
    private final double itemFlowPlogp;

    private FlowNetwork(double[] nodeFlow, int[] offsets, int[] targets, double[] edgeFlow, double itemFlowPlogp) {
        this.nodeFlow = nodeFlow;
        this.offsets = offsets;
        this.targets = targets;
        this.edgeFlow = edgeFlow;
        this.itemFlowPlogp = itemFlowPlogp;
        this.exitFlow = new double[nodeFlow.length];
        for (int a = 0; a < nodeFlow.length; a++) {
            for (int s = offsets[a]; s < offsets[a + 1]; s++) {
                exitFlow[a] += edgeFlow[s];
            }
        }
    }

    /** The items of {@code graph} as nodes, over the edges at or above the threshold, weighted as told. */
    static FlowNetwork of(SimilarityGraph graph, float threshold, EdgeWeighting weighting) {
        int n = graph.items();
        double[] weight = weighting.weights(graph, threshold);
        double total = 0;
        for (double w : weight) {
            total += w;
        }
        int[] offsets = new int[n + 1];
        int[] targets = new int[weight.length];
        double[] edgeFlow = new double[weight.length];
        double[] nodeFlow = new double[n];
        int kept = 0;
        for (int a = 0; a < n; a++) {
            for (int s = graph.start(a); s < graph.end(a); s++) {
                if (weight[s] > 0) {
                    targets[kept] = graph.target(s);
                    edgeFlow[kept] = weight[s] / total;
                    nodeFlow[a] += edgeFlow[kept];
                    kept++;
                }
            }
            offsets[a + 1] = kept;
        }
        double plogp = 0;
        for (double p : nodeFlow) {
            plogp += MapEquation.plogp(p);
        }
        return new FlowNetwork(nodeFlow, offsets, Arrays.copyOf(targets, kept),
                Arrays.copyOf(edgeFlow, kept), plogp);
    }

    /**
     * One node per module ({@code module[node]} in 0..modules-1): node flows add up, edges between
     * two modules add up, edges inside a module become the module's internal flow.
     */
    FlowNetwork aggregate(int[] module, int modules) {
        int[][] members = membersOf(module, modules);
        double[] flow = new double[modules];
        int[] offsets = new int[modules + 1];
        int[] targets = new int[this.targets.length];
        double[] edges = new double[this.targets.length];
        // Scratch summing flow by neighbouring module; valid where stamp == current module + 1.
        double[] sum = new double[modules];
        int[] stamp = new int[modules];
        int[] touched = new int[modules];
        int kept = 0;
        for (int m = 0; m < modules; m++) {
            int touchedCount = 0;
            for (int node : members[m]) {
                flow[m] += nodeFlow[node];
                for (int s = start(node); s < end(node); s++) {
                    int other = module[this.targets[s]];
                    if (other == m) {
                        continue;
                    }
                    if (stamp[other] != m + 1) {
                        stamp[other] = m + 1;
                        sum[other] = 0;
                        touched[touchedCount++] = other;
                    }
                    sum[other] += edgeFlow[s];
                }
            }
            Arrays.sort(touched, 0, touchedCount);
            for (int t = 0; t < touchedCount; t++) {
                targets[kept] = touched[t];
                edges[kept++] = sum[touched[t]];
            }
            offsets[m + 1] = kept;
        }
        return new FlowNetwork(flow, offsets, Arrays.copyOf(targets, kept),
                Arrays.copyOf(edges, kept), itemFlowPlogp);
    }

    /** The nodes of each module, in node order. */
    static int[][] membersOf(int[] module, int modules) {
        int[] count = new int[modules];
        for (int m : module) {
            count[m]++;
        }
        int[][] members = new int[modules][];
        for (int m = 0; m < modules; m++) {
            members[m] = new int[count[m]];
            count[m] = 0;
        }
        for (int node = 0; node < module.length; node++) {
            members[module[node]][count[module[node]]++] = node;
        }
        return members;
    }

    int nodes() {
        return nodeFlow.length;
    }

    /** Share of the walker's time spent on the node (its items). */
    double nodeFlow(int node) {
        return nodeFlow[node];
    }

    /** Flow from the node to all other nodes (equal to the flow into it). */
    double exitFlow(int node) {
        return exitFlow[node];
    }

    /** Edge range [start(node), end(node)) into {@link #target} and {@link #edgeFlow}. */
    int start(int node) {
        return offsets[node];
    }

    int end(int node) {
        return offsets[node + 1];
    }

    int target(int slot) {
        return targets[slot];
    }

    /** Flow along the edge in one direction. */
    double edgeFlow(int slot) {
        return edgeFlow[slot];
    }

    /** True when no edge carries flow: every item is a module of its own. */
    boolean hasNoFlow() {
        return targets.length == 0;
    }

    double itemFlowPlogp() {
        return itemFlowPlogp;
    }
}
