package io.faceengine.clustering.cluster;

import io.faceengine.clustering.graph.NeighbourIndexOptions;
import io.faceengine.clustering.graph.NeighbourIndexes;
import io.faceengine.clustering.graph.SimilarityGraph;
import io.faceengine.clustering.graph.VectorSet;
import io.faceengine.clustering.calibration.ClusterPrecision;
import io.faceengine.clustering.calibration.SetCalibration;
import io.faceengine.clustering.calibration.SetCalibrations;
import io.faceengine.clustering.config.ClusteringSettings;
import io.faceengine.clustering.decision.FixedGroup;
import io.faceengine.clustering.decision.SetConstraints;
import io.faceengine.clustering.review.ClusterAssessment;
import io.faceengine.clustering.review.ClusterUncertainty;
import io.faceengine.clustering.review.ClusteredFaces;
import io.faceengine.clustering.review.FaceAssessment;
import io.faceengine.clustering.review.HardExampleSet;
import io.faceengine.clustering.review.HardExamples;
import io.faceengine.clustering.review.HardPair;
import io.faceengine.clustering.review.UncertaintyReason;
import io.faceengine.clustering.review.UncertaintyReport;
import io.faceengine.pipeline.table.ContentIds;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Clusters the faces of one set: kNN graph (exact or approximate, by size) → the configured
 * algorithm under cannot-link (faces of one photo) → cluster ids, centroids and per-face
 * similarity to the centroid. Plain Java, so the same code runs in a Spark task or a test.
 */
public final class SetClusterer implements Serializable {
    private final ClusteringSettings settings;
    private final ClusteringOptions options;
    private final NeighbourIndexOptions indexOptions;
    private final SetCalibrations calibrations;

    public SetClusterer(ClusteringSettings settings) {
        this(settings, SetCalibrations.NONE);
    }

    /**
     * Cuts each calibrated set at its own threshold and accepts its clusters by their estimated label
     * precision; sets without a calibrated mixture keep the configured threshold and acceptance rules.
     */
    public SetClusterer(ClusteringSettings settings, SetCalibrations calibrations) {
        this.settings = settings;
        this.options = settings.clustering();
        this.indexOptions = settings.index();
        this.calibrations = calibrations;
    }

    /**
     * Clusters the set and scores the result: per cluster its uncertainty and whether it is
     * accepted automatically, per face its flags, and the set's hard examples.
     */
    public SetClustering cluster(SetFaces faces) {
        return cluster(faces, SetConstraints.NONE);
    }

