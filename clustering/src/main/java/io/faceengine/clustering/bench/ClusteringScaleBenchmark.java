package io.faceengine.clustering.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import io.faceengine.clustering.bench.PhaseMeter.Measured;
import io.faceengine.clustering.bench.PhaseMeter.Phase;
import io.faceengine.clustering.cluster.ClusteringAlgorithm;
import io.faceengine.clustering.cluster.ClusteringAlgorithms;
import io.faceengine.clustering.eval.ClusteringMetrics;
import io.faceengine.clustering.eval.ClusteringScores;
import io.faceengine.clustering.graph.ExactCosineKnn;
import io.faceengine.clustering.graph.HnswParameters;
import io.faceengine.clustering.graph.NeighbourIndex;
import io.faceengine.clustering.graph.NeighbourIndexOptions;
import io.faceengine.clustering.graph.NeighbourIndexes;
import io.faceengine.clustering.graph.Neighbours;
import io.faceengine.clustering.graph.SimilarityGraph;
import io.faceengine.clustering.graph.VectorSet;
import io.faceengine.clustering.synthetic.SyntheticFaces;
import io.faceengine.clustering.synthetic.SyntheticIdentities;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How the clustering path scales: for each size, synthetic faces are indexed, turned into a kNN
 * similarity graph and clustered by every registered algorithm, each phase timed and measured
 * for memory, and every clustering scored against the true identities so speed is never read
 * without quality. Above the exact-search limit the approximate index's recall is measured against
 * exact search (all rows when the exact search fits its time budget, a sample otherwise).
 *
 * <p>Options ({@code --name value}): sizes (100000,1000000), dimension (192), k (10),
 * min-similarity (0.3), threshold (0.5), threads (0 = all processors), seed (1), exact-max-size
 * (50000), hnsw-m / hnsw-ef-construction / hnsw-ef (16/200/100), exact-budget-seconds (600),
 * recall-sample (2000), out-dir (.install/bench).
 */
public final class ClusteringScaleBenchmark {
    /** Exact search is timed on this many rows to predict its cost at larger sizes (it grows with n²). */
    private static final int EXACT_PROBE_ROWS = 20_000;

    private ClusteringScaleBenchmark() {
    }

    record Settings(List<Integer> sizes, int dimension, int k, float minSimilarity, float threshold, int threads,
                    long seed, NeighbourIndexOptions index, double exactBudgetSeconds, int recallSample, String outDir) {
    }

    record Quality(int clusters, double bcubedPrecision, double bcubedRecall, double bcubedF1, double pairwiseF1, double nmi) {
        static Quality of(ClusteringScores s) {
            return new Quality(s.predictedClusters(), s.bcubedPrecision(), s.bcubedRecall(), s.bcubedF1(), s.pairwiseF1(), s.nmi());
        }
    }

    record AlgorithmRun(String algorithm, float threshold, Phase clustering, Quality quality) {
    }

    /** Share of exact top-k entries found, overall and among entries at or above two similarity floors. */
    record Recall(String over, int queries, double atK, double atMinSimilarity, double atThreshold) {
    }

    record ExactComparison(String status, Double predictedSeconds, Phase search, Phase graph, Long edges,
                           List<AlgorithmRun> clustering) {
    }

    record SizeRun(int faces, int identities, int photos, String index, Phase generate, Phase indexBuild,
                   Phase knnSearch, Phase graph, double graphBuildSeconds, long edges, Recall recall,
                   List<AlgorithmRun> clustering, ExactComparison exact) {
    }

    record Report(String startedUtc, Map<String, Object> environment, Settings settings, List<SizeRun> runs,
                  Map<String, Double> growthExponents, String note) {
    }

    public static void main(String[] args) throws IOException {
        Settings settings = parse(args);
        String started = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"));
        List<SizeRun> runs = new ArrayList<>();
        for (int size : settings.sizes()) {
            log("size " + size);
            runs.add(runSize(settings, size));
        }
        Report report = new Report(started, environment(), settings, runs, growth(runs),
                "times in seconds, memory in MiB; live heap = used heap after a full collection; "
                        + "growth exponent = log(t2/t1)/log(n2/n1) between consecutive sizes");
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        String text = json.writeValueAsString(report);
        Path dir = Path.of(settings.outDir());
        Files.createDirectories(dir);
        Path file = dir.resolve("clustering-" + started + ".json");
        Files.writeString(file, text);
        System.out.println(text);
        log("report saved to " + file);
    }

