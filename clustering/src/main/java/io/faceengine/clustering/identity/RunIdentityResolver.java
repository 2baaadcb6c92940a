package io.faceengine.clustering.identity;

import io.faceengine.clustering.cluster.ClusterSummary;
import io.faceengine.clustering.cluster.SetClustering;
import io.faceengine.clustering.config.ClusteringSettings;
import io.faceengine.clustering.decision.AnsweredQuestions;
import io.faceengine.clustering.decision.HumanLink;
import io.faceengine.clustering.dedup.CandidatePair;
import io.faceengine.clustering.dedup.CrossSetDedup;
import io.faceengine.clustering.dedup.DedupCandidates;
import io.faceengine.clustering.dedup.DedupResult;
import io.faceengine.clustering.dedup.KnownIdentity;
import io.faceengine.clustering.dedup.MergeCandidate;
import io.faceengine.clustering.dedup.MergeDecision;
import io.faceengine.clustering.dedup.ResolvedIdentity;
import io.faceengine.clustering.dedup.SetCluster;
import io.faceengine.clustering.dedup.Vectors;
import io.faceengine.clustering.graph.NeighbourIndexes;
import io.faceengine.clustering.graph.VectorSet;
import io.faceengine.clustering.registry.IdentityRecord;
import io.faceengine.clustering.registry.IdentityStatus;
import io.faceengine.clustering.registry.RegistryMatch;
import io.faceengine.clustering.review.ClusterDoubt;
import io.faceengine.clustering.review.ReviewQuestion;
import io.faceengine.clustering.review.ReviewRanking;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Cross-set dedup of one run: this run's intra-set clusters against each other (kNN over their
 * centroids) and against the identity registry (the committed snapshot, searched through the
 * registry index). Existing identities keep their ids and never merge automatically; new ones get
 * content-derived ids, so the same input always yields the same identities.
 */
public final class RunIdentityResolver {
    /** Candidates looked up per cluster, in the run's clusters and in the registry. */
    private static final int CANDIDATES = 10;
    /** The similarity a same-person answer is given: above any a centroid can have. */
    private static final float HUMAN_SAME = 1.5f;

    private final ClusteringSettings settings;
    /** An automatic merge below this may have joined two people: its clusters wait for an answer. */
    private final float sureMergeSimilarity;

    public RunIdentityResolver(ClusteringSettings settings) {
        this(settings, settings.dedup().autoMergeThreshold() + settings.uncertainty().nearThresholdBand());
    }

    /** @param sureMergeSimilarity least similarity of an automatic merge whose clusters stay accepted */
    public RunIdentityResolver(ClusteringSettings settings, float sureMergeSimilarity) {
        this.settings = settings;
        this.sureMergeSimilarity = sureMergeSimilarity;
    }

    public RunIdentities resolve(String runId, List<SetClustering> sets, List<IdentityRecord> previous,
                                 RegistrySearch registry, String modelVersion) {
        return resolve(runId, sets, previous, registry, modelVersion, RunDecisions.NONE);
    }

