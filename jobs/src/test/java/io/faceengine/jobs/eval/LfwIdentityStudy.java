package io.faceengine.jobs.eval;

import io.faceengine.clustering.cluster.SetClusterer;
import io.faceengine.clustering.cluster.SetClustering;
import io.faceengine.clustering.config.ClusteringSettings;
import io.faceengine.clustering.identity.RunIdentities;
import io.faceengine.clustering.identity.RunIdentityResolver;
import io.faceengine.jobs.eval.LabelledFaces.LabelledFace;
import io.faceengine.pipeline.config.ConfigLoader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Development study (not a test): tunes the dedup and acceptance settings on exported labelled
 * embeddings (evaluate --export-embeddings). The four sets are processed as one run, like the real
 * one. Identities are split in two halves by a hash of the name: settings are chosen on half A and
 * the chosen ones are scored on half B, which played no part in the choice.
 *
 * <p>Usage: LfwIdentityStudy EMBEDDINGS.tsv
 */
public final class LfwIdentityStudy {
    public static void main(String[] args) throws Exception {
        List<LabelledFace> faces = read(Path.of(args[0]));
        Map<String, List<LabelledFace>> bySet = new TreeMap<>();
        faces.forEach(f -> bySet.computeIfAbsent(f.setId(), k -> new ArrayList<>()).add(f));
        if (args.length > 1) {
            reasons(bySet, args[1].split(","));
            return;
        }
        System.out.println("autoMerge review nearBand minSize | A: idF accP accShare dedupP dedupR | B: idF accP accShare dedupP dedupR");
        for (String merge : List.of("0.60", "0.65", "0.70")) {
            for (String review : List.of("0.50", "0.55")) {
                for (String band : List.of("0.0", "0.05")) {
                    for (String minSize : List.of("1", "2", "3")) {
                        List<String> overrides = List.of("clustering.dedup.autoMergeThreshold=" + merge,
                                "clustering.dedup.reviewThreshold=" + review,
                                "clustering.review.uncertainty.nearThresholdBand=" + band,
                                "clustering.review.uncertainty.minAcceptSize=" + minSize);
                        ClusteringSettings settings = ClusteringSettings.fromTree(ConfigLoader.load(null, overrides).clustering());
                        Map<String, RunEvaluation.Assignment> assignments = run(settings, bySet);
                        System.out.printf(Locale.ROOT, "%s %s %s %s | %s | %s%n", merge, review, band, minSize,
                                score(faces, assignments, settings, 0), score(faces, assignments, settings, 1));
                    }
                }
            }
        }
    }

    /** Why clusters were not accepted, for the settings given as overrides. */
    static void reasons(Map<String, List<LabelledFace>> bySet, String[] overrides) {
        ClusteringSettings settings = ClusteringSettings.fromTree(ConfigLoader.load(null, List.of(overrides)).clustering());
        SetClusterer clusterer = new SetClusterer(settings);
        List<SetClustering> sets = new ArrayList<>();
        for (Map.Entry<String, List<LabelledFace>> set : bySet.entrySet()) {
            sets.add(clusterer.cluster(RunEvaluation.setFaces(set.getKey(), set.getValue())));
        }
        RunIdentities identities = new RunIdentityResolver(settings).resolve("study", sets, List.of(), (q, k, s) -> List.of(), "m");
        Map<String, Integer> counts = new TreeMap<>();
        int clusters = 0;
        for (SetClustering set : sets) {
            for (var c : set.clusters()) {
                clusters++;
                counts.merge("size=" + Math.min(c.size(), 4) + " ownAccepted=" + c.accepted() + " final="
                        + identities.acceptedCluster().get(c.clusterId()), 1, Integer::sum);
                c.reasons().forEach(r -> counts.merge("reason " + r, 1, Integer::sum));
            }
        }
        identities.reviewItems().forEach(q -> counts.merge("item " + q.kind() + " " + q.reasons(), 1, Integer::sum));
        java.util.Set<String> hardFaces = new java.util.HashSet<>();
        for (SetClustering set : sets) {
            set.hardExamples().forEach(h -> {
                hardFaces.add(h.faceA());
                hardFaces.add(h.faceB());
                counts.merge("hard " + h.kind(), 1, Integer::sum);
            });
        }
        counts.put("faces in a hard example", hardFaces.size());
        System.out.println(clusters + " clusters");
        counts.forEach((k, v) -> System.out.println(k + " " + v));
    }

    static Map<String, RunEvaluation.Assignment> run(ClusteringSettings settings, Map<String, List<LabelledFace>> bySet) {
        SetClusterer clusterer = new SetClusterer(settings);
        List<SetClustering> sets = new ArrayList<>();
        for (Map.Entry<String, List<LabelledFace>> set : bySet.entrySet()) {
            sets.add(clusterer.cluster(RunEvaluation.setFaces(set.getKey(), set.getValue())));
        }
        RunIdentities identities = new RunIdentityResolver(settings).resolve("study", sets, List.of(), (q, k, s) -> List.of(), "m");
        Map<String, RunEvaluation.Assignment> out = new HashMap<>();
        for (SetClustering set : sets) {
            for (int i = 0; i < set.faceIds().size(); i++) {
                String cluster = set.clusterIdOfFace().get(i);
                out.put(set.faceIds().get(i), new RunEvaluation.Assignment(cluster, identities.identityOfCluster().get(cluster),
                        identities.acceptedCluster().get(cluster)));
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static String score(List<LabelledFace> faces, Map<String, RunEvaluation.Assignment> assignments, ClusteringSettings settings,
                        int half) {
        List<LabelledFace> part = faces.stream().filter(f -> Math.floorMod(f.identity().hashCode(), 2) == half).toList();
        LabelledFaces.Collected collected = LabelledFaces.Collected.of(part);
        Map<String, Object> report = RunEvaluation.evaluate(collected, assignments, settings, List.of());
        Map<String, Object> ids = (Map<String, Object>) report.get("identities");
        Map<String, Object> accepted = (Map<String, Object>) report.get("autoAccepted");
        DedupScores dedup = (DedupScores) report.get("dedup");
        return String.format(Locale.ROOT, "%.4f %.4f %.3f %.4f %.4f", ids.get("bcubedF1"),
                ((Number) accepted.getOrDefault("pairwisePrecision", Double.NaN)).doubleValue(),
                ((Number) accepted.get("share")).doubleValue(), dedup.precision(), dedup.recall());
    }

    static List<LabelledFace> read(Path tsv) throws java.io.IOException {
        List<LabelledFace> faces = new ArrayList<>();
        List<String> lines = Files.readAllLines(tsv);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t");
            float[] v = new float[f.length - 4];
            for (int i = 4; i < f.length; i++) {
                v[i - 4] = Float.parseFloat(f[i]);
            }
            faces.add(new LabelledFace(f[0], f[1], f[2], f[3], v));
        }
        return faces;
    }
}