    /**
     * Clusters the set under human decisions: faces marked not a face are left out, and each fixed
     * group comes out as exactly one cluster, accepted, whatever the algorithm would have made of it.
     */
    public SetClustering cluster(SetFaces allFaces, SetConstraints constraints) {
        SetCalibration calibration = calibrations.of(allFaces.setId());
        if (calibration != null && calibration.threshold() != options.threshold()) {
            return new SetClusterer(settings.withThreshold(calibration.threshold()), calibrations).cluster(allFaces, constraints);
        }
        SetFaces faces = allFaces.without(constraints.notFaces());
        if (faces.size() == 0) {
            return new SetClustering(faces.setId(), List.of(), List.of(), List.of(), new float[0], List.of(), List.of(), List.of(), 0);
        }
        Partition machine = partition(faces);
        Map<Integer, FixedGroup> fixedOfLabel = new HashMap<>();
        Partition partition = withFixedGroups(machine, faces, constraints.groups(), fixedOfLabel);
        ClusteredFaces clustered = new ClusteredFaces(partition.vectors(), partition.labels(), partition.graph(),
                partition.cannotLink(), options.threshold());
        UncertaintyReport report = new ClusterUncertainty(settings.uncertainty()).assess(clustered);
        HardExampleSet hard = new HardExamples(settings.hardExamples()).mine(clustered);
        boolean calibrated = calibration != null && calibration.calibrated();
        double[] precision = calibrated ? ClusterPrecision.estimate(partition.graph(), partition.labels(), calibration::linkPosterior)
                : null;

        int[] labels = partition.labels();
        int clusters = ClusterLabels.count(labels);
        String[] anchors = new String[clusters];
        for (int i = 0; i < labels.length; i++) {
            if (anchors[labels[i]] == null) {
                anchors[labels[i]] = faces.faceIds().get(i); // faces are sorted, so the first is the smallest
            }
        }
        List<List<String>> images = imagesOfClusters(faces.imageIds(), labels);
        List<ClusterSummary> summaries = new ArrayList<>(clusters);
        for (int c = 0; c < clusters; c++) {
            ClusterAssessment assessment = report.clusters().get(c);
            FixedGroup fixed = fixedOfLabel.get(c);
            float estimated = calibrated ? (float) precision[c] : Float.NaN;
            // Calibrated, a cluster is accepted on its estimated precision alone: the cosine rules do not transfer.
            boolean accepted = calibrated ? estimated >= calibrations.acceptPrecision() : assessment.accepted();
            List<String> reasons = new ArrayList<>(assessment.reasons().stream().map(Enum::name).toList());
            if (calibrated && !accepted) {
                reasons.add(UncertaintyReason.LOW_ESTIMATED_PRECISION.name());
            }
            summaries.add(fixed == null
                    ? new ClusterSummary(clusterId(faces.setId(), anchors[c]), faces.setId(), anchors[c],
                            assessment.size(), report.centroids().row(c), images.get(c), (float) assessment.score(),
                            reasons, accepted, null, null, estimated)
                    : new ClusterSummary(clusterId(faces.setId(), anchors[c]), faces.setId(), anchors[c],
                            assessment.size(), report.centroids().row(c), images.get(c), 0f, List.of(), true,
                            fixed.decisionId(), fixed.name(), estimated));
        }
        List<String> clusterOfFace = new ArrayList<>(labels.length);
        float[] ownSimilarity = new float[labels.length];
        List<List<String>> flags = new ArrayList<>(labels.length);
        for (int i = 0; i < labels.length; i++) {
            FaceAssessment face = report.faces().get(i);
            clusterOfFace.add(summaries.get(labels[i]).clusterId());
            ownSimilarity[i] = face.ownSimilarity();
            // A person has seen the face in its cluster: the machine's doubts about it no longer apply.
            flags.add(fixedOfLabel.containsKey(labels[i]) ? List.of() : face.flags().stream().map(Enum::name).sorted().toList());
        }
        List<HardExample> examples = new ArrayList<>();
        for (HardPair pair : hard.positives()) {
            examples.add(new HardExample(HardExample.Kind.HARD_POSITIVE, faces.faceIds().get(pair.a()),
                    faces.faceIds().get(pair.b()), pair.similarity()));
        }
        for (HardPair pair : hard.negatives()) {
            examples.add(new HardExample(HardExample.Kind.HARD_NEGATIVE, faces.faceIds().get(pair.a()),
                    faces.faceIds().get(pair.b()), pair.similarity()));
        }
        return new SetClustering(faces.setId(), faces.faceIds(), faces.imageIds(), clusterOfFace, ownSimilarity, flags, summaries, examples,
                partition.graph().edges());
    }

    /** The labels of the set's faces (0..m-1 by smallest face), the graph and constraints used. */
    public Partition partition(SetFaces faces) {
        VectorSet vectors = faces.vectors().toVectorSet();
        int n = vectors.size();
        int k = Math.min(options.neighbours(), n - 1);
        SimilarityGraph graph = k < 1
                ? SimilarityGraph.fromEdges(n, new int[0], new int[0], new float[0])
                : SimilarityGraph.fromNeighbours(NeighbourIndexes.build(vectors, indexOptions).selfNeighbours(k),
                        options.minEdgeSimilarity());
        CannotLink cannotLink = CannotLink.byGroup(groupNumbers(faces.imageIds()));
        int[] labels = options.algorithmInstance().cluster(graph, cannotLink);
        return new Partition(vectors, graph, cannotLink, labels);
    }

