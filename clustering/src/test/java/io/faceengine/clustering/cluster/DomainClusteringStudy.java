package io.faceengine.clustering.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.faceengine.clustering.cluster.LfwClusteringStudy.FaceSet;
import io.faceengine.clustering.eval.ClusteringScores;
import io.faceengine.clustering.graph.SimilarityGraph;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Development study, not a test: intra-set clustering across domains, with no per-domain tuning.
 * Each algorithm clusters every set of every domain over the threshold grid on the same kNN graph
 * (k and edge floor as configured); a domain's score at a threshold is the within-set BCubed
 * precision, recall and F1, averaged over its faces (as the evaluate command reports it). Reported:
 * <ul>
 *   <li>per domain, its own best threshold (an upper bound, tuned on that domain);</li>
 *   <li>transfer: the threshold best on one domain, scored on every other;</li>
 *   <li>leave one domain out: the threshold best on the mean of the other domains, scored on it;</li>
 *   <li>the single threshold best on the mean of all domains, and the one whose worst domain is
 *       best (what holds on every domain at once: the default to ship), each scored on every domain.</li>
 * </ul>
 *
 * <p>Input: one {@code name=embeddings.tsv} per domain (the evaluate command's
 * {@code --export-embeddings} format). Output: {@code domain-study.json} and a table on stdout.
 *
 * <p>Usage: {@code DomainClusteringStudy <output-dir> <name=embeddings.tsv>...}
 */
public final class DomainClusteringStudy {
    private static final float[] THRESHOLDS = LfwClusteringStudy.THRESHOLDS;

    private DomainClusteringStudy() {
    }

    /** An algorithm by report name, made for a threshold. */
    record Variant(String label, Function<Float, ClusteringAlgorithm> factory) {
    }

    /** Within-set scores of a domain at one threshold, averaged over its faces. */
    record DomainScore(double bcubedPrecision, double bcubedRecall, double bcubedF1, double pairwiseF1, int clusters,
                       int identities) {
    }

