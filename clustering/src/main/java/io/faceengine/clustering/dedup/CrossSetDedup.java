package io.faceengine.clustering.dedup;

import io.faceengine.clustering.cluster.CannotLink;
import io.faceengine.clustering.cluster.ConstrainedUnionFind;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Decides which clusters of a run (from different sets) and which known identities are one person.
 *
 * <p>Items are the clusters plus the known identities, joined by a {@link ConstrainedUnionFind}:
 * clusters sharing a photo and pairs a human declared different cannot link, and all known
 * identities share one cannot-link group, so no chain of clusters can ever unite two of them and
 * existing ids are never merged or renamed. Candidate pairs at or above the auto-merge threshold are
 * joined strongest first (ties by id); those refused by a constraint, or ambiguous between two
 * identities, go to review with a reason, as do pairs in the review band whose union would still
 * be allowed. Below the review threshold, clusters stay apart.
 *
 * <p>The result depends only on the content of the input, not on list order: items are sorted by id
 * first, and a new identity is named {@code id-} + the first 16 hex digits of SHA-256 of the smallest
 * anchor among its clusters, so a re-run of the same input yields the same ids.
 */
public final class CrossSetDedup {
    private static final String NEW_ID_PREFIX = "id-";
    private final DedupOptions options;

    public CrossSetDedup(DedupOptions options) {
        this.options = options;
    }

    /** Resolves with every candidate pair computed exactly from the centroids. */
    public DedupResult resolveExact(List<SetCluster> clusters, List<KnownIdentity> identities) {
        return resolve(clusters, identities, DedupCandidates.exact(clusters, identities, options.reviewThreshold()));
    }

    /**
     * Resolves with the given candidate pairs (e.g. from a neighbour index or the registry). Every id a
     * pair names must be among {@code clusters} / {@code identities}; repeated pairs keep the highest similarity.
     */
    public DedupResult resolve(List<SetCluster> clusters, List<KnownIdentity> identities, List<CandidatePair> candidates) {
        return new Run(clusters, identities).resolve(candidates);
    }