    private static SizeRun runSize(Settings s, int size) {
        Measured<SyntheticFaces> generated = PhaseMeter.measure(
                () -> SyntheticIdentities.defaults(s.seed()).withDimension(s.dimension()).generate(size));
        SyntheticFaces faces = generated.result();
        log("generated " + faces.identities() + " identities in " + round(generated.phase().seconds()) + " s");

        Measured<NeighbourIndex> built = PhaseMeter.measure(() -> NeighbourIndexes.build(faces.vectors(), s.index()));
        NeighbourIndex index = built.result();
        String indexName = index.getClass().getSimpleName();
        log(indexName + " built in " + round(built.phase().seconds()) + " s");
        Measured<Neighbours> searched = PhaseMeter.measure(() -> index.selfNeighbours(s.k()));
        log("kNN search in " + round(searched.phase().seconds()) + " s");
        Measured<SimilarityGraph> graphed = PhaseMeter.measure(
                () -> SimilarityGraph.fromNeighbours(searched.result(), s.minSimilarity()));
        SimilarityGraph graph = graphed.result();
        log("graph of " + graph.edges() + " edges in " + round(graphed.phase().seconds()) + " s");
        double graphSeconds = built.phase().seconds() + searched.phase().seconds() + graphed.phase().seconds();

        List<AlgorithmRun> clustering = clusterAll(s, faces, graph);
        ExactComparison exact = null;
        Recall recall = null;
        if (!(index instanceof ExactCosineKnn)) {
            ExactRun exactRun = exactComparison(s, faces);
            exact = exactRun.report();
            recall = exactRun.neighbours() != null
                    ? recall("all rows", exactRun.neighbours(), searched.result(), allRows(size), s)
                    : sampledRecall(s, faces.vectors(), searched.result());
        }
        return new SizeRun(size, faces.identities(), distinct(faces.photo()), indexName, generated.phase(), built.phase(),
                searched.phase(), graphed.phase(), graphSeconds, graph.edges(), recall, clustering, exact);
    }

    /** The exact comparison's report and, when it ran, its neighbours (for recall over every row). */
    private record ExactRun(ExactComparison report, Neighbours neighbours) {
    }

    private static List<AlgorithmRun> clusterAll(Settings s, SyntheticFaces faces, SimilarityGraph graph) {
        List<AlgorithmRun> runs = new ArrayList<>();
        Map<String, String> truth = faces.trueLabels();
        for (String name : ClusteringAlgorithms.names()) {
            ClusteringAlgorithm algorithm = ClusteringAlgorithms.create(name, s.threshold());
            Measured<int[]> clustered = PhaseMeter.measure(() -> algorithm.cluster(graph, faces.cannotLink()));
            ClusteringScores scores = ClusteringMetrics.evaluate(truth, faces.keyed(clustered.result()));
            log(name + " in " + round(clustered.phase().seconds()) + " s, BCubed F " + round(scores.bcubedF1()));
            runs.add(new AlgorithmRun(name, s.threshold(), clustered.phase(), Quality.of(scores)));
        }
        return runs;
    }

    /** Exact search at this size when its predicted time fits the budget, with clustering on its graph. */
    private static ExactRun exactComparison(Settings s, SyntheticFaces faces) {
        VectorSet vectors = faces.vectors();
        int probeRows = Math.min(vectors.size(), EXACT_PROBE_ROWS);
        VectorSet probe = VectorSet.normalised(probeRows, vectors.dimension(),
                Arrays.copyOf(vectors.values(), probeRows * vectors.dimension()));
        long start = System.nanoTime();
        new ExactCosineKnn(probe, s.threads()).selfNeighbours(s.k());
        double probeSeconds = (System.nanoTime() - start) / 1e9;
        double predicted = probeSeconds * Math.pow((double) vectors.size() / probeRows, 2);
        if (predicted > s.exactBudgetSeconds()) {
            log("exact search skipped: predicted " + round(predicted) + " s");
            return new ExactRun(new ExactComparison("skipped: predicted time over budget", predicted, null, null, null, List.of()), null);
        }
        Measured<Neighbours> searched = PhaseMeter.measure(() -> new ExactCosineKnn(vectors, s.threads()).selfNeighbours(s.k()));
        log("exact kNN search in " + round(searched.phase().seconds()) + " s (predicted " + round(predicted) + ")");
        Measured<SimilarityGraph> graphed = PhaseMeter.measure(
                () -> SimilarityGraph.fromNeighbours(searched.result(), s.minSimilarity()));
        ExactComparison report = new ExactComparison("ran", predicted, searched.phase(), graphed.phase(),
                (long) graphed.result().edges(), clusterAll(s, faces, graphed.result()));
        return new ExactRun(report, searched.result());
    }

    /** Exact neighbours of evenly spaced rows, found by searching the whole base for each. */
    private static Recall sampledRecall(Settings s, VectorSet vectors, Neighbours approximate) {
        int n = vectors.size();
        int sample = Math.min(n, s.recallSample());
        int[] rows = new int[sample];
        float[] values = new float[sample * vectors.dimension()];
        for (int i = 0; i < sample; i++) {
            rows[i] = (int) ((long) i * n / sample);
            System.arraycopy(vectors.values(), rows[i] * vectors.dimension(), values, i * vectors.dimension(), vectors.dimension());
        }
        Neighbours withSelf = new ExactCosineKnn(vectors, s.threads())
                .nearest(VectorSet.normalised(sample, vectors.dimension(), values), s.k() + 1);
        int[] ids = new int[sample * s.k()];
        float[] sims = new float[ids.length];
        for (int i = 0; i < sample; i++) {
            int out = 0;
            for (int r = 0; r <= s.k() && out < s.k(); r++) {
                if (withSelf.id(i, r) != rows[i]) {
                    ids[i * s.k() + out] = withSelf.id(i, r);
                    sims[i * s.k() + out++] = withSelf.similarity(i, r);
                }
            }
        }
        return recall(sample + " sampled rows", new Neighbours(sample, s.k(), ids, sims), approximate, rows, s);
    }