    /**
     * Overrides the machine's labels with the fixed groups: each group's faces (those still in the set)
     * get a label of their own; the machine's clusters keep whatever faces are left to them.
     */
    private static Partition withFixedGroups(Partition machine, SetFaces faces, List<FixedGroup> groups,
                                             Map<Integer, FixedGroup> fixedOfLabel) {
        if (groups.isEmpty()) {
            return machine;
        }
        Map<String, Integer> indexOfFace = new HashMap<>();
        for (int i = 0; i < faces.size(); i++) {
            indexOfFace.put(faces.faceIds().get(i), i);
        }
        int[] raw = machine.labels().clone();
        int next = ClusterLabels.count(raw);
        Map<Integer, FixedGroup> fixedOfRaw = new HashMap<>();
        for (FixedGroup group : groups) {
            boolean present = false;
            for (String face : group.faceIds()) {
                Integer i = indexOfFace.get(face);
                if (i != null) {
                    raw[i] = next;
                    present = true;
                }
            }
            if (present) {
                fixedOfRaw.put(next++, group);
            }
        }
        int[] labels = ClusterLabels.canonical(raw);
        for (int i = 0; i < labels.length; i++) {
            FixedGroup group = fixedOfRaw.get(raw[i]);
            if (group != null) {
                fixedOfLabel.put(labels[i], group);
            }
        }
        return new Partition(machine.vectors(), machine.graph(), machine.cannotLink(), labels);
    }

    /** What {@link #partition} produced, kept together for scoring the clusters. */
    public record Partition(VectorSet vectors, SimilarityGraph graph, CannotLink cannotLink, int[] labels) {
    }

    /** Stable cluster id: the set and the cluster's smallest face id, hashed. */
    public static String clusterId(String setId, String anchorFaceId) {
        return "c-" + ContentIds.sha256Hex((setId + "\n" + anchorFaceId).getBytes(StandardCharsets.UTF_8)).substring(0, 16);
    }

    /** Unit mean of the rows of each cluster. */
    public static float[][] centroids(VectorSet vectors, int[] labels) {
        int clusters = ClusterLabels.count(labels);
        int d = vectors.dimension();
        float[][] centroids = new float[clusters][d];
        float[] values = vectors.values();
        for (int i = 0; i < labels.length; i++) {
            float[] c = centroids[labels[i]];
            for (int j = 0; j < d; j++) {
                c[j] += values[i * d + j];
            }
        }
        for (float[] c : centroids) {
            double norm = 0;
            for (float v : c) {
                norm += (double) v * v;
            }
            float scale = norm > 0 ? (float) (1 / Math.sqrt(norm)) : 0f;
            for (int j = 0; j < d; j++) {
                c[j] *= scale;
            }
        }
        return centroids;
    }

    /** Per face, its member clusters' distinct image ids in face order. */
    static List<List<String>> imagesOfClusters(List<String> imageIds, int[] labels) {
        List<LinkedHashSet<String>> sets = new ArrayList<>();
        for (int c = 0; c < ClusterLabels.count(labels); c++) {
            sets.add(new LinkedHashSet<>());
        }
        for (int i = 0; i < labels.length; i++) {
            sets.get(labels[i]).add(imageIds.get(i));
        }
        return sets.stream().map(s -> (List<String>) new ArrayList<>(s)).toList();
    }

    private static int[] groupNumbers(List<String> imageIds) {
        Map<String, Integer> numbers = new HashMap<>();
        int[] groups = new int[imageIds.size()];
        for (int i = 0; i < groups.length; i++) {
            groups[i] = numbers.computeIfAbsent(imageIds.get(i), id -> numbers.size());
        }
        return groups;
    }
}
