package io.faceengine.pipeline.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Greedy non-maximum suppression: keep the best box, drop those overlapping it too much, repeat. */
final class NonMaxSuppression {

    /** Overlap measure: intersection over union, or over the smaller box (drops boxes nested in others). */
    enum Overlap { UNION, MIN }

    private NonMaxSuppression() {
    }

    static List<Candidate> apply(List<Candidate> boxes, float threshold, Overlap overlap) {
        List<Candidate> sorted = new ArrayList<>(boxes);
        sorted.sort(Comparator.comparingDouble((Candidate c) -> c.score).reversed());
        boolean[] suppressed = new boolean[sorted.size()];
        List<Candidate> kept = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            if (suppressed[i]) {
                continue;
            }
            Candidate best = sorted.get(i);
            kept.add(best);
            for (int j = i + 1; j < sorted.size(); j++) {
                if (!suppressed[j] && overlap(best, sorted.get(j), overlap) > threshold) {
                    suppressed[j] = true;
                }
            }
        }
        return kept;
    }

    private static float overlap(Candidate a, Candidate b, Overlap overlap) {
        float w = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1) + 1;
        float h = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1) + 1;
        if (w <= 0 || h <= 0) {
            return 0;
        }
        float inter = w * h;
        return overlap == Overlap.UNION ? inter / (a.area() + b.area() - inter) : inter / Math.min(a.area(), b.area());
    }
}