    static List<Variant> variants() {
        List<Variant> variants = new ArrayList<>();
        variants.add(new Variant(ChineseWhispers.NAME, ChineseWhispers::new));
        for (EdgeWeighting weighting : EdgeWeighting.values()) {
            String label = weighting == EdgeWeighting.COSINE ? Infomap.NAME : Infomap.NAME + "-" + weighting.label();
            variants.add(new Variant(label, t -> new Infomap(t, weighting)));
        }
        variants.add(new Variant(ThresholdComponents.NAME, ThresholdComponents::new));
        variants.add(new Variant(AverageLinkage.NAME, AverageLinkage::new));
        return variants;
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: DomainClusteringStudy <output-dir> <name=embeddings.tsv>...");
            System.exit(2);
        }
        Path out = Files.createDirectories(Path.of(args[0]));
        List<String> domains = new ArrayList<>();
        List<List<FaceSet>> setsOfDomain = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String[] nameAndPath = args[i].split("=", 2);
            domains.add(nameAndPath[0]);
            setsOfDomain.add(LfwClusteringStudy.read(Path.of(nameAndPath[1])));
        }
        List<Variant> variants = variants();
        // grid[variant][domain][threshold]
        DomainScore[][][] grid = new DomainScore[variants.size()][domains.size()][];
        for (int d = 0; d < domains.size(); d++) {
            List<FaceSet> sets = setsOfDomain.get(d);
            List<SimilarityGraph> graphs = new ArrayList<>();
            int faces = 0;
            for (FaceSet set : sets) {
                graphs.add(SimilarityGraph.fromNeighbours(LfwClusteringStudy.bruteForceNeighbours(set.vectors(),
                        Math.min(LfwClusteringStudy.K, set.size() - 1)), LfwClusteringStudy.MIN_EDGE));
                faces += set.size();
            }
            System.err.printf(Locale.ROOT, "%s: %d sets, %d faces%n", domains.get(d), sets.size(), faces);
            for (int v = 0; v < variants.size(); v++) {
                long started = System.nanoTime();
                grid[v][d] = new DomainScore[THRESHOLDS.length];
                for (int t = 0; t < THRESHOLDS.length; t++) {
                    grid[v][d][t] = domainScore(sets, graphs, variants.get(v).factory().apply(THRESHOLDS[t]));
                }
                System.err.printf(Locale.ROOT, "  %s %.1f s%n", variants.get(v).label(), (System.nanoTime() - started) / 1e9);
            }
        }

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("graph", Map.of("k", LfwClusteringStudy.K, "minEdgeSimilarity", LfwClusteringStudy.MIN_EDGE));
        report.put("domains", domains);
        Map<String, Object> byVariant = new LinkedHashMap<>();
        for (int v = 0; v < variants.size(); v++) {
            byVariant.put(variants.get(v).label(), summary(domains, grid[v]));
        }
        report.put("algorithms", byVariant);
        Map<String, Object> gridJson = new LinkedHashMap<>();
        for (int v = 0; v < variants.size(); v++) {
            Map<String, Object> perDomain = new LinkedHashMap<>();
            for (int d = 0; d < domains.size(); d++) {
                perDomain.put(domains.get(d), List.of(grid[v][d]));
            }
            gridJson.put(variants.get(v).label(), perDomain);
        }
        report.put("grid", gridJson);
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(out.resolve("domain-study.json").toFile(), report);
        printTables(domains, variants, grid);
    }

    static DomainScore domainScore(List<FaceSet> sets, List<SimilarityGraph> graphs, ClusteringAlgorithm algorithm) {
        double precision = 0;
        double recall = 0;
        double f1 = 0;
        double pairwise = 0;
        int clusters = 0;
        int identities = 0;
        int faces = 0;
        for (int s = 0; s < sets.size(); s++) {
            FaceSet set = sets.get(s);
            int[] labels = algorithm.cluster(graphs.get(s), CannotLink.byGroup(set.imageGroup()));
            ClusteringScores scores = LfwClusteringStudy.score(set, labels);
            precision += set.size() * scores.bcubedPrecision();
            recall += set.size() * scores.bcubedRecall();
            f1 += set.size() * scores.bcubedF1();
            pairwise += set.size() * scores.pairwiseF1();
            clusters += scores.predictedClusters();
            identities += scores.trueIdentities();
            faces += set.size();
        }
        return new DomainScore(precision / faces, recall / faces, f1 / faces, pairwise / faces, clusters, identities);
    }

    static Map<String, Object> summary(List<String> domains, DomainScore[][] grid) {
        Map<String, Object> result = new LinkedHashMap<>();
        Map<String, Object> own = new LinkedHashMap<>();
        Map<String, Object> transfer = new LinkedHashMap<>();
        Map<String, Object> leaveOneOut = new LinkedHashMap<>();
        for (int d = 0; d < domains.size(); d++) {
            int best = bestThreshold(grid, List.of(d));
            own.put(domains.get(d), point(best, grid[d][best]));
            Map<String, Object> on = new LinkedHashMap<>();
            for (int o = 0; o < domains.size(); o++) {
                on.put(domains.get(o), point(best, grid[o][best]));
            }
            transfer.put(domains.get(d), on);
            List<Integer> others = new ArrayList<>();
            for (int o = 0; o < domains.size(); o++) {
                if (o != d) {
                    others.add(o);
                }
            }
            if (!others.isEmpty()) {
                int chosen = bestThreshold(grid, others);
                leaveOneOut.put(domains.get(d), point(chosen, grid[d][chosen]));
            }
        }
        List<Integer> all = new ArrayList<>();
        for (int d = 0; d < domains.size(); d++) {
            all.add(d);
        }
        int single = bestThreshold(grid, all);
        Map<String, Object> atSingle = new LinkedHashMap<>();
        for (int d = 0; d < domains.size(); d++) {
            atSingle.put(domains.get(d), point(single, grid[d][single]));
        }
        int worstCase = bestWorstDomainThreshold(grid, all);
        Map<String, Object> atWorstCase = new LinkedHashMap<>();
        for (int d = 0; d < domains.size(); d++) {
            atWorstCase.put(domains.get(d), point(worstCase, grid[d][worstCase]));
        }
        result.put("ownBest", own);
        result.put("chosenOnOneDomain", transfer);
        result.put("leaveOneDomainOut", leaveOneOut);
        result.put("singleThreshold", Map.of("threshold", THRESHOLDS[single], "meanBcubedF1", meanF1(grid, all, single),
                "perDomain", atSingle));
        result.put("bestWorstDomain", Map.of("threshold", THRESHOLDS[worstCase],
                "worstBcubedF1", worstF1(grid, all, worstCase), "perDomain", atWorstCase));
        return result;
    }

    /**
     * The threshold with the best mean BCubed F1 over the given domains. On an easy domain many
     * thresholds tie (F1 = 1 over a wide range); the middle of the tied ones is taken, not an end,
     * so a threshold chosen there is not needlessly at the edge of what works.
     */
    static int bestThreshold(DomainScore[][] grid, List<Integer> domains) {
        return bestBy(t -> meanF1(grid, domains, t));
    }

    /** The threshold whose worst domain scores best: what holds on every domain at once. */
    static int bestWorstDomainThreshold(DomainScore[][] grid, List<Integer> domains) {
        return bestBy(t -> worstF1(grid, domains, t));
    }

    private static int bestBy(java.util.function.IntToDoubleFunction value) {
        double best = Double.NEGATIVE_INFINITY;
        for (int t = 0; t < THRESHOLDS.length; t++) {
            best = Math.max(best, value.applyAsDouble(t));
        }
        List<Integer> tied = new ArrayList<>();
        for (int t = 0; t < THRESHOLDS.length; t++) {
            if (value.applyAsDouble(t) == best) {
                tied.add(t);
            }
        }
        return tied.get((tied.size() - 1) / 2);
    }

    private static double worstF1(DomainScore[][] grid, List<Integer> domains, int t) {
        return domains.stream().mapToDouble(d -> grid[d][t].bcubedF1()).min().orElseThrow();
    }

    private static double meanF1(DomainScore[][] grid, List<Integer> domains, int t) {
        return domains.stream().mapToDouble(d -> grid[d][t].bcubedF1()).average().orElseThrow();
    }

    private static Map<String, Object> point(int t, DomainScore score) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("threshold", THRESHOLDS[t]);
        m.put("scores", score);
        return m;
    }

    private static void printTables(List<String> domains, List<Variant> variants, DomainScore[][][] grid) {
        List<Integer> all = new ArrayList<>();
        for (int d = 0; d < domains.size(); d++) {
            all.add(d);
        }
        System.out.println("Within-set BCubed F1 (P/R) per domain. own: that domain's best threshold; "
                + "LODO: threshold best on the other domains; single: one threshold best on the mean of all; "
                + "worst-case: one threshold whose worst domain is best.");
        for (int v = 0; v < variants.size(); v++) {
            DomainScore[][] g = grid[v];
            int single = bestThreshold(g, all);
            int worstCase = bestWorstDomainThreshold(g, all);
            System.out.printf(Locale.ROOT, "%s (single threshold: best mean %.4f @%.2f; best worst domain %.4f @%.2f)%n",
                    variants.get(v).label(), meanF1(g, all, single), THRESHOLDS[single], worstF1(g, all, worstCase),
                    THRESHOLDS[worstCase]);
            for (int d = 0; d < domains.size(); d++) {
                int own = bestThreshold(g, List.of(d));
                List<Integer> others = new ArrayList<>(all);
                others.remove(Integer.valueOf(d));
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-12s own %s", domains.get(d),
                        cell(own, g[d][own])));
                if (!others.isEmpty()) {
                    int lodo = bestThreshold(g, others);
                    line.append("  LODO ").append(cell(lodo, g[d][lodo]));
                }
                line.append("  single ").append(cell(single, g[d][single]));
                line.append("  worst-case ").append(cell(worstCase, g[d][worstCase]));
                line.append("  chosen here, F1 elsewhere:");
                for (int o = 0; o < domains.size(); o++) {
                    if (o != d) {
                        line.append(String.format(Locale.ROOT, " %s %.4f", domains.get(o), g[o][own].bcubedF1()));
                    }
                }
                System.out.println(line);
            }
        }
    }

    private static String cell(int t, DomainScore s) {
        return String.format(Locale.ROOT, "%.4f (%.3f/%.3f) @%.2f", s.bcubedF1(), s.bcubedPrecision(), s.bcubedRecall(),
                THRESHOLDS[t]);
    }
}
