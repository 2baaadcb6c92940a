package io.faceengine.clustering.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.faceengine.clustering.eval.ClusteringMetrics;
import io.faceengine.clustering.eval.ClusteringScores;
import io.faceengine.clustering.graph.Neighbours;
import io.faceengine.clustering.graph.SimilarityGraph;
import io.faceengine.clustering.graph.VectorSet;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Development study, not a test: intra-set clustering of the labelled LFW development faces with
 * each algorithm over a threshold grid, thresholds chosen leave-one-set-out (best mean BCubed F1
 * on three sets, scored on the fourth).
 *
 * <p>Input: a TSV with a header, then per face {@code face_id, image_id, set_id, identity} and the
 * embedding's values. Output directory receives {@code study.json} (held-out scores and the full
 * grid) and {@code labels.tsv} (labels per algorithm, set and threshold, faces in input order) so
 * a second implementation can be compared partition by partition.
 *
 * <p>Usage: {@code LfwClusteringStudy <embeddings.tsv> <output-dir>}
 */
public final class LfwClusteringStudy {
    static final int K = 20;
    static final float MIN_EDGE = 0.2f;
    /** Thresholds 0.10 .. 0.90 in steps of 0.01, from integers so every run sees identical floats. */
    static final float[] THRESHOLDS = grid(10, 90);
    /** Larger kNN graphs for average linkage, which counts a missing pair as similarity 0. */
    static final int[] EXTRA_AVERAGE_LINKAGE_K = {50, 100, 200};
    static final int ALL_PAIRS = -1;
    static final String[] METRICS = {"bcubedPrecision", "bcubedRecall", "bcubedF1",
        "pairwisePrecision", "pairwiseRecall", "pairwiseF1", "nmi", "clusters", "identities"};

    private LfwClusteringStudy() {
    }

    record FaceSet(String name, List<String> faceIds, List<String> identities, int[] imageGroup, VectorSet vectors) {
        int size() {
            return faceIds.size();
        }
    }

    /** An algorithm on one graph: a kNN graph with the edge floor, or (k = ALL_PAIRS) every pair. */
    record Variant(String label, String algorithm, int k) {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: LfwClusteringStudy <embeddings.tsv> <output-dir>");
            System.exit(2);
        }
        List<FaceSet> sets = read(Path.of(args[0]));
        Path out = Files.createDirectories(Path.of(args[1]));
        List<Variant> variants = new ArrayList<>();
        for (String name : ClusteringAlgorithms.names()) {
            variants.add(new Variant(name, name, K));
        }
        // Average linkage on every pair is the textbook method: it shows what the kNN graph costs.
        for (int k : EXTRA_AVERAGE_LINKAGE_K) {
            variants.add(new Variant(AverageLinkage.NAME + "-k" + k, AverageLinkage.NAME, k));
        }
        variants.add(new Variant(AverageLinkage.NAME + "-all-pairs", AverageLinkage.NAME, ALL_PAIRS));

        // grid[variant][set][threshold]
        Map<String, ClusteringScores[][]> grid = new LinkedHashMap<>();
        for (Variant v : variants) {
            grid.put(v.label(), new ClusteringScores[sets.size()][THRESHOLDS.length]);
        }
        try (BufferedWriter labelsOut = Files.newBufferedWriter(out.resolve("labels.tsv"), StandardCharsets.UTF_8)) {
            labelsOut.write("algorithm\tset_id\tthreshold\tlabels\n");
            for (int s = 0; s < sets.size(); s++) {
                FaceSet set = sets.get(s);
                Map<Integer, SimilarityGraph> graphs = new HashMap<>();
                for (Variant v : variants) {
                    graphs.computeIfAbsent(v.k(), k -> k == ALL_PAIRS
                            ? SimilarityGraph.fromNeighbours(bruteForceNeighbours(set.vectors(), set.size() - 1), Float.NEGATIVE_INFINITY)
                            : SimilarityGraph.fromNeighbours(bruteForceNeighbours(set.vectors(), k), MIN_EDGE));
                }
                // LFW has one labelled face per image, so these groups never bind; passed as the job would.
                CannotLink cannotLink = CannotLink.byGroup(set.imageGroup());
                System.err.printf(Locale.ROOT, "%s: %d faces, %d identities, kNN graph %d edges%n",
                        set.name(), set.size(), distinct(set.identities()), graphs.get(K).edges());
                for (Variant v : variants) {
                    for (int t = 0; t < THRESHOLDS.length; t++) {
                        int[] labels = ClusteringAlgorithms.create(v.algorithm(), THRESHOLDS[t])
                                .cluster(graphs.get(v.k()), cannotLink);
                        grid.get(v.label())[s][t] = score(set, labels);
                        labelsOut.write(v.label() + "\t" + set.name() + "\t" + format(THRESHOLDS[t]) + "\t" + join(labels) + "\n");
                    }
                }
            }
        }

