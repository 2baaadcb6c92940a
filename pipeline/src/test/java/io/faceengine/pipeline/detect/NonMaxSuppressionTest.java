package io.faceengine.pipeline.detect;

import io.faceengine.pipeline.detect.NonMaxSuppression.Overlap;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NonMaxSuppressionTest {

    private static Candidate box(float x1, float y1, float x2, float y2, float score) {
        return new Candidate(0, x1, y1, x2, y2, score);
    }

    @Test
    void unionKeepsANestedBoxThatMinDrops() {
        // 30x30 inside 100x100: IoU = 900/10000 = 0.09, but overlap over the smaller box = 1.
        Candidate big = box(0, 0, 99, 99, 0.9f);
        Candidate nested = box(10, 10, 39, 39, 0.8f);

        assertEquals(List.of(big, nested), NonMaxSuppression.apply(List.of(big, nested), 0.5f, Overlap.UNION));
        assertEquals(List.of(big), NonMaxSuppression.apply(List.of(big, nested), 0.5f, Overlap.MIN));
    }

    @Test
    void keepsTheHighestScoringOfOverlappingBoxes() {
        Candidate weaker = box(0, 0, 19, 19, 0.7f);
        Candidate stronger = box(2, 1, 21, 20, 0.95f);

        List<Candidate> kept = NonMaxSuppression.apply(List.of(weaker, stronger), 0.5f, Overlap.UNION);

        assertEquals(1, kept.size());
        assertSame(stronger, kept.get(0));
    }

    @Test
    void overlapExactlyAtTheThresholdIsKept() {
        // Inclusive pixels: 10x10 and 20x10 sharing 10x10 -> IoU = 100 / 200 = 0.5 exactly.
        Candidate a = box(0, 0, 9, 9, 0.9f);
        Candidate b = box(0, 0, 19, 9, 0.8f);

        assertEquals(2, NonMaxSuppression.apply(List.of(a, b), 0.5f, Overlap.UNION).size());
        assertEquals(1, NonMaxSuppression.apply(List.of(a, b), 0.49f, Overlap.UNION).size());
    }

    @Test
    void aSuppressedBoxSuppressesNothing() {
        // IoU(a,b) = IoU(b,c) = 1/3, a and c are disjoint: once a drops b, b must not drop c.
        Candidate a = box(0, 0, 19, 19, 0.9f);
        Candidate b = box(10, 0, 29, 19, 0.8f);
        Candidate c = box(20, 0, 39, 19, 0.7f);

        assertEquals(List.of(a, c), NonMaxSuppression.apply(List.of(c, b, a), 0.3f, Overlap.UNION));
    }

    @Test
    void resultDoesNotDependOnInputOrder() {
        Random random = new Random(7);
        List<Candidate> boxes = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            float x = random.nextInt(100);
            float y = random.nextInt(100);
            float side = 10 + random.nextInt(30);
            // Distinct scores: ties would legitimately make the order matter.
            boxes.add(box(x, y, x + side, y + side, 0.3f + i * 0.01f));
        }
        List<Candidate> expected = NonMaxSuppression.apply(boxes, 0.4f, Overlap.UNION);
        for (int round = 0; round < 5; round++) {
            List<Candidate> shuffled = new ArrayList<>(boxes);
            Collections.shuffle(shuffled, random);
            assertEquals(expected, NonMaxSuppression.apply(shuffled, 0.4f, Overlap.UNION));
        }
        // Random boxes overlap, so the test only means something if some were dropped and several kept.
        assertTrue(expected.size() >= 2 && expected.size() < boxes.size(), "kept " + expected.size());
        for (int i = 1; i < expected.size(); i++) {
            assertTrue(expected.get(i - 1).score > expected.get(i).score, "kept boxes come best first");
        }
    }

    @Test
    void emptyInputGivesEmptyOutput() {
        assertEquals(List.of(), NonMaxSuppression.apply(List.of(), 0.5f, Overlap.MIN));
    }
}
