package io.faceengine.jobs.eval;

import io.faceengine.jobs.eval.LabelledFaceRule.DetectedFace;
import io.faceengine.jobs.eval.LabelledFaceRule.Match;
import io.faceengine.pipeline.eval.LabelsFile.Label;
import io.faceengine.pipeline.face.FaceBox;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LabelledFaceRuleTest {
    private static final LabelledFaceRule RULE = new LabelledFaceRule(LabelledFaceRule.DEFAULT_LARGEST_FACE_MARGIN);
    // A 400x300 photo: its centre is (200, 150).
    private static final int W = 400;
    private static final int H = 300;

    private static DetectedFace face(String id, float x, float y, float size) {
        return new DetectedFace(id, new FaceBox(x, y, x + size, y + size));
    }

    private static Label photo(int line) {
        return new Label("/p.jpg", "Ann", "", null, line);
    }

    private static Label box(int line, String identity, float x, float y, float w, float h) {
        return new Label("/p.jpg", identity, "", new FaceBox(x, y, x + w, y + h), line);
    }

    private static String chosen(List<DetectedFace> faces) {
        return RULE.match(List.of(photo(2)), faces, W, H).get(0).face().faceId();
    }

    @Test
    void theOnlyFaceIsTheLabelledOneWhereverItIs() {
        assertEquals("corner", chosen(List.of(face("corner", 0, 0, 20))));
    }

    @Test
    void theLargestFaceWinsOverSmallerCentralOnes() {
        // The main person off to the left; a background face at half the area or less sits on the centre.
        DetectedFace main = face("main", 10, 10, 100);
        DetectedFace central = face("central", 165, 115, 70); // area 4,900 < 0.5 x 10,000
        assertEquals("main", chosen(List.of(central, main)));
    }

    @Test
    void facesCloseInAreaCompeteByDistanceToTheCentre() {
        DetectedFace largest = face("largest", 10, 10, 100);
        DetectedFace close = face("close", 160, 110, 80); // area 6,400 > 0.5 x 10,000, centred
        assertEquals("close", chosen(List.of(largest, close)));
    }

    @Test
    void theMarginDecidesWhichFacesCompete() {
        List<DetectedFace> faces = List.of(face("largest", 10, 10, 100), face("central", 165, 115, 70));
        assertEquals("largest", new LabelledFaceRule(1.0).mainFace(faces, W, H).faceId(), "margin 1: always the largest");
        assertEquals("central", new LabelledFaceRule(0.4).mainFace(faces, W, H).faceId(), "4,900 > 0.4 x 10,000");
        assertEquals("central", new LabelledFaceRule(0.0).mainFace(faces, W, H).faceId(), "margin 0: nearest the centre");
        assertThrows(IllegalArgumentException.class, () -> new LabelledFaceRule(1.5));
    }

    @Test
    void noFaceMeansNoFaceDetected() {
        Match match = RULE.match(List.of(photo(2)), List.of(), W, H).get(0);
        assertNull(match.face());
        assertEquals(UnscoredReason.NO_FACE_DETECTED, match.reason());
    }

    @Test
    void twoPhotoLabelsOfOneImageScoreItsFaceOnce() {
        // The same bytes listed under two paths: one image, one face, two labels.
        List<Match> matches = RULE.match(List.of(photo(2), photo(5)), List.of(face("f", 0, 0, 50)), W, H);
        assertEquals("f", matches.get(0).face().faceId());
        assertEquals(UnscoredReason.SAME_FACE_AS_ANOTHER_LABEL, matches.get(1).reason());
    }

    @Test
    void aBoxTakesTheFaceWithTheHighestIouAtLeastPointThree() {
        List<DetectedFace> faces = List.of(face("left", 0, 0, 100), face("right", 60, 0, 100));
        // The box [50,150]x[0,100] overlaps left by 50x100 (IoU 1/3) and right by 90x100 (IoU 0.82).
        Match match = RULE.match(List.of(box(2, "Ann", 50, 0, 100, 100)), faces, W, H).get(0);
        assertEquals("right", match.face().faceId());
    }

    @Test
    void aBoxOverlappingNoFaceEnoughIsNoBoxMatch() {
        // Overlap 25x100 of two 100x100 boxes: IoU = 2,500 / 17,500 = 0.14 < 0.3; the face is not central either.
        Match match = RULE.match(List.of(box(2, "Ann", 75, 0, 100, 100)), List.of(face("f", 0, 0, 100)), W, H).get(0);
        assertNull(match.face());
        assertEquals(UnscoredReason.NO_BOX_MATCH, match.reason());
        // An overlap of width o gives IoU o / (200 - o): just over 0.3 at o = 46.16.
        float overlap = 200 * 0.3f / 1.3f + 0.01f;
        assertEquals("f", RULE.match(List.of(box(3, "Ann", 100 - overlap, 0, 100, 100)), List.of(face("f", 0, 0, 100)), W, H)
                .get(0).face().faceId());
    }

    @Test
    void boxesAreMatchedGreedilySoTwoPeopleNeverShareAFace() {
        List<DetectedFace> faces = List.of(face("a", 0, 0, 100), face("b", 200, 0, 100));
        List<Match> matches = RULE.match(List.of(
                box(2, "Ann", 10, 0, 100, 100),    // IoU with a: 0.82
                box(3, "Bo", 0, 0, 100, 100),      // IoU with a: 1.0, so Bo takes a first
                box(4, "Cy", 205, 0, 100, 100)), faces, W, H);
        assertEquals(UnscoredReason.SAME_FACE_AS_ANOTHER_LABEL, matches.get(0).reason(), "Ann's only overlapping face is Bo's");
        assertEquals("a", matches.get(1).face().faceId());
        assertEquals("b", matches.get(2).face().faceId());
    }
}