        Map<String, Object> report = new LinkedHashMap<>();
        report.put("graph", Map.of("k", K, "minEdgeSimilarity", MIN_EDGE));
        report.put("thresholds", floats(THRESHOLDS));
        Map<String, Object> byVariant = new LinkedHashMap<>();
        for (Variant v : variants) {
            byVariant.put(v.label(), leaveOneSetOut(sets, grid.get(v.label())));
        }
        report.put("algorithms", byVariant);
        Map<String, Object> gridJson = new LinkedHashMap<>();
        for (Variant v : variants) {
            Map<String, Object> perSet = new LinkedHashMap<>();
            for (int s = 0; s < sets.size(); s++) {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (int t = 0; t < THRESHOLDS.length; t++) {
                    rows.add(asMap(grid.get(v.label())[s][t]));
                }
                perSet.put(sets.get(s).name(), rows);
            }
            gridJson.put(v.label(), perSet);
        }
        report.put("grid", gridJson);
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(out.resolve("study.json").toFile(), report);
        printTable(byVariant);
    }

    /** Per held-out set: the threshold with the best mean BCubed F1 on the other sets, scored there. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> leaveOneSetOut(List<FaceSet> sets, ClusteringScores[][] grid) {
        List<Map<String, Object>> folds = new ArrayList<>();
        Map<String, double[]> heldOut = new LinkedHashMap<>();
        for (String metric : METRICS) {
            heldOut.put(metric, new double[sets.size()]);
        }
        for (int h = 0; h < sets.size(); h++) {
            int best = bestThreshold(grid, h);
            Map<String, Object> scores = asMap(grid[h][best]);
            Map<String, Object> fold = new LinkedHashMap<>();
            fold.put("heldOut", sets.get(h).name());
            fold.put("threshold", THRESHOLDS[best]);
            fold.put("scores", scores);
            folds.add(fold);
            for (String metric : METRICS) {
                heldOut.get(metric)[h] = ((Number) scores.get(metric)).doubleValue();
            }
        }
        Map<String, Object> mean = new LinkedHashMap<>();
        Map<String, Object> sd = new LinkedHashMap<>();
        for (String metric : METRICS) {
            double[] values = heldOut.get(metric);
            mean.put(metric, Arrays.stream(values).average().orElseThrow());
            sd.put(metric, sampleSd(values));
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("folds", folds);
        result.put("heldOutMean", mean);
        result.put("heldOutSd", sd);
        // The default to ship: best mean BCubed F1 over all four sets.
        result.put("thresholdAllSets", THRESHOLDS[bestThreshold(grid, -1)]);
        return result;
    }

    /** Best mean BCubed F1 over every set except {@code heldOut} (-1: all sets); the lowest threshold on ties. */
    static int bestThreshold(ClusteringScores[][] grid, int heldOut) {
        int best = -1;
        double bestMean = Double.NEGATIVE_INFINITY;
        for (int t = 0; t < THRESHOLDS.length; t++) {
            double sum = 0;
            int count = 0;
            for (int s = 0; s < grid.length; s++) {
                if (s != heldOut) {
                    sum += grid[s][t].bcubedF1();
                    count++;
                }
            }
            if (sum / count > bestMean) {
                bestMean = sum / count;
                best = t;
            }
        }
        return best;
    }

    static ClusteringScores score(FaceSet set, int[] labels) {
        Map<String, String> truth = new HashMap<>();
        Map<String, String> predicted = new HashMap<>();
        for (int i = 0; i < set.size(); i++) {
            truth.put(set.faceIds().get(i), set.identities().get(i));
            predicted.put(set.faceIds().get(i), Integer.toString(labels[i]));
        }
        return ClusteringMetrics.evaluate(truth, predicted);
    }

    /** Exact k nearest other rows by cosine similarity; ties by smaller id so the graph is reproducible. */
    static Neighbours bruteForceNeighbours(VectorSet vectors, int k) {
        int n = vectors.size();
        int[] ids = new int[n * k];
        float[] sims = new float[n * k];
        Integer[] order = new Integer[n];
        float[] row = new float[n];
        for (int q = 0; q < n; q++) {
            for (int j = 0; j < n; j++) {
                row[j] = vectors.similarity(q, j);
                order[j] = j;
            }
            int query = q;
            Arrays.sort(order, (x, y) -> {
                if (x == query || y == query) {
                    return x == query ? (y == query ? 0 : 1) : -1;
                }
                int bySim = Float.compare(row[y], row[x]);
                return bySim != 0 ? bySim : Integer.compare(x, y);
            });
            for (int r = 0; r < k; r++) {
                boolean present = r < n - 1;
                ids[q * k + r] = present ? order[r] : -1;
                sims[q * k + r] = present ? row[order[r]] : Float.NaN;
            }
        }
        return new Neighbours(n, k, ids, sims);
    }

    static List<FaceSet> read(Path tsv) throws IOException {
        Map<String, List<String[]>> rowsBySet = new TreeMap<>();
        List<String> lines = Files.readAllLines(tsv, StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.split("\t");
            rowsBySet.computeIfAbsent(fields[2], unused -> new ArrayList<>()).add(fields);
        }
        List<FaceSet> sets = new ArrayList<>();
        for (Map.Entry<String, List<String[]>> entry : rowsBySet.entrySet()) {
            List<String[]> rows = entry.getValue();
            int dimension = rows.get(0).length - 4;
            float[] values = new float[rows.size() * dimension];
            List<String> faceIds = new ArrayList<>();
            List<String> identities = new ArrayList<>();
            int[] imageGroup = new int[rows.size()];
            Map<String, Integer> imageIndex = new HashMap<>();
            for (int i = 0; i < rows.size(); i++) {
                String[] fields = rows.get(i);
                if (fields.length - 4 != dimension) {
                    throw new IOException("face " + fields[0] + " has " + (fields.length - 4) + " values, expected " + dimension);
                }
                faceIds.add(fields[0]);
                imageGroup[i] = imageIndex.computeIfAbsent(fields[1], unused -> imageIndex.size());
                identities.add(fields[3]);
                for (int c = 0; c < dimension; c++) {
                    values[i * dimension + c] = Float.parseFloat(fields[4 + c]);
                }
            }
            sets.add(new FaceSet(entry.getKey(), faceIds, identities, imageGroup,
                    VectorSet.normalised(rows.size(), dimension, values)));
        }
        return sets;
    }

    private static void printTable(Map<String, Object> byVariant) {
        System.out.printf(Locale.ROOT, "%-28s %-14s %-14s %-14s %-14s %-14s %-14s %-14s %-9s %s%n", "held-out mean±sd",
                "BCubed P", "BCubed R", "BCubed F1", "pair P", "pair R", "pair F1", "NMI", "clust/id", "thresholds (fold; all)");
        for (Map.Entry<String, Object> entry : byVariant.entrySet()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> r = (Map<String, Object>) entry.getValue();
            @SuppressWarnings("unchecked")
            Map<String, Object> mean = (Map<String, Object>) r.get("heldOutMean");
            @SuppressWarnings("unchecked")
            Map<String, Object> sd = (Map<String, Object>) r.get("heldOutSd");
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-28s", entry.getKey()));
            for (String metric : List.of("bcubedPrecision", "bcubedRecall", "bcubedF1", "pairwisePrecision",
                    "pairwiseRecall", "pairwiseF1", "nmi")) {
                line.append(String.format(Locale.ROOT, " %.4f±%.4f ", (double) mean.get(metric), (double) sd.get(metric)));
            }
            line.append(String.format(Locale.ROOT, " %.0f/%.0f ", (double) mean.get("clusters"), (double) mean.get("identities")));
            StringBuilder thresholds = new StringBuilder();
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> folds = (List<Map<String, Object>>) r.get("folds");
            for (Map<String, Object> fold : folds) {
                thresholds.append(format((float) fold.get("threshold"))).append(' ');
            }
            line.append(thresholds).append("; ").append(format((float) r.get("thresholdAllSets")));
            System.out.println(line);
        }
    }

    private static Map<String, Object> asMap(ClusteringScores s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bcubedPrecision", s.bcubedPrecision());
        m.put("bcubedRecall", s.bcubedRecall());
        m.put("bcubedF1", s.bcubedF1());
        m.put("pairwisePrecision", s.pairwisePrecision());
        m.put("pairwiseRecall", s.pairwiseRecall());
        m.put("pairwiseF1", s.pairwiseF1());
        m.put("nmi", s.nmi());
        m.put("clusters", s.predictedClusters());
        m.put("identities", s.trueIdentities());
        return m;
    }

    private static double sampleSd(double[] values) {
        double mean = Arrays.stream(values).average().orElseThrow();
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        return values.length < 2 ? 0 : Math.sqrt(squares / (values.length - 1));
    }

    private static float[] grid(int fromHundredths, int toHundredths) {
        float[] grid = new float[toHundredths - fromHundredths + 1];
        for (int i = 0; i < grid.length; i++) {
            grid[i] = (fromHundredths + i) / 100f;
        }
        return grid;
    }

    private static List<Float> floats(float[] values) {
        List<Float> list = new ArrayList<>();
        for (float v : values) {
            list.add(v);
        }
        return list;
    }

    private static String format(float threshold) {
        return String.format(Locale.ROOT, "%.2f", threshold);
    }

    private static String join(int[] labels) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < labels.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(labels[i]);
        }
        return sb.toString();
    }

    private static int distinct(List<String> values) {
        return (int) values.stream().distinct().count();
    }
}
