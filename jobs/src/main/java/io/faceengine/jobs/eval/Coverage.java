package io.faceengine.jobs.eval;

import io.faceengine.jobs.eval.LabelledFaces.Unscored;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The coverage part of a report: how many labels were scored, and for every other label the reason
 * (counts per reason, the quality reasons of rejected labelled faces, and the first labels of
 * each reason so a user can look at them).
 */
final class Coverage {
    static final int EXAMPLES_PER_REASON = 20;

    private Coverage() {
    }

    static Map<String, Object> of(LabelledFaces.Collected labelled) {
        int scored = labelled.faces().size();
        if (scored + labelled.unscored().size() != labelled.labels()) {
            throw new IllegalStateException(labelled.labels() + " labels but " + scored + " scored and "
                    + labelled.unscored().size() + " unscored: every label must be counted once");
        }
        Map<String, Object> coverage = new LinkedHashMap<>();
        coverage.put("labels", labelled.labels());
        coverage.put("scored", scored);
        coverage.put("scoredShare", labelled.labels() == 0 ? 0.0 : (double) scored / labelled.labels());
        // Located: the runs found the labelled face, including those they chose to leave unlabelled.
        long located = scored + labelled.unscored().stream().filter(u -> u.reason().located()).count();
        coverage.put("located", located);
        coverage.put("locatedShare", labelled.labels() == 0 ? 0.0 : (double) located / labelled.labels());
        coverage.put("unscored", unscoredCounts(labelled.unscored()));
        Map<String, Integer> qualityReasons = new TreeMap<>();
        Map<UnscoredReason, List<Map<String, Object>>> examples = new EnumMap<>(UnscoredReason.class);
        for (Unscored u : labelled.unscored()) {
            if (u.reason() == UnscoredReason.FACE_REJECTED_BY_QUALITY) {
                for (String reason : u.detail().split(" ")) {
                    if (!reason.isEmpty()) {
                        qualityReasons.merge(reason, 1, Integer::sum);
                    }
                }
            }
            List<Map<String, Object>> list = examples.computeIfAbsent(u.reason(), k -> new ArrayList<>());
            if (list.size() < EXAMPLES_PER_REASON) {
                Map<String, Object> example = new LinkedHashMap<>();
                example.put("line", u.label().line());
                example.put("path", u.label().path());
                example.put("identity", u.label().identity());
                if (!u.detail().isEmpty()) {
                    example.put("detail", u.detail());
                }
                list.add(example);
            }
        }
        coverage.put("qualityReasonsOfRejectedFaces", qualityReasons);
        Map<String, Object> byReason = new LinkedHashMap<>();
        examples.forEach((reason, list) -> byReason.put(reason.name(), list));
        coverage.put("unscoredExamples", byReason);
        return coverage;
    }

    /** Unscored labels per reason, in the order of {@link UnscoredReason}, reasons with none left out. */
    static Map<String, Integer> unscoredCounts(List<Unscored> unscored) {
        Map<UnscoredReason, Integer> counts = new EnumMap<>(UnscoredReason.class);
        unscored.forEach(u -> counts.merge(u.reason(), 1, Integer::sum));
        Map<String, Integer> named = new LinkedHashMap<>();
        counts.forEach((reason, count) -> named.put(reason.name(), count));
        return named;
    }
}
