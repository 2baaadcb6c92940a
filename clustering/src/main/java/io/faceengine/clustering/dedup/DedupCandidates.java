package io.faceengine.clustering.dedup;

import io.faceengine.clustering.graph.Neighbours;
import io.faceengine.clustering.graph.VectorSet;

import java.util.ArrayList;
import java.util.List;

/** Builds the candidate pairs cross-set dedup considers. */
public final class DedupCandidates {
    private DedupCandidates() {
    }

    /**
     * Every cluster-cluster and cluster-identity pair with centroid similarity >= minSimilarity, by
     * brute force: (clusters + identities) x clusters dot products, fine for a few thousand of each.
     */
    public static List<CandidatePair> exact(List<SetCluster> clusters, List<KnownIdentity> identities, float minSimilarity) {
        List<CandidatePair> pairs = new ArrayList<>();
        if (clusters.isEmpty()) {
            return pairs;
        }
        List<float[]> rows = new ArrayList<>(clusters.size() + identities.size());
        clusters.forEach(c -> rows.add(c.centroid()));
        identities.forEach(i -> rows.add(i.centroid()));
        VectorSet all = VectorSet.of(rows);
        int c = clusters.size();
        for (int a = 0; a < c; a++) {
            for (int b = a + 1; b < c; b++) {
                float similarity = all.similarity(a, b);
                if (similarity >= minSimilarity) {
                    pairs.add(CandidatePair.toCluster(clusters.get(a).clusterId(), clusters.get(b).clusterId(), similarity));
                }
            }
            for (int k = 0; k < identities.size(); k++) {
                float similarity = all.similarity(a, c + k);
                if (similarity >= minSimilarity) {
                    pairs.add(CandidatePair.toIdentity(clusters.get(a).clusterId(), identities.get(k).identityId(), similarity));
                }
            }
        }
        return pairs;
    }

    /** The clusters' centroids as rows in list order, to build a neighbour index over or query one with. */
    public static VectorSet centroids(List<SetCluster> clusters) {
        return VectorSet.of(clusters.stream().map(SetCluster::centroid).toList());
    }

    /**
     * Pairs from a kNN search whose query row q is {@code clusters.get(q)} and whose base row r is
     * named {@code baseIds.get(r)} (cluster ids for a search over the clusters themselves, identity
     * ids for a search over identity centroids). Self matches and pairs below minSimilarity are dropped.
     */
    public static List<CandidatePair> fromNeighbours(List<SetCluster> clusters, Neighbours neighbours, List<String> baseIds,
                                                     CandidatePair.Target target, float minSimilarity) {
        if (neighbours.queries() != clusters.size()) {
            throw new IllegalArgumentException(neighbours.queries() + " neighbour rows for " + clusters.size() + " clusters");
        }
        List<CandidatePair> pairs = new ArrayList<>();
        for (int q = 0; q < neighbours.queries(); q++) {
            String clusterId = clusters.get(q).clusterId();
            for (int r = 0; r < neighbours.k(); r++) {
                int id = neighbours.id(q, r);
                float similarity = neighbours.similarity(q, r);
                if (id < 0 || !(similarity >= minSimilarity)) {
                    continue;
                }
                String other = baseIds.get(id);
                if (target == CandidatePair.Target.CLUSTER && other.equals(clusterId)) {
                    continue;
                }
                pairs.add(new CandidatePair(clusterId, other, target, similarity));
            }
        }
        return pairs;
    }
}