    /**
     * Resolves under human decisions: the replaced clusters leave their identities first, a link a
     * person made joins its two sides before any automatic merge (or keeps them apart), a new group
     * whose faces come back from an identity takes its id back (see {@link IdentityInheritance}), and
     * clusters a person fixed are accepted and carry their name to their identity.
     */
    public RunIdentities resolve(String runId, List<SetClustering> sets, List<IdentityRecord> previous,
                                 RegistrySearch registry, String modelVersion, RunDecisions decided) {
        Map<String, ClusterSummary> summaries = new LinkedHashMap<>();
        Map<String, List<String>> facesOfCluster = new HashMap<>();
        Map<String, String> clusterOfFace = new HashMap<>();
        for (SetClustering set : sets) {
            for (ClusterSummary summary : set.clusters()) {
                summaries.put(summary.clusterId(), summary);
            }
            for (int i = 0; i < set.faceIds().size(); i++) {
                facesOfCluster.computeIfAbsent(set.clusterIdOfFace().get(i), k -> new ArrayList<>()).add(set.faceIds().get(i));
                clusterOfFace.put(set.faceIds().get(i), set.clusterIdOfFace().get(i));
            }
        }
        Map<String, IdentityRecord> known = new TreeMap<>();
        previous.forEach(r -> known.put(r.identityId(), r));
        Map<String, IdentityRecord> emptied = withoutReplaced(known, decided.replaced());
        if (summaries.isEmpty()) {
            return new RunIdentities(Map.of(), Map.of(), Map.of(), new ArrayList<>(known.values()), List.of(), Map.of(), 0, 0, 0);
        }
        Map<String, List<String>> different = new HashMap<>();
        List<CandidatePair> humanPairs = new ArrayList<>();
        for (HumanLink link : decided.links()) {
            String cluster = clusterOfFace.get(link.face());
            String other = link.otherFace() != null ? clusterOfFace.get(link.otherFace())
                    : known.containsKey(link.otherIdentity()) ? link.otherIdentity() : null;
            boolean toCluster = link.otherFace() != null;
            if (cluster != null && other == null && link.otherIdentity() != null && emptied.containsKey(link.otherIdentity())) {
                // The identity's faces all left with this run's replaced clusters: the answer names the cluster they went to.
                other = IdentityInheritance.clusterHoldingMost(link.otherIdentity(), cluster, facesOfCluster, decided.replaced())
                        .orElse(null);
                toCluster = true;
            }
            if (cluster == null || other == null || cluster.equals(other)) {
                continue; // a side not in this run: the link applies when its set is clustered again
            }
            if (link.samePerson()) {
                // Strongest of all candidates, so it is joined before any automatic merge can block it.
                humanPairs.add(new CandidatePair(cluster, other, toCluster
                        ? CandidatePair.Target.CLUSTER : CandidatePair.Target.IDENTITY, HUMAN_SAME));
            } else {
                different.computeIfAbsent(cluster, k -> new ArrayList<>()).add(other);
                if (toCluster) {
                    different.computeIfAbsent(other, k -> new ArrayList<>()).add(cluster);
                }
            }
        }
        List<SetCluster> clusters = new ArrayList<>();
        for (ClusterSummary summary : summaries.values()) {
            clusters.add(new SetCluster(summary.clusterId(), summary.setId(), summary.size(), summary.centroid(),
                    summary.anchorFaceId(), summary.imageIds(), different.getOrDefault(summary.clusterId(), List.of())));
        }

        float floor = settings.dedup().reviewThreshold();
        List<CandidatePair> candidates = new ArrayList<>(clusterCandidates(clusters, floor));
        candidates.addAll(registryCandidates(clusters, known, registry, floor));
        candidates.addAll(humanPairs);
        List<KnownIdentity> identities = known.values().stream()
                .map(r -> new KnownIdentity(r.identityId(), r.centroid(), r.faceCount(),
                        r.cannotLink() == null ? List.of() : r.cannotLink()))
                .toList();
        DedupResult fresh = new CrossSetDedup(settings.dedup()).resolve(clusters, identities, candidates);
        // Groups whose faces come back from identities emptied this run take their ids back.
        DedupResult dedup = fresh.renamed(IdentityInheritance.idsOfNewGroups(fresh.identities(), facesOfCluster,
                decided.replaced(), emptied.keySet()));

        // A question a person answered is not asked again, as whatever kind or reason it comes back.
        AnsweredQuestions answered = decided.answered();
        Map<String, String> identityOf = dedup.identityOfCluster();
        Map<String, List<String>> facesOfGroup = new HashMap<>();
        identityOf.forEach((cluster, identity) -> facesOfGroup.computeIfAbsent(identity, k -> new ArrayList<>())
                .addAll(facesOfCluster.get(cluster)));
        List<MergeCandidate> asked = dedup.reviewCandidates().stream()
                .filter(m -> !answered.pairAnswered(groupSide(m.clusterIdentity(), facesOfGroup),
                        groupSide(m.otherIdentity(), facesOfGroup)))
                .toList();
        // A question whether two groups are one person leaves each group pure either way; only a
        // refused or ambiguous merge (the machine may have put faces on the wrong side) revokes acceptance.
        Set<String> questioned = new HashSet<>();
        for (MergeCandidate merge : asked) {
            if (merge.reason() != MergeCandidate.Reason.IN_REVIEW_BAND) {
                questioned.add(merge.clusterId());
                questioned.add(merge.otherId());
            }
        }
        // An automatic merge only just above its threshold may have joined two people: the clusters it
        // joined are not accepted until a person answers. It is asked as what it is, a merge question:
        // a question about one of its clusters would be answered about that cluster alone.
        float sureMerge = sureMergeSimilarity;
        Set<String> nearMerges = new HashSet<>();
        List<MergeCandidate> questions = new ArrayList<>(asked);
        for (MergeDecision merge : dedup.merges()) {
            boolean toCluster = merge.target() == CandidatePair.Target.CLUSTER;
            // The merge joined these two: asked about as they are, not as the group they are now.
            AnsweredQuestions.Side other = toCluster ? AnsweredQuestions.Side.ofFaces(facesOfCluster.get(merge.otherId()))
                    : new AnsweredQuestions.Side(Set.of(), merge.otherId());
            if (merge.similarity() < sureMerge
                    && !answered.pairAnswered(AnsweredQuestions.Side.ofFaces(facesOfCluster.get(merge.clusterId())), other)) {
                nearMerges.add(merge.clusterId());
                nearMerges.add(merge.otherId());
                questions.add(new MergeCandidate(merge.clusterId(), merge.otherId(), merge.target(), merge.similarity(),
                        MergeCandidate.Reason.NEAR_THRESHOLD_MERGE, identityOf.get(merge.clusterId()),
                        toCluster ? identityOf.get(merge.otherId()) : merge.otherId(), summaries.get(merge.clusterId()).size(),
                        toCluster ? summaries.get(merge.otherId()).size()
                                : known.containsKey(merge.otherId()) ? known.get(merge.otherId()).faceCount() : 0));
            }
        }
        Map<String, Boolean> accepted = new TreeMap<>();
        List<ClusterDoubt> doubts = new ArrayList<>();
        for (ClusterSummary summary : summaries.values()) {
            // A person's answer about a cluster says it is one person, not that dedup joined it to the right one.
            boolean identityInDoubt = nearMerges.contains(summary.clusterId()) || questioned.contains(summary.clusterId());
            if (summary.humanDecided()) {
                accepted.put(summary.clusterId(), !identityInDoubt);
                continue; // never asked about again; a doubtful merge of it is asked as a merge question
            }
            accepted.put(summary.clusterId(), summary.accepted() && !identityInDoubt);
            if (answered.clusterAnswered(facesOfCluster.get(summary.clusterId()))) {
                continue; // the machine's doubt stays (not accepted), but the person is not asked twice
            }
            doubts.add(new ClusterDoubt(summary.clusterId(), summary.uncertainty(), summary.size(), summary.accepted(),
                    summary.reasons()));
        }
        List<ReviewQuestion> items = new ArrayList<>();
        Map<String, List<String>> subjects = new LinkedHashMap<>();
        for (ReviewQuestion ranked : new ReviewRanking(settings.dedup()).rank(doubts, questions)) {
            List<String> faces = new ArrayList<>();
            ranked.subjects().forEach(s -> faces.addAll(facesOfCluster.getOrDefault(s, List.of())));
            ReviewQuestion item = ranked.withItemId(answered.itemIdFor(ranked.itemId(), faces));
            items.add(item);
            subjects.put(item.itemId(), faces);
        }

        Map<String, String> resolution = new TreeMap<>();
        Map<String, IdentityRecord> registryAfter = new TreeMap<>(known);
        int created = 0;
        int grown = 0;
        // Identities whose faces all left with the replaced clusters and came back nowhere are gone.
        emptied.keySet().forEach(registryAfter::remove);
        for (ResolvedIdentity identity : dedup.identities()) {
            IdentityRecord before = known.containsKey(identity.identityId()) ? known.get(identity.identityId())
                    : emptied.get(identity.identityId());
            // An emptied identity's faces all left: its sets are those of the clusters that brought it back.
            Set<String> setsOfIdentity = new TreeSet<>(before == null || emptied.containsKey(identity.identityId())
                    ? List.of() : before.sets());
            boolean allAccepted = true;
            boolean humanDecided = false;
            String name = before == null ? null : before.name();
            for (String clusterId : identity.clusterIds()) {
                ClusterSummary summary = summaries.get(clusterId);
                setsOfIdentity.add(summary.setId());
                allAccepted &= accepted.get(clusterId);
                humanDecided |= summary.humanDecided();
                if (summary.name() != null) {
                    name = summary.name(); // clusters are in id order, so the choice is stable
                }
                resolution.put(clusterId, identity.created()
                        ? (identity.clusterIds().size() > 1 ? "JOINED_NEW_IDENTITY" : "NEW_IDENTITY") : "GREW_IDENTITY");
            }
            if (identity.created()) {
                created++;
            } else {
                grown++;
            }
            IdentityStatus status = humanDecided || before != null && before.status() == IdentityStatus.CONFIRMED
                    ? IdentityStatus.CONFIRMED
                    : allAccepted && (before == null || before.status() == IdentityStatus.AUTO) ? IdentityStatus.AUTO
                    : IdentityStatus.PENDING;
            registryAfter.put(identity.identityId(), new IdentityRecord(identity.identityId(), identity.centroid(),
                    identity.faceCount(), new ArrayList<>(setsOfIdentity), before == null ? runId : before.createdRun(), runId,
                    status, name, modelVersion,
                    before == null || before.cannotLink() == null ? List.of() : before.cannotLink()));
        }
        return new RunIdentities(dedup.identityOfCluster(), resolution, accepted, new ArrayList<>(registryAfter.values()),
                items, subjects, dedup.merges().size(), created, grown);
    }

