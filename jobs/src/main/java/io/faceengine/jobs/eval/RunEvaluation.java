package io.faceengine.jobs.eval;

import io.faceengine.clustering.cluster.SetClusterer;
import io.faceengine.clustering.cluster.SetFaces;
import io.faceengine.clustering.config.ClusteringSettings;
import io.faceengine.clustering.eval.ClusteringMetrics;
import io.faceengine.clustering.eval.ClusteringScores;
import io.faceengine.jobs.eval.DedupScores.ScoredCluster;
import io.faceengine.jobs.eval.LabelledFaces.LabelledFace;
import io.faceengine.pipeline.io.RunJson;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Scores what the runs decided for the labelled faces: intra-set clusters and final identities
 * (pairwise, BCubed, NMI, identities found vs true), cross-set dedup, and the automatically
 * accepted share with its precision. Also sweeps the clustering threshold over the same embeddings
 * to show the precision–recall trade-off around the configured value.
 */
public final class RunEvaluation {
    /** What the threshold sweep re-clusters: each set alone, never the final identities. */
    static final String SWEEP_SCOPE = "per-set clusters: the labelled faces of each set re-clustered alone at each threshold "
            + "(intra-set clustering only: no cross-set dedup, so not the final identities)";

    private RunEvaluation() {
    }

    /** A labelled face's fate in the runs: its cluster, identity and whether it was auto-accepted. */
    public record Assignment(String clusterId, String identityId, boolean accepted) {
    }

    public record ThresholdPoint(float threshold, double pairwisePrecision, double pairwiseRecall, double bcubedF1,
                                 int clusters) {
    }

