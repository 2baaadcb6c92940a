package io.faceengine.clustering.cluster;

import java.util.SplittableRandom;

/**
 * The greedy step of Infomap: nodes, visited in a seeded shuffled order, each move to the
 * neighbouring module that lowers the map equation most; passes repeat until one moves nothing
 * (or gains less than {@link #MIN_IMPROVEMENT} bits), or after a cap. A node is a block of items,
 * and moves only where {@link CannotLinkLabels} allows all of its items.
 */
final class ModuleMoves {
    /** Gains below this are rounding noise and count as no gain. */
    static final double MIN_IMPROVEMENT = 1e-10;

    private final int maxPasses;

    ModuleMoves(int maxPasses) {
        if (maxPasses < 1) {
            throw new IllegalArgumentException("maxPasses must be at least 1, got " + maxPasses);
        }
        this.maxPasses = maxPasses;
    }

    /**
     * Moves the nodes of {@code codelength}'s network. {@code itemsOfNode} lists the items each node
     * stands for, and {@code labels} must give every item its node's module; both stay in step.
     *
     * @return whether any node moved
     */
    boolean run(MapEquation codelength, FlowNetwork network, int[][] itemsOfNode, CannotLinkLabels labels,
                SplittableRandom random) {
        int n = network.nodes();
        // Scratch summing the node's flow by neighbouring module; valid where stamp == visit.
        double[] flowTo = new double[n];
        int[] stamp = new int[n];
        int[] touched = new int[n];
        int visit = 0;
        int[] order = SeededOrder.identity(n);
        boolean movedAny = false;
        for (int pass = 0; pass < maxPasses; pass++) {
            SeededOrder.shuffle(order, random);
            double before = codelength.codelength();
            boolean moved = false;
            for (int node : order) {
                visit++;
                int touchedCount = 0;
                for (int s = network.start(node); s < network.end(node); s++) {
                    int m = codelength.module(network.target(s));
                    if (stamp[m] != visit) {
                        stamp[m] = visit;
                        flowTo[m] = 0;
                        touched[touchedCount++] = m;
                    }
                    flowTo[m] += network.edgeFlow(s);
                }
                int current = codelength.module(node);
                double flowToCurrent = stamp[current] == visit ? flowTo[current] : 0;
                int best = current;
                double bestDelta = -MIN_IMPROVEMENT;
                for (int t = 0; t < touchedCount; t++) {
                    int m = touched[t];
                    if (m == current) {
                        continue;
                    }
                    double delta = codelength.deltaOfMove(node, m, flowToCurrent, flowTo[m]);
                    // Ties go to the smaller module id, so the outcome does not hang on the edge order.
                    boolean better = delta < bestDelta || (delta == bestDelta && best != current && m < best);
                    if (better && labels.allowed(itemsOfNode[node], m)) {
                        best = m;
                        bestDelta = delta;
                    }
                }
                if (best != current) {
                    codelength.move(node, best, flowToCurrent, flowTo[best]);
                    labels.move(itemsOfNode[node], best);
                    moved = true;
                }
            }
            movedAny |= moved;
            if (!moved || before - codelength.codelength() < MIN_IMPROVEMENT) {
                break;
            }
        }
        return movedAny;
    }
}