    /** One side of a question about resolved groups: the group's faces in this run, and its identity. */
    private static AnsweredQuestions.Side groupSide(String identityId, Map<String, List<String>> facesOfGroup) {
        return new AnsweredQuestions.Side(new HashSet<>(facesOfGroup.getOrDefault(identityId, List.of())), identityId);
    }

    /**
     * Takes the replaced clusters' faces out of their identities (weighted centroid sums, as dedup
     * adds them). Identities left with no face are removed from {@code known} and returned, so an
     * identity formed again from the same faces gets back its id, name and history.
     */
    private static Map<String, IdentityRecord> withoutReplaced(Map<String, IdentityRecord> known, List<ReplacedCluster> replaced) {
        Map<String, double[]> sums = new TreeMap<>();
        Map<String, Integer> counts = new TreeMap<>();
        for (ReplacedCluster cluster : replaced) {
            IdentityRecord record = known.get(cluster.identityId());
            if (record == null) {
                continue;
            }
            double[] sum = sums.computeIfAbsent(record.identityId(), id -> {
                double[] start = new double[record.centroid().length];
                Vectors.addWeighted(start, record.centroid(), record.faceCount());
                return start;
            });
            Vectors.addWeighted(sum, cluster.centroid(), -cluster.faceCount());
            counts.putIfAbsent(record.identityId(), record.faceCount());
            counts.merge(record.identityId(), -cluster.faceCount(), Integer::sum);
        }
        Map<String, IdentityRecord> emptied = new TreeMap<>();
        for (Map.Entry<String, double[]> entry : sums.entrySet()) {
            IdentityRecord record = known.get(entry.getKey());
            int faces = counts.get(entry.getKey());
            float[] centroid = unitOrNull(entry.getValue());
            if (faces <= 0 || centroid == null) {
                emptied.put(record.identityId(), known.remove(record.identityId()));
            } else {
                known.put(record.identityId(), new IdentityRecord(record.identityId(), centroid, faces, record.sets(),
                        record.createdRun(), record.updatedRun(), record.status(), record.name(), record.modelVersion(),
                        record.cannotLink()));
            }
        }
        return emptied;
    }

