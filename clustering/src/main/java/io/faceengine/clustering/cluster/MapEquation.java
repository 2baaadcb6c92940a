package io.faceengine.clustering.cluster;

/**
 * The two-level map equation (Rosvall and Bergstrom 2008) for a partition of a
 * {@link FlowNetwork}'s nodes into modules: the average number of bits per step needed to describe
 * a random walk, with one codebook per module plus an index codebook for moves between modules.
 * For undirected flow, with q_m the flow leaving module m, p_m the flow of its nodes and p_a the
 * flow of item a:
 *
 * <pre>L = plogp(Σ q_m) − 2 Σ plogp(q_m) − Σ plogp(p_a) + Σ plogp(q_m + p_m)</pre>
 *
 * A partition that keeps the walker inside modules for long stretches codes it in fewer bits.
 * This class keeps the per-module sums so that the change of moving one node costs O(1).
 */
final class MapEquation {
    private static final double LN2 = Math.log(2);

    private final FlowNetwork network;
    private final int[] module;
    private final double[] moduleFlow;
    private final double[] moduleExit;
    private double exitSum;
    private double exitPlogpSum;
    private double exitAndFlowPlogpSum;

    /** {@code module[node]} in 0..nodes-1. */
    MapEquation(FlowNetwork network, int[] module) {
        int n = network.nodes();
        this.network = network;
        this.module = module.clone();
        this.moduleFlow = new double[n];
        this.moduleExit = new double[n];
        for (int a = 0; a < n; a++) {
            moduleFlow[module[a]] += network.nodeFlow(a);
            for (int s = network.start(a); s < network.end(a); s++) {
                if (module[network.target(s)] != module[a]) {
                    moduleExit[module[a]] += network.edgeFlow(s);
                }
            }
        }
        for (int m = 0; m < n; m++) {
            exitSum += moduleExit[m];
            exitPlogpSum += plogp(moduleExit[m]);
            exitAndFlowPlogpSum += plogp(moduleExit[m] + moduleFlow[m]);
        }
    }

    /** x·log2(x), and 0 for x <= 0 (the limit at 0; rounding can leave a tiny negative flow). */
    static double plogp(double x) {
        return x > 0 ? x * Math.log(x) / LN2 : 0;
    }

    int module(int node) {
        return module[node];
    }

    int[] modules() {
        return module.clone();
    }

    /** The codelength in bits per step. */
    double codelength() {
        return plogp(exitSum) - 2 * exitPlogpSum - network.itemFlowPlogp() + exitAndFlowPlogpSum;
    }

    /**
     * Change of the codelength if {@code node} moves from its module to {@code to}, given the flow
     * between the node and the other members of its current module and of {@code to}.
     */
    double deltaOfMove(int node, int to, double flowToCurrent, double flowToTarget) {
        int from = module[node];
        if (from == to) {
            return 0;
        }
        double nodeExit = network.exitFlow(node);
        double nodeFlow = network.nodeFlow(node);
        // Leaving: the node's exits no longer count for `from`, its links into `from` now do.
        double fromExit = moduleExit[from] - nodeExit + 2 * flowToCurrent;
        double toExit = moduleExit[to] + nodeExit - 2 * flowToTarget;
        double fromFlow = moduleFlow[from] - nodeFlow;
        double toFlow = moduleFlow[to] + nodeFlow;
        double newExitSum = exitSum - moduleExit[from] - moduleExit[to] + fromExit + toExit;
        double exitPlogp = plogp(fromExit) + plogp(toExit) - plogp(moduleExit[from]) - plogp(moduleExit[to]);
        double exitAndFlowPlogp = plogp(fromExit + fromFlow) + plogp(toExit + toFlow)
                - plogp(moduleExit[from] + moduleFlow[from]) - plogp(moduleExit[to] + moduleFlow[to]);
        return plogp(newExitSum) - plogp(exitSum) - 2 * exitPlogp + exitAndFlowPlogp;
    }

    /** Moves {@code node} to {@code to}, with the same flows as {@link #deltaOfMove}. */
    void move(int node, int to, double flowToCurrent, double flowToTarget) {
        int from = module[node];
        if (from == to) {
            return;
        }
        double nodeExit = network.exitFlow(node);
        double nodeFlow = network.nodeFlow(node);
        retire(from);
        retire(to);
        moduleExit[from] += -nodeExit + 2 * flowToCurrent;
        moduleExit[to] += nodeExit - 2 * flowToTarget;
        moduleFlow[from] -= nodeFlow;
        moduleFlow[to] += nodeFlow;
        admit(from);
        admit(to);
        module[node] = to;
    }

    private void retire(int m) {
        exitSum -= moduleExit[m];
        exitPlogpSum -= plogp(moduleExit[m]);
        exitAndFlowPlogpSum -= plogp(moduleExit[m] + moduleFlow[m]);
    }

    private void admit(int m) {
        exitSum += moduleExit[m];
        exitPlogpSum += plogp(moduleExit[m]);
        exitAndFlowPlogpSum += plogp(moduleExit[m] + moduleFlow[m]);
    }
}
