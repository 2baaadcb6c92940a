package io.faceengine.clustering.cluster;

import io.faceengine.clustering.graph.SimilarityGraph;
import java.util.SplittableRandom;

/**
 * Infomap (Rosvall and Bergstrom 2008): the two-level partition of the similarity graph that
 * minimises the {@link MapEquation}, i.e. the modules in which a random walker along the kept
 * edges (cosine at or above the threshold, weighted as {@link EdgeWeighting} says) stays longest.
 * Unlike a fixed cut, how much a module must hold together follows from the flow around it, so a
 * tight group of faces and a looser one can both come out whole.
 *
 * <p>Search, as in the paper: every item starts alone; {@link ModuleMoves} moves nodes greedily
 * until no move pays, then each module becomes one node and the moves repeat one level up, until
 * a level merges nothing. Fine-tuning rounds then move single items again starting from the
 * modules found, and aggregate again, while the codelength still drops.
 *
 * <p>Cannot-link is honoured as in {@link ChineseWhispers}: a node moves only where
 * {@link CannotLinkLabels} allows all its items, and the final labels are each module's members
 * rejoined along kept edges under the constraints. Items without kept edges stay singletons.
 * Deterministic: the visiting order is a seeded shuffle.
 */
public final class Infomap implements ClusteringAlgorithm {
    public static final String NAME = "infomap";
    public static final int DEFAULT_MAX_PASSES = 100;
    public static final int DEFAULT_MAX_TUNE_ROUNDS = 10;
    public static final long DEFAULT_SEED = 0x1AF0_11A9L;

    private final float threshold;
    private final EdgeWeighting weighting;
    private final ModuleMoves moves;
    private final long seed;

    public Infomap(float threshold) {
        this(threshold, EdgeWeighting.COSINE);
    }

    public Infomap(float threshold, EdgeWeighting weighting) {
        this(threshold, weighting, DEFAULT_MAX_PASSES, DEFAULT_SEED);
    }

    public Infomap(float threshold, EdgeWeighting weighting, int maxPasses, long seed) {
        this.threshold = threshold;
        this.weighting = weighting;
        this.moves = new ModuleMoves(maxPasses);
        this.seed = seed;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int[] cluster(SimilarityGraph graph, CannotLink cannotLink) {
        cannotLink.requireSameItems(graph);
        FlowNetwork items = FlowNetwork.of(graph, threshold, weighting);
        int[] module = SeededOrder.identity(graph.items());
        if (!items.hasNoFlow()) {
            SplittableRandom random = new SplittableRandom(seed);
            double best = new MapEquation(items, module).codelength();
            for (int round = 0; round < DEFAULT_MAX_TUNE_ROUNDS; round++) {
                int[] tuned = optimise(items, module, cannotLink, random);
                double length = new MapEquation(items, tuned).codelength();
                if (!(length < best - ModuleMoves.MIN_IMPROVEMENT)) {
                    break;
                }
                best = length;
                module = tuned;
            }
        }
        return CannotLinkLabels.rejoinWithinLabels(graph, cannotLink, threshold, module);
    }

    /**
     * Moves items starting from {@code start} (a module per item), then modules of modules, until
     * a level merges nothing; returns each item's module, numbered 0..m-1.
     */
    private int[] optimise(FlowNetwork items, int[] start, CannotLink cannotLink, SplittableRandom random) {
        FlowNetwork network = items;
        int[] nodeOfItem = SeededOrder.identity(items.nodes());
        int[][] itemsOfNode = FlowNetwork.membersOf(nodeOfItem, items.nodes());
        int[] module = start.clone();
        while (true) {
            MapEquation codelength = new MapEquation(network, module);
            CannotLinkLabels labels = new CannotLinkLabels(cannotLink, moduleOfItems(nodeOfItem, module));
            moves.run(codelength, network, itemsOfNode, labels, random);
            int[] merged = ClusterLabels.canonical(codelength.modules());
            int modules = ClusterLabels.count(merged);
            for (int item = 0; item < nodeOfItem.length; item++) {
                nodeOfItem[item] = merged[nodeOfItem[item]];
            }
            if (modules == network.nodes()) {
                return nodeOfItem;
            }
            network = network.aggregate(merged, modules);
            itemsOfNode = FlowNetwork.membersOf(nodeOfItem, modules);
            module = SeededOrder.identity(modules);
        }
    }

    private static int[] moduleOfItems(int[] nodeOfItem, int[] moduleOfNode) {
        int[] out = new int[nodeOfItem.length];
        for (int item = 0; item < out.length; item++) {
            out[item] = moduleOfNode[nodeOfItem[item]];
        }
        return out;
    }
}
