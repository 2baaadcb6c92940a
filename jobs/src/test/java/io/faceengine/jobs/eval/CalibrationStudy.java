package io.faceengine.jobs.eval;

import io.faceengine.clustering.calibration.DedupCalibration;
import io.faceengine.clustering.calibration.DedupCalibrator;
import io.faceengine.clustering.calibration.PairEvidence;
import io.faceengine.clustering.calibration.SetCalibration;
import io.faceengine.clustering.calibration.SetCalibrations;
import io.faceengine.clustering.calibration.SetCalibrator;
import io.faceengine.clustering.calibration.SetEvidence;
import io.faceengine.clustering.cluster.ClusterSummary;
import io.faceengine.clustering.cluster.SetClusterer;
import io.faceengine.clustering.cluster.SetClustering;
import io.faceengine.clustering.config.ClusteringSettings;
import io.faceengine.clustering.decision.SetConstraints;
import io.faceengine.clustering.identity.RunIdentities;
import io.faceengine.clustering.identity.RunIdentityResolver;
import io.faceengine.jobs.eval.LabelledFaces.LabelledFace;
import io.faceengine.pipeline.config.ConfigLoader;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Development study (not a test): the calibrated run on exported labelled embeddings (evaluate
 * --export-embeddings) of one domain, all its sets as one run, without a registry. Prints the
 * thresholds chosen, the estimated precision of what was accepted and the realised figures.
 * The embeddings hold only labelled faces, so same-photo pairs (background faces) are missing.
 *
 * <p>Usage: CalibrationStudy EMBEDDINGS.tsv [config overrides...]
 */
