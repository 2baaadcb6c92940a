package io.faceengine.clustering.review;

import java.util.List;

/**
 * One entry of the review queue.
 *
 * @param itemId           stable id: {@code cluster:<id>} or {@code merge:<clusterId>+<otherId>}; a question asked again
 *                         under the id of an answered item gets {@code ~<hash of its faces>} appended
 * @param subjects         the cluster, or the two sides of a merge question
 * @param wrongProbability estimated chance the machine's current decision is wrong
 * @param faces            faces whose label the human decision fixes
 * @param priority         expected labels fixed: wrongProbability x faces
 */
public record ReviewQuestion(String itemId, Kind kind, List<String> subjects, double wrongProbability, int faces, double priority,
                         List<String> reasons) {

    public enum Kind { CLUSTER, MERGE }

    public ReviewQuestion {
        subjects = List.copyOf(subjects);
        reasons = List.copyOf(reasons);
    }

    public ReviewQuestion withItemId(String newItemId) {
        return new ReviewQuestion(newItemId, kind, subjects, wrongProbability, faces, priority, reasons);
    }
}