    public static Map<String, Object> evaluate(LabelledFaces.Collected labelled, Map<String, Assignment> assignments,
                                               ClusteringSettings settings, List<Float> sweep) {
        List<LabelledFace> clustered = labelled.faces();
        clustered.stream().filter(f -> !assignments.containsKey(f.faceId())).findFirst().ifPresent(f -> {
            throw new IllegalArgumentException("labelled face " + f.faceId() + " has no cluster: it must be counted as unscored");
        });
        if (clustered.isEmpty()) {
            throw new IllegalStateException("none of the " + labelled.labels() + " labels has a clustered face in the "
                    + "committed runs: " + Coverage.unscoredCounts(labelled.unscored()));
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("coverage", Coverage.of(labelled));

        Map<String, String> truth = new HashMap<>();
        Map<String, String> cluster = new HashMap<>();
        Map<String, String> identity = new HashMap<>();
        for (LabelledFace face : clustered) {
            truth.put(face.faceId(), face.identity());
            cluster.put(face.faceId(), assignments.get(face.faceId()).clusterId());
            identity.put(face.faceId(), assignments.get(face.faceId()).identityId());
        }
        ClusteringScores identities = ClusteringMetrics.evaluate(truth, identity);
        report.put("identities", reported(identities));
        report.put("identitiesFound", identities.predictedClusters());
        report.put("identitiesTrue", identities.trueIdentities());
        report.put("intraSet", perSet(clustered, truth, cluster));
        report.put("dedup", DedupScores.of(scoredClusters(clustered, assignments)));
        Map<String, Object> autoAccepted = autoAccepted(clustered, assignments, truth);
        report.put("autoAccepted", autoAccepted);
        report.put("locatedLabels", locatedLabels(labelled, truth, identity, (int) autoAccepted.get("faces")));
        report.put("clusterSizes", sizeHistogram(identity, truth));
        Map<String, Object> thresholdSweep = new LinkedHashMap<>();
        thresholdSweep.put("scope", SWEEP_SCOPE);
        thresholdSweep.put("points", sweep(clustered, settings, sweep));
        report.put("thresholdSweep", thresholdSweep);
        return report;
    }

    /**
     * Scores as the report gives them: the fields of {@link ClusteringScores}, with NMI null (not
     * applicable) when the faces are all one person and the clustering split them. NMI is then 0
     * however slight the split (the truth carries no information to share), which would read as a
     * total failure; BCubed recall says how much the person was split. When both the truth and the
     * clustering are one group, NMI is 1 (identical partitions), as {@link ClusteringMetrics} defines.
     */
    static Map<String, Object> reported(ClusteringScores scores) {
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = RunJson.MAPPER.convertValue(scores, LinkedHashMap.class);
        if (!nmiApplies(scores)) {
            fields.put("nmi", null);
        }
        return fields;
    }

    static boolean nmiApplies(ClusteringScores scores) {
        return scores.trueIdentities() > 1 || scores.predictedClusters() == 1;
    }

    private static Map<String, Map<String, Object>> perSet(List<LabelledFace> faces, Map<String, String> truth,
                                                        Map<String, String> cluster) {
        Map<String, Map<String, Object>> scores = new TreeMap<>();
        Map<String, List<LabelledFace>> bySet = bySet(faces);
        for (Map.Entry<String, List<LabelledFace>> set : bySet.entrySet()) {
            Map<String, String> t = new HashMap<>();
            Map<String, String> p = new HashMap<>();
            for (LabelledFace face : set.getValue()) {
                t.put(face.faceId(), truth.get(face.faceId()));
                p.put(face.faceId(), cluster.get(face.faceId()));
            }
            scores.put(set.getKey(), reported(ClusteringMetrics.evaluate(t, p)));
        }
        return scores;
    }

    private static List<ScoredCluster> scoredClusters(List<LabelledFace> faces, Map<String, Assignment> assignments) {
        Map<String, Map<String, Integer>> votes = new TreeMap<>();
        Map<String, LabelledFace> sample = new HashMap<>();
        for (LabelledFace face : faces) {
            String clusterId = assignments.get(face.faceId()).clusterId();
            votes.computeIfAbsent(clusterId, k -> new TreeMap<>()).merge(face.identity(), 1, Integer::sum);
            sample.putIfAbsent(clusterId, face);
        }
        List<ScoredCluster> clusters = new ArrayList<>();
        for (Map.Entry<String, Map<String, Integer>> entry : votes.entrySet()) {
            String majority = entry.getValue().entrySet().stream()
                    .max(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                    .orElseThrow().getKey();
            LabelledFace any = sample.get(entry.getKey());
            clusters.add(new ScoredCluster(entry.getKey(), any.setId(), assignments.get(any.faceId()).identityId(), majority));
        }
        return clusters;
    }

    private static Map<String, Object> autoAccepted(List<LabelledFace> faces, Map<String, Assignment> assignments,
                                                    Map<String, String> truth) {
        Map<String, String> acceptedTruth = new HashMap<>();
        Map<String, String> acceptedIdentity = new HashMap<>();
        for (LabelledFace face : faces) {
            Assignment a = assignments.get(face.faceId());
            if (a.accepted()) {
                acceptedTruth.put(face.faceId(), truth.get(face.faceId()));
                acceptedIdentity.put(face.faceId(), a.identityId());
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("faces", acceptedTruth.size());
        out.put("share", (double) acceptedTruth.size() / faces.size());
        if (!acceptedTruth.isEmpty()) {
            ClusteringScores scores = ClusteringMetrics.evaluate(acceptedTruth, acceptedIdentity);
            out.put("pairwisePrecision", scores.pairwisePrecision());
            out.put("bcubedPrecision", scores.bcubedPrecision());
            out.put("labelPrecision", scores.purity());
            out.put("identities", scores.predictedClusters());
        }
        return out;
    }

    /**
     * The scores over every located label: the clustered faces as above, plus each face the runs
     * found and left unlabelled (quality-rejected, not embedded) as an identity of its own that was
     * not accepted. Whole photos are scored this way; the scores above describe only clustered faces.
     */
    private static Map<String, Object> locatedLabels(LabelledFaces.Collected labelled, Map<String, String> truth,
                                                     Map<String, String> identity, int acceptedFaces) {
        Map<String, String> allTruth = new HashMap<>(truth);
        Map<String, String> allIdentity = new HashMap<>(identity);
        for (LabelledFaces.Unscored u : labelled.unscored()) {
            if (u.reason().located()) {
                String key = "unlabelled-line-" + u.label().line(); // cannot collide with a face id (no colon)
                allTruth.put(key, u.label().identity());
                allIdentity.put(key, key);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("labels", allTruth.size());
        out.put("leftUnlabelled", allTruth.size() - truth.size());
        out.put("identities", reported(ClusteringMetrics.evaluate(allTruth, allIdentity)));
        out.put("acceptedShare", (double) acceptedFaces / allTruth.size());
        return out;
    }

    /** How many identities have 1, 2, 3–4, 5–9, 10+ labelled faces: predicted vs true. */
    private static Map<String, Object> sizeHistogram(Map<String, String> identity, Map<String, String> truth) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("bins", List.of("1", "2", "3-4", "5-9", "10-19", "20+"));
        out.put("predicted", histogram(identity));
        out.put("true", histogram(truth));
        return out;
    }

    private static long[] histogram(Map<String, String> labels) {
        Map<String, Integer> sizes = new HashMap<>();
        labels.values().forEach(l -> sizes.merge(l, 1, Integer::sum));
        long[] bins = new long[6];
        for (int size : sizes.values()) {
            bins[size == 1 ? 0 : size == 2 ? 1 : size < 5 ? 2 : size < 10 ? 3 : size < 20 ? 4 : 5]++;
        }
        return bins;
    }

    /**
     * Re-clusters the labelled faces of each set at each threshold, with the configured algorithm.
     * Scores are per set (intra-set clustering cannot join sets), averaged weighted by faces.
     */
    static List<ThresholdPoint> sweep(List<LabelledFace> faces, ClusteringSettings settings,
                                              List<Float> thresholds) {
        Map<String, List<LabelledFace>> bySet = bySet(faces);
        List<ThresholdPoint> points = new ArrayList<>();
        for (float threshold : thresholds) {
            SetClusterer clusterer = new SetClusterer(settings.withThreshold(threshold));
            double precision = 0;
            double recall = 0;
            double bcubed = 0;
            int clusters = 0;
            for (Map.Entry<String, List<LabelledFace>> set : bySet.entrySet()) {
                List<LabelledFace> members = set.getValue();
                int[] labels = clusterer.partition(setFaces(set.getKey(), members)).labels();
                Map<String, String> truth = new HashMap<>();
                Map<String, String> predicted = new HashMap<>();
                for (int i = 0; i < members.size(); i++) {
                    truth.put(members.get(i).faceId(), members.get(i).identity());
                    predicted.put(members.get(i).faceId(), String.valueOf(labels[i]));
                }
                ClusteringScores scores = ClusteringMetrics.evaluate(truth, predicted);
                precision += members.size() * scores.pairwisePrecision();
                recall += members.size() * scores.pairwiseRecall();
                bcubed += members.size() * scores.bcubedF1();
                clusters += scores.predictedClusters();
            }
            points.add(new ThresholdPoint(threshold, faceWeighted(precision, faces.size()),
                    faceWeighted(recall, faces.size()), faceWeighted(bcubed, faces.size()), clusters));
        }
        return points;
    }

    /**
     * Mean of per-set ratios weighted by faces: summed as faces × ratio, divided once, and held to
     * at most 1 (summing weights like 6/30 + 23/30 + 1/30 gives 1.0000000000000002).
     */
    private static double faceWeighted(double facesTimesRatio, int faces) {
        return Math.min(1.0, facesTimesRatio / faces);
    }

    static SetFaces setFaces(String setId, List<LabelledFace> members) {
        int d = members.get(0).embedding().length;
        float[] values = new float[members.size() * d];
        List<String> faceIds = new ArrayList<>();
        List<String> imageIds = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            System.arraycopy(members.get(i).embedding(), 0, values, i * d, d);
            faceIds.add(members.get(i).faceId());
            imageIds.add(members.get(i).imageId());
        }
        return new SetFaces(setId, faceIds, imageIds, new SetFaces.VectorSetData(members.size(), d, values));
    }

    private static Map<String, List<LabelledFace>> bySet(List<LabelledFace> faces) {
        Map<String, List<LabelledFace>> bySet = new TreeMap<>();
        for (LabelledFace face : faces) {
            bySet.computeIfAbsent(face.setId(), k -> new ArrayList<>()).add(face);
        }
        bySet.values().forEach(list -> list.sort(Comparator.comparing(LabelledFace::faceId)));
        return bySet;
    }
}