    /** The id of a new identity whose smallest cluster anchor is {@code anchor}. */
    public static String newIdentityId(String anchor) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(anchor.getBytes(StandardCharsets.UTF_8));
            return NEW_ID_PREFIX + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }

    private record Edge(int a, int b, float similarity) {
    }

    /** One resolution: items 0..c-1 are clusters sorted by id, c..c+k-1 identities sorted by id. */
    private final class Run {
        private final List<SetCluster> clusters;
        private final List<KnownIdentity> identities;
        private final Map<String, Integer> clusterItem = new HashMap<>();
        private final Map<String, Integer> identityItem = new HashMap<>();
        private final int c;
        private final ConstrainedUnionFind sets;
        /** Per root, the known identity item in its set, or -1. */
        private final int[] identityOfRoot;
        /** Item pairs that may never be one person (a shared photo, a person's answer), as lo << 32 | hi. */
        private final Set<Long> cannotLinkPairs = new HashSet<>();

        Run(List<SetCluster> clusterList, List<KnownIdentity> identityList) {
            clusters = clusterList.stream().sorted(Comparator.comparing(SetCluster::clusterId)).toList();
            identities = identityList.stream().sorted(Comparator.comparing(KnownIdentity::identityId)).toList();
            c = clusters.size();
            Set<String> anchors = new HashSet<>();
            for (int i = 0; i < c; i++) {
                SetCluster cluster = clusters.get(i);
                if (clusterItem.put(cluster.clusterId(), i) != null) {
                    throw new IllegalArgumentException("cluster id " + cluster.clusterId() + " appears twice");
                }
                if (!anchors.add(cluster.anchor())) {
                    throw new IllegalArgumentException("anchor " + cluster.anchor() + " names two clusters; anchors must be unique");
                }
            }
            for (int k = 0; k < identities.size(); k++) {
                String id = identities.get(k).identityId();
                if (identityItem.put(id, c + k) != null) {
                    throw new IllegalArgumentException("identity id " + id + " appears twice");
                }
                if (clusterItem.containsKey(id)) {
                    throw new IllegalArgumentException("id " + id + " names both a cluster and an identity");
                }
            }
            sets = new ConstrainedUnionFind(constraints());
            identityOfRoot = new int[c + identities.size()];
            for (int item = 0; item < identityOfRoot.length; item++) {
                identityOfRoot[item] = item < c ? -1 : item;
            }
        }

        private CannotLink constraints() {
            int items = c + identities.size();
            int[] group = new int[items];
            // One shared group for all known identities: pairwise cannot-link without k^2 pairs.
            Arrays.fill(group, 0, c, -1);
            Arrays.fill(group, c, items, 0);
            List<int[]> pairs = new ArrayList<>();
            Map<String, List<Integer>> clustersOfImage = new TreeMap<>();
            for (int i = 0; i < c; i++) {
                for (String image : new HashSet<>(clusters.get(i).imageIds())) {
                    clustersOfImage.computeIfAbsent(image, key -> new ArrayList<>()).add(i);
                }
            }
            for (List<Integer> sharing : clustersOfImage.values()) {
                for (int x = 0; x < sharing.size(); x++) {
                    for (int y = x + 1; y < sharing.size(); y++) {
                        addPair(sharing.get(x), sharing.get(y), cannotLinkPairs, pairs);
                    }
                }
            }
            for (int i = 0; i < c; i++) {
                for (String other : clusters.get(i).cannotLinkIds()) {
                    Integer item = clusterItem.containsKey(other) ? clusterItem.get(other) : identityItem.get(other);
                    if (item != null && item != i) {
                        addPair(i, item, cannotLinkPairs, pairs);
                    }
                }
            }
            return new CannotLink(group, pairs);
        }

        private static void addPair(int a, int b, Set<Long> seen, List<int[]> pairs) {
            int lo = Math.min(a, b);
            int hi = Math.max(a, b);
            if (seen.add(((long) lo << 32) | hi)) {
                pairs.add(new int[]{lo, hi});
            }
        }

        DedupResult resolve(List<CandidatePair> candidates) {
            List<Edge> edges = edges(candidates);
            boolean[] ambiguous = ambiguousClusters(edges);
            List<MergeDecision> merges = new ArrayList<>();
            List<Edge> review = new ArrayList<>();
            List<MergeCandidate.Reason> reasons = new ArrayList<>();
            for (Edge edge : edges) {
                if (edge.similarity() < options.autoMergeThreshold()) {
                    continue;
                }
                if (edge.b() >= c && ambiguous[edge.a()]) {
                    review.add(edge);
                    reasons.add(MergeCandidate.Reason.AMBIGUOUS_IDENTITY);
                    continue;
                }
                int ra = sets.find(edge.a());
                int rb = sets.find(edge.b());
                if (ra == rb) {
                    continue;
                }
                if (sets.union(edge.a(), edge.b())) {
                    identityOfRoot[sets.find(edge.a())] = Math.max(identityOfRoot[ra], identityOfRoot[rb]);
                    merges.add(decision(edge));
                } else {
                    review.add(edge);
                    reasons.add(refusalReason(identityOfRoot[ra], identityOfRoot[rb]));
                }
            }
            for (Edge edge : edges) {
                float s = edge.similarity();
                int ra = sets.find(edge.a());
                int rb = sets.find(edge.b());
                // A refused band pair is left out: a "same" answer could not be applied without overriding a
                // constraint. Two known identities are kept apart only so that no automatic merge joins them;
                // whether they are one person is still a question.
                if (s < options.autoMergeThreshold() && ra != rb
                        && (sets.canUnion(edge.a(), edge.b()) || possibleDuplicate(edge, ra, rb))) {
                    review.add(edge);
                    reasons.add(MergeCandidate.Reason.IN_REVIEW_BAND);
                }
            }
            return result(merges, review, reasons);
        }

        /** Candidate pairs as item edges: validated, repeats folded, filtered, sorted strongest first. */
        private List<Edge> edges(List<CandidatePair> candidates) {
            Map<Long, Float> best = new HashMap<>();
            for (CandidatePair pair : candidates) {
                Integer a = clusterItem.get(pair.clusterId());
                if (a == null) {
                    throw new IllegalArgumentException("candidate names unknown cluster " + pair.clusterId());
                }
                Integer b = pair.target() == CandidatePair.Target.CLUSTER ? clusterItem.get(pair.otherId()) : identityItem.get(pair.otherId());
                if (b == null) {
                    throw new IllegalArgumentException("candidate names unknown " + pair.target().name().toLowerCase() + " " + pair.otherId());
                }
                if (pair.similarity() < options.reviewThreshold()) {
                    continue;
                }
                if (options.crossSetOnly() && b < c && clusters.get(a).setId().equals(clusters.get(b).setId())) {
                    continue;
                }
                long key = ((long) Math.min(a, b) << 32) | Math.max(a, b);
                best.merge(key, pair.similarity(), Math::max);
            }
            List<Edge> edges = new ArrayList<>(best.size());
            best.forEach((key, s) -> edges.add(new Edge((int) (key >>> 32), (int) (long) key, s)));
            edges.sort(Comparator.comparing(Edge::similarity, Comparator.reverseOrder())
                    .thenComparingInt(Edge::a).thenComparingInt(Edge::b));
            return edges;
        }

        /** Clusters whose two best identities above auto-merge are closer than the margin. */
        private boolean[] ambiguousClusters(List<Edge> edges) {
            float[] first = new float[c];
            float[] second = new float[c];
            Arrays.fill(first, Float.NEGATIVE_INFINITY);
            Arrays.fill(second, Float.NEGATIVE_INFINITY);
            for (Edge edge : edges) {
                if (edge.b() >= c && edge.similarity() >= options.autoMergeThreshold()) {
                    int a = edge.a();
                    if (edge.similarity() > first[a]) {
                        second[a] = first[a];
                        first[a] = edge.similarity();
                    } else if (edge.similarity() > second[a]) {
                        second[a] = edge.similarity();
                    }
                }
            }
            boolean[] ambiguous = new boolean[c];
            for (int a = 0; a < c; a++) {
                ambiguous[a] = second[a] != Float.NEGATIVE_INFINITY && first[a] - second[a] < options.identityMargin();
            }
            return ambiguous;
        }

        /** Both sides hold a known identity, and neither a person nor a shared photo told them apart. */
        private boolean possibleDuplicate(Edge edge, int rootA, int rootB) {
            return identityOfRoot[rootA] >= 0 && identityOfRoot[rootB] >= 0
                    && refusalReason(identityOfRoot[rootA], identityOfRoot[rootB]) == MergeCandidate.Reason.POSSIBLE_DUPLICATE_IDENTITY
                    && !cannotLinkPairs.contains(((long) Math.min(edge.a(), edge.b()) << 32) | Math.max(edge.a(), edge.b()));
        }

        private MergeCandidate.Reason refusalReason(int identityA, int identityB) {
            if (identityA < 0 || identityB < 0) {
                return MergeCandidate.Reason.CANNOT_LINK_CONFLICT;
            }
            KnownIdentity a = identities.get(identityA - c);
            KnownIdentity b = identities.get(identityB - c);
            boolean confirmed = a.cannotLinkIds().contains(b.identityId()) || b.cannotLinkIds().contains(a.identityId());
            return confirmed ? MergeCandidate.Reason.KNOWN_IDENTITY_CONFLICT : MergeCandidate.Reason.POSSIBLE_DUPLICATE_IDENTITY;
        }

        private MergeDecision decision(Edge edge) {
            return new MergeDecision(clusters.get(edge.a()).clusterId(), name(edge.b()), target(edge.b()), edge.similarity());
        }

        private String name(int item) {
            return item < c ? clusters.get(item).clusterId() : identities.get(item - c).identityId();
        }

        private CandidatePair.Target target(int item) {
            return item < c ? CandidatePair.Target.CLUSTER : CandidatePair.Target.IDENTITY;
        }

        private DedupResult result(List<MergeDecision> merges, List<Edge> review, List<MergeCandidate.Reason> reasons) {
            int items = c + identities.size();
            Map<Integer, List<Integer>> clustersOfRoot = new TreeMap<>();
            for (int i = 0; i < c; i++) {
                clustersOfRoot.computeIfAbsent(sets.find(i), r -> new ArrayList<>()).add(i);
            }
            String[] idOfRoot = new String[items];
            int[] facesOfRoot = new int[items];
            for (int k = 0; k < identities.size(); k++) {
                int root = sets.find(c + k);
                idOfRoot[root] = identities.get(k).identityId();
                facesOfRoot[root] += identities.get(k).faceCount();
            }
            for (int i = 0; i < c; i++) {
                facesOfRoot[sets.find(i)] += clusters.get(i).faceCount();
            }
            nameNewGroups(clustersOfRoot, idOfRoot);

            List<ResolvedIdentity> resolved = new ArrayList<>();
            for (Map.Entry<Integer, List<Integer>> group : clustersOfRoot.entrySet()) {
                resolved.add(resolvedIdentity(group.getKey(), group.getValue(), idOfRoot[group.getKey()]));
            }
            resolved.sort(Comparator.comparing(ResolvedIdentity::identityId));

            List<MergeCandidate> candidates = new ArrayList<>();
            Set<Long> groupPairs = new HashSet<>();
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < review.size(); i++) {
                order.add(i);
            }
            // Strongest first; ties keep the auto-range items (appended first) ahead of band items.
            order.sort(Comparator.comparing((Integer i) -> review.get(i).similarity(), Comparator.reverseOrder()).thenComparingInt(i -> i));
            for (int i : order) {
                Edge edge = review.get(i);
                int ra = sets.find(edge.a());
                int rb = sets.find(edge.b());
                // An ambiguous pair may have been joined since through another cluster: nothing left to ask.
                if (ra == rb || !groupPairs.add(((long) Math.min(ra, rb) << 32) | Math.max(ra, rb))) {
                    continue;
                }
                candidates.add(new MergeCandidate(clusters.get(edge.a()).clusterId(), name(edge.b()), target(edge.b()),
                        edge.similarity(), reasons.get(i), idOfRoot[ra], idOfRoot[rb], facesOfRoot[ra], facesOfRoot[rb]));
            }
            return new DedupResult(resolved, merges, candidates);
        }

        /** Names groups without a known identity after their smallest anchor, avoiding ids already taken. */
        private void nameNewGroups(Map<Integer, List<Integer>> clustersOfRoot, String[] idOfRoot) {
            Map<String, Integer> rootOfAnchor = new TreeMap<>();
            for (Map.Entry<Integer, List<Integer>> group : clustersOfRoot.entrySet()) {
                if (idOfRoot[group.getKey()] == null) {
                    String anchor = group.getValue().stream().map(i -> clusters.get(i).anchor()).min(String::compareTo).orElseThrow();
                    rootOfAnchor.put(anchor, group.getKey());
                }
            }
            Set<String> taken = new HashSet<>(identityItem.keySet());
            for (Map.Entry<String, Integer> entry : rootOfAnchor.entrySet()) {
                String id = newIdentityId(entry.getKey());
                // Only a clash with an identity this group did not join can get here; a salted name keeps both.
                for (int salt = 1; taken.contains(id); salt++) {
                    id = newIdentityId(entry.getKey() + "#" + salt);
                }
                taken.add(id);
                idOfRoot[entry.getValue()] = id;
            }
        }

        private ResolvedIdentity resolvedIdentity(int root, List<Integer> members, String id) {
            int dimension = clusters.get(members.get(0)).centroid().length;
            double[] sum = new double[dimension];
            int faces = 0;
            int added = 0;
            boolean created = identityOfRoot[root] < 0;
            if (!created) {
                KnownIdentity known = identities.get(identityOfRoot[root] - c);
                checkDimension(known.centroid(), dimension, known.identityId());
                Vectors.addWeighted(sum, known.centroid(), known.faceCount());
                faces += known.faceCount();
            }
            List<String> clusterIds = new ArrayList<>();
            for (int i : members) {
                SetCluster cluster = clusters.get(i);
                checkDimension(cluster.centroid(), dimension, cluster.clusterId());
                Vectors.addWeighted(sum, cluster.centroid(), cluster.faceCount());
                faces += cluster.faceCount();
                added += cluster.faceCount();
                clusterIds.add(cluster.clusterId());
            }
            return new ResolvedIdentity(id, created, clusterIds, Vectors.unit(sum, "identity " + id), faces, added);
        }

        private static void checkDimension(float[] centroid, int dimension, String id) {
            if (centroid.length != dimension) {
                throw new IllegalArgumentException(id + " has a " + centroid.length + "-d centroid, expected " + dimension);
            }
        }
    }
}
