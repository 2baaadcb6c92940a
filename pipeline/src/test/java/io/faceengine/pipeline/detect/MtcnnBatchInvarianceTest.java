package io.faceengine.pipeline.detect;

import io.faceengine.pipeline.FaceModels;
import io.faceengine.pipeline.face.DetectedFace;
import io.faceengine.pipeline.image.RgbImage;
import io.faceengine.pipeline.testing.TestData;
import io.faceengine.pipeline.testing.TestModelFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The detector batches P-Net over same-sized images and R-/O-Net over crops of all images: the
 * faces found for an image must not depend on which other images share its call.
 */
class MtcnnBatchInvarianceTest {
    private static final float TOLERANCE = 1e-3f;

    private static List<RgbImage> images;
    private static List<List<DetectedFace>> oneByOne;

    @BeforeAll
    static void detectEachAlone() {
        // Two 500x375 photos share P-Net batches; the others have sizes of their own.
        images = new ArrayList<>();
        for (String file : List.of("2007_007763.jpg", "2008_002079.jpg", "2008_001009.jpg", "2009_004587.jpg")) {
            images.add(TestData.decode(TestData.multiFace().resolve(file)));
        }
        images.add(TestData.decode(TestData.lfwImage("Al_Gore", 1)));
        images.add(TestData.decode(TestData.lfwImage("Angela_Merkel", 2)));
        FaceDetector detector = TestModelFiles.defaultModels().detector();
        oneByOne = new ArrayList<>();
        for (RgbImage image : images) {
            oneByOne.add(detector.detect(List.of(image)).get(0));
        }
        int faces = oneByOne.stream().mapToInt(List::size).sum();
        assertTrue(faces >= 15, "the images should hold many faces, found " + faces);
    }

    @Test
    void allAtOnceEqualsOneByOne() {
        assertSameFaces(oneByOne, TestModelFiles.defaultModels().detector().detect(images));
    }

    @Test
    void orderOfTheBatchDoesNotMatter() {
        List<RgbImage> reversed = new ArrayList<>(images);
        Collections.reverse(reversed);
        List<List<DetectedFace>> expected = new ArrayList<>(oneByOne);
        Collections.reverse(expected);
        assertSameFaces(expected, TestModelFiles.defaultModels().detector().detect(reversed));
    }

    @Test
    void smallBatchLimitGivesTheSameFaces() {
        // maxBatch 3 splits the R-/O-Net crops and repeats of one image size into several calls.
        FaceModels small = FaceModels.load(TestModelFiles.config("detection.maxBatch=3"));
        List<RgbImage> withRepeats = new ArrayList<>(images);
        withRepeats.addAll(images);
        List<List<DetectedFace>> expected = new ArrayList<>(oneByOne);
        expected.addAll(oneByOne);
        assertSameFaces(expected, small.detector().detect(withRepeats));
    }

    private static void assertSameFaces(List<List<DetectedFace>> expected, List<List<DetectedFace>> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).size(), actual.get(i).size(), "faces in image " + i);
            for (int f = 0; f < expected.get(i).size(); f++) {
                DetectedFace e = expected.get(i).get(f);
                DetectedFace a = actual.get(i).get(f);
                String where = "image " + i + " face " + f;
                assertEquals(e.score(), a.score(), TOLERANCE, where + " score");
                assertEquals(e.box().x1(), a.box().x1(), TOLERANCE, where + " x1");
                assertEquals(e.box().y1(), a.box().y1(), TOLERANCE, where + " y1");
                assertEquals(e.box().x2(), a.box().x2(), TOLERANCE, where + " x2");
                assertEquals(e.box().y2(), a.box().y2(), TOLERANCE, where + " y2");
                for (int k = 0; k < 5; k++) {
                    assertEquals(e.landmarks().x(k), a.landmarks().x(k), TOLERANCE, where + " landmark x" + k);
                    assertEquals(e.landmarks().y(k), a.landmarks().y(k), TOLERANCE, where + " landmark y" + k);
                }
            }
        }
    }
}