public final class CalibrationStudy {
    public static void main(String[] args) throws Exception {
        List<LabelledFace> faces = LfwIdentityStudy.read(Path.of(args[0]));
        List<String> overrides = new ArrayList<>(List.of("clustering.calibration.enabled=true"));
        overrides.addAll(List.of(args).subList(1, args.length));
        ClusteringSettings settings = ClusteringSettings.fromTree(ConfigLoader.load(null, overrides).clustering());
        Map<String, List<LabelledFace>> bySet = new TreeMap<>();
        faces.forEach(f -> bySet.computeIfAbsent(f.setId(), k -> new ArrayList<>()).add(f));

        SetEvidence evidence = new SetEvidence(settings.calibration(), settings.index());
        Map<String, PairEvidence> evidenceOfSet = new TreeMap<>();
        bySet.forEach((set, members) -> evidenceOfSet.put(set, evidence.collect(RunEvaluation.setFaces(set, members), SetConstraints.NONE)));
        SetCalibrator.Result calibrated = new SetCalibrator(settings.calibration(), settings.clustering().threshold()).calibrate(evidenceOfSet);
        for (SetCalibration c : calibrated.sets().values()) {
            System.out.printf(Locale.ROOT, "%s %s t=%.3f review=%.3f %s%n", c.setId(), c.source(), c.threshold(), c.reviewFrom(),
                    c.mixture() == null ? c.fallback() : c.mixture().toString());
        }
        SetClusterer clusterer = new SetClusterer(settings, new SetCalibrations(calibrated.sets(), settings.calibration().acceptPrecision()));
        List<SetClustering> sets = new ArrayList<>();
        bySet.forEach((set, members) -> sets.add(clusterer.cluster(RunEvaluation.setFaces(set, members))));
        DedupCalibration dedup = new DedupCalibrator(settings.calibration(), settings.index()).calibrate(
                sets.stream().flatMap(s -> s.clusters().stream()).toList(), settings.dedup(),
                settings.dedup().autoMergeThreshold() + settings.uncertainty().nearThresholdBand());
        System.out.printf(Locale.ROOT, "dedup %s auto=%.3f review=%.3f sure=%.3f %s%n", dedup.source(), dedup.autoMerge(), dedup.review(),
                dedup.sureMerge(), dedup.fallback() != null ? dedup.fallback() : dedup.fit().mixture());
        RunIdentities identities = new RunIdentityResolver(settings.withDedup(dedup.apply(settings.dedup())), dedup.sureMerge())
                .resolve("study", sets, List.of(), (q, k, s) -> List.of(), "m");

        Map<String, RunEvaluation.Assignment> assignments = new HashMap<>();
        double expectedRight = 0;
        long accepted = 0;
        for (SetClustering set : sets) {
            for (int i = 0; i < set.faceIds().size(); i++) {
                String cluster = set.clusterIdOfFace().get(i);
                assignments.put(set.faceIds().get(i), new RunEvaluation.Assignment(cluster, identities.identityOfCluster().get(cluster),
                        identities.acceptedCluster().get(cluster)));
            }
            for (ClusterSummary c : set.clusters()) {
                if (identities.acceptedCluster().get(c.clusterId())) {
                    accepted += c.size();
                    expectedRight += c.size() * c.estimatedPrecision();
                }
            }
        }
        if (System.getenv("DIAG") != null) {
            diagnose(faces, sets, identities);
        }
        LabelledFaces.Collected collected = LabelledFaces.Collected.of(faces);
        Map<String, Object> report = RunEvaluation.evaluate(collected, assignments, settings, List.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> ids = (Map<String, Object>) report.get("identities");
        @SuppressWarnings("unchecked")
        Map<String, Object> share = (Map<String, Object>) report.get("autoAccepted");
        DedupScores d = (DedupScores) report.get("dedup");
        System.out.printf(Locale.ROOT, "F %.4f (P %.4f R %.4f) | accepted share %.3f labelP %.4f estimated %.4f | dedup P %.3f R %.3f (%d/%d) | clusters %d%n",
                number(ids, "bcubedF1"), number(ids, "bcubedPrecision"), number(ids, "bcubedRecall"), ((Number) share.get("share")).doubleValue(),
                ((Number) share.getOrDefault("labelPrecision", Double.NaN)).doubleValue(), expectedRight / Math.max(1, accepted),
                d.precision(), d.recall(), d.mergedCorrectly(), d.clusterPairsTrulySame(), (int) number(ids, "predictedClusters"));
    }

    private static double number(Map<String, Object> fields, String name) {
        return ((Number) fields.get(name)).doubleValue();
    }

    /** Unmerged one-person cluster pairs of different sets (centroid cosine, sizes) and why clusters were not accepted. */
    private static void diagnose(List<LabelledFace> faces, List<SetClustering> sets, RunIdentities identities) {
        Map<String, String> truthOfFace = new HashMap<>();
        faces.forEach(f -> truthOfFace.put(f.faceId(), f.identity()));
        Map<String, String> majority = new HashMap<>();
        List<ClusterSummary> all = new ArrayList<>();
        for (SetClustering set : sets) {
            Map<String, Map<String, Integer>> votes = new HashMap<>();
            for (int i = 0; i < set.faceIds().size(); i++) {
                votes.computeIfAbsent(set.clusterIdOfFace().get(i), k -> new HashMap<>()).merge(truthOfFace.get(set.faceIds().get(i)), 1, Integer::sum);
            }
            votes.forEach((c, v) -> majority.put(c, v.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey()));
            all.addAll(set.clusters());
        }
        Map<String, Integer> hist = new TreeMap<>();
        for (int a = 0; a < all.size(); a++) {
            for (int b = a + 1; b < all.size(); b++) {
                ClusterSummary x = all.get(a);
                ClusterSummary y = all.get(b);
                if (x.setId().equals(y.setId()) || !majority.get(x.clusterId()).equals(majority.get(y.clusterId()))) {
                    continue;
                }
                if (!identities.identityOfCluster().get(x.clusterId()).equals(identities.identityOfCluster().get(y.clusterId()))) {
                    double cos = 0;
                    for (int j = 0; j < x.centroid().length; j++) {
                        cos += x.centroid()[j] * y.centroid()[j];
                    }
                    hist.merge(String.format(Locale.ROOT, "cos %.1f sizes %s", Math.floor(cos * 10) / 10,
                            Math.min(x.size(), 3) + "," + Math.min(y.size(), 3)), 1, Integer::sum);
                }
            }
        }
        hist.forEach((k, v) -> System.out.println("unmerged " + k + ": " + v));
        Map<String, Integer> reasons = new TreeMap<>();
        for (ClusterSummary c : all) {
            boolean accepted = identities.acceptedCluster().get(c.clusterId());
            String key = accepted ? "accepted" : c.accepted() ? "own ok, identity in doubt" : "own precision " + (c.estimatedPrecision() < 0.9 ? "<0.9" : "<target");
            reasons.merge(key + " size " + Math.min(c.size(), 5), c.size(), Integer::sum);
        }
        reasons.forEach((k, v) -> System.out.println("faces " + k + ": " + v));
    }
}