    /** truth row i holds the exact neighbours of base row rows[i]. */
    private static Recall recall(String over, Neighbours truth, Neighbours approximate, int[] rows, Settings s) {
        long[] hits = new long[3];
        long[] totals = new long[3];
        float[] floors = {Float.NEGATIVE_INFINITY, s.minSimilarity(), s.threshold()};
        for (int i = 0; i < rows.length; i++) {
            Set<Integer> found = new HashSet<>();
            for (int r = 0; r < approximate.k(); r++) {
                found.add(approximate.id(rows[i], r));
            }
            for (int r = 0; r < truth.k(); r++) {
                boolean hit = found.contains(truth.id(i, r));
                for (int f = 0; f < floors.length; f++) {
                    if (truth.similarity(i, r) >= floors[f]) {
                        totals[f]++;
                        hits[f] += hit ? 1 : 0;
                    }
                }
            }
        }
        return new Recall(over, rows.length, ratio(hits[0], totals[0]), ratio(hits[1], totals[1]), ratio(hits[2], totals[2]));
    }

    private static Map<String, Double> growth(List<SizeRun> runs) {
        Map<String, Double> exponents = new LinkedHashMap<>();
        for (int i = 1; i < runs.size(); i++) {
            SizeRun a = runs.get(i - 1);
            SizeRun b = runs.get(i);
            String span = a.faces() + "->" + b.faces();
            double scale = Math.log((double) b.faces() / a.faces());
            exponents.put("graph " + span, Math.log(b.graphBuildSeconds() / a.graphBuildSeconds()) / scale);
            for (int j = 0; j < Math.min(a.clustering().size(), b.clustering().size()); j++) {
                exponents.put(a.clustering().get(j).algorithm() + " " + span,
                        Math.log(b.clustering().get(j).clustering().seconds() / a.clustering().get(j).clustering().seconds()) / scale);
            }
        }
        return exponents;
    }

    private static Map<String, Object> environment() {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("processors", Runtime.getRuntime().availableProcessors());
        env.put("maxHeapMb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        env.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        env.put("blas", BLAS.getInstance().getClass().getSimpleName());
        env.put("javaBlas", JavaBLAS.getInstance().getClass().getSimpleName());
        env.put("loadAverageAtStart", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        env.put("rssPeakPerPhase", PhaseMeter.RSS_PEAK_PER_PHASE);
        return env;
    }

    private static Settings parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got '" + args[i] + "'");
            }
            options.put(args[i].substring(2), args[++i]);
        }
        Set<String> known = Set.of("sizes", "dimension", "k", "min-similarity", "threshold", "threads", "seed",
                "exact-max-size", "hnsw-m", "hnsw-ef-construction", "hnsw-ef", "exact-budget-seconds", "recall-sample", "out-dir");
        for (String name : options.keySet()) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name + "; known: " + known);
            }
        }
        List<Integer> sizes = Arrays.stream(options.getOrDefault("sizes", "100000,1000000").split(","))
                .map(String::trim).map(Integer::parseInt).toList();
        int threads = Integer.parseInt(options.getOrDefault("threads", "0"));
        HnswParameters hnsw = new HnswParameters(
                Integer.parseInt(options.getOrDefault("hnsw-m", String.valueOf(HnswParameters.DEFAULTS.m()))),
                Integer.parseInt(options.getOrDefault("hnsw-ef-construction", String.valueOf(HnswParameters.DEFAULTS.efConstruction()))),
                Integer.parseInt(options.getOrDefault("hnsw-ef", String.valueOf(HnswParameters.DEFAULTS.ef()))));
        NeighbourIndexOptions index = new NeighbourIndexOptions(
                Integer.parseInt(options.getOrDefault("exact-max-size", String.valueOf(NeighbourIndexOptions.DEFAULTS.exactMaxSize()))),
                threads, hnsw);
        return new Settings(sizes,
                Integer.parseInt(options.getOrDefault("dimension", "192")),
                Integer.parseInt(options.getOrDefault("k", "10")),
                Float.parseFloat(options.getOrDefault("min-similarity", "0.3")),
                Float.parseFloat(options.getOrDefault("threshold", "0.5")),
                threads,
                Long.parseLong(options.getOrDefault("seed", "1")),
                index,
                Double.parseDouble(options.getOrDefault("exact-budget-seconds", "600")),
                Integer.parseInt(options.getOrDefault("recall-sample", "2000")),
                options.getOrDefault("out-dir", ".install/bench"));
    }

    private static int[] allRows(int n) {
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }
        return rows;
    }

    private static int distinct(int[] values) {
        return (int) Arrays.stream(values).distinct().count();
    }

    private static double ratio(long hits, long total) {
        return total == 0 ? Double.NaN : (double) hits / total;
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    private static void log(String message) {
        System.err.println("[clustering-bench] " + message);
    }
}