    private static float[] unitOrNull(double[] sum) {
        double squares = 0;
        for (double v : sum) {
            squares += v * v;
        }
        if (!(squares > 1e-12)) {
            return null;
        }
        float[] out = new float[sum.length];
        for (int j = 0; j < sum.length; j++) {
            out[j] = (float) (sum[j] / Math.sqrt(squares));
        }
        return out;
    }

    /** Cluster pairs from different sets, from a kNN search over this run's centroids. */
    private List<CandidatePair> clusterCandidates(List<SetCluster> clusters, float floor) {
        if (clusters.size() < 2) {
            return List.of();
        }
        VectorSet centroids = DedupCandidates.centroids(clusters);
        int k = Math.min(CANDIDATES, clusters.size() - 1);
        List<String> ids = clusters.stream().map(SetCluster::clusterId).toList();
        return DedupCandidates.fromNeighbours(clusters, NeighbourIndexes.build(centroids, settings.index()).selfNeighbours(k),
                ids, CandidatePair.Target.CLUSTER, floor);
    }

    /**
     * Registry identities near each cluster. Matches must be in the committed snapshot, and their
     * similarity is recomputed from the snapshot's centroid, so the index is only a way to find them.
     */
    private static List<CandidatePair> registryCandidates(List<SetCluster> clusters, Map<String, IdentityRecord> known,
                                                          RegistrySearch registry, float floor) {
        if (known.isEmpty()) {
            return List.of();
        }
        List<float[]> queries = clusters.stream().map(SetCluster::centroid).toList();
        List<List<RegistryMatch>> matches = registry.nearestBatch(queries, CANDIDATES, floor);
        List<CandidatePair> pairs = new ArrayList<>();
        for (int q = 0; q < clusters.size(); q++) {
            for (RegistryMatch match : matches.get(q)) {
                IdentityRecord record = known.get(match.identityId());
                if (record == null) {
                    continue;
                }
                float similarity = VectorSet.of(List.of(clusters.get(q).centroid(), record.centroid())).similarity(0, 1);
                if (similarity >= floor) {
                    pairs.add(CandidatePair.toIdentity(clusters.get(q).clusterId(), record.identityId(), similarity));
                }
            }
        }
        return pairs;
    }
}
