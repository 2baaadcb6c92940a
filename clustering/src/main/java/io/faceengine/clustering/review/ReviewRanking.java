package io.faceengine.clustering.review;

import io.faceengine.clustering.dedup.DedupOptions;
import io.faceengine.clustering.dedup.MergeCandidate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Orders review work by expected gain: the chance the machine's current decision is wrong times the
 * faces whose label the human answer fixes. Ties go by item id, so the order is deterministic.
 *
 * <ul>
 *   <li>Cluster (not accepted automatically): chance = its uncertainty score; faces = its size.</li>
 *   <li>Merge question in the review band: the pair is kept apart, which is wrong with a chance rising
 *       linearly from 0 at the review threshold to 1 at the auto-merge threshold; faces = the smaller
 *       side, since a "same" answer relabels those.</li>
 *   <li>Merge question refused by a constraint or ambiguous between identities, or a merge made only just
 *       above the auto-merge threshold: chance 0.5 (either answer may be right); faces = the smaller side.</li>
 * </ul>
 */
public final class ReviewRanking {
    private static final Comparator<ReviewQuestion> ORDER = Comparator.comparingDouble(ReviewQuestion::priority).reversed()
            .thenComparing(ReviewQuestion::itemId);
    private final DedupOptions thresholds;

    public ReviewRanking(DedupOptions thresholds) {
        this.thresholds = thresholds;
    }

    /** Items for the non-accepted clusters and all merge candidates, highest priority first. */
    public List<ReviewQuestion> rank(List<ClusterDoubt> clusters, List<MergeCandidate> merges) {
        List<ReviewQuestion> items = new ArrayList<>();
        for (ClusterDoubt cluster : clusters) {
            if (!cluster.accepted()) {
                items.add(new ReviewQuestion("cluster:" + cluster.clusterId(), ReviewQuestion.Kind.CLUSTER, List.of(cluster.clusterId()),
                        cluster.uncertainty(), cluster.faces(), cluster.uncertainty() * cluster.faces(), cluster.reasons()));
            }
        }
        for (MergeCandidate merge : merges) {
            double wrong = wrongProbability(merge);
            int faces = Math.min(merge.clusterFaces(), merge.otherFaces());
            items.add(new ReviewQuestion("merge:" + merge.clusterId() + "+" + merge.otherId(), ReviewQuestion.Kind.MERGE,
                    List.of(merge.clusterId(), merge.otherId()), wrong, faces, wrong * faces, List.of(merge.reason().name())));
        }
        items.sort(ORDER);
        return items;
    }

    double wrongProbability(MergeCandidate merge) {
        if (merge.reason() != MergeCandidate.Reason.IN_REVIEW_BAND) {
            return 0.5;
        }
        double width = thresholds.autoMergeThreshold() - thresholds.reviewThreshold();
        if (width <= 0) {
            return 0.5;
        }
        return Math.max(0, Math.min(1, (merge.similarity() - thresholds.reviewThreshold()) / width));
    }
}
