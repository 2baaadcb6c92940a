package io.faceengine.pipeline.detect;

import io.faceengine.pipeline.face.DetectedFace;
import io.faceengine.pipeline.face.FaceBox;
import io.faceengine.pipeline.image.RgbImage;
import io.faceengine.pipeline.testing.TestData;
import io.faceengine.pipeline.testing.TestModelFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The default MTCNN on dlib's group photos (43 hand-drawn boxes in training.xml + testing.xml).
 * A detection matches a hand box when their IoU is at least 0.3 (one-to-one, best IoU first):
 * the hand boxes are tight around the face while MTCNN's are looser, so a stricter IoU would
 * count good detections as misses.
 */
class MtcnnMultiFaceDetectionTest {
    private static final float MATCH_IOU = 0.3f;
    private static final int HAND_BOXES = 43;
    // Measured with the default models: recall 0.977 (42/43), precision 0.977 (42/43). The floors allow
    // three more misses, and for precision some unlabelled background faces.
    private static final double RECALL_FLOOR = 0.90;
    private static final double PRECISION_FLOOR = 0.85;
    // Measured: 25 of the ~26 faces in the collage.
    private static final int CROWD_FLOOR = 20;

    private record Photo(String file, RgbImage image, List<FaceBox> truth) {
    }

    private record Match(int truth, int detection, float iou) {
    }

    private static List<Photo> photos;
    private static List<List<DetectedFace>> detections;

    @BeforeAll
    static void detectAll() throws Exception {
        photos = new ArrayList<>();
        for (String xml : List.of("training.xml", "testing.xml")) {
            photos.addAll(readImglab(TestData.multiFace().resolve(xml)));
        }
        detections = TestModelFiles.defaultModels().detector().detect(photos.stream().map(Photo::image).toList());
    }

    @Test
    void findsTheHandLabelledFaces() {
        int truths = 0;
        int matched = 0;
        int detected = 0;
        for (int p = 0; p < photos.size(); p++) {
            List<FaceBox> truth = photos.get(p).truth();
            List<Match> matches = match(truth, detections.get(p));
            truths += truth.size();
            matched += matches.size();
            detected += detections.get(p).size();
            System.out.printf("%s: %d hand boxes, %d detections, %d matched%n", photos.get(p).file(), truth.size(),
                    detections.get(p).size(), matches.size());
        }
        double recall = (double) matched / truths;
        double precision = (double) matched / detected;
        System.out.printf("MTCNN on multi-face: recall %.3f (%d/%d), precision %.3f (%d/%d) at IoU >= %.1f%n",
                recall, matched, truths, precision, matched, detected, MATCH_IOU);

        assertEquals(HAND_BOXES, truths, "hand boxes read from training.xml + testing.xml");
        assertTrue(recall >= RECALL_FLOOR, "recall " + recall + " below " + RECALL_FLOOR);
        assertTrue(precision >= PRECISION_FLOOR, "precision " + precision + " below " + PRECISION_FLOOR);
    }

    @Test
    void landmarksOfMatchedFacesLieInsideTheirFace() {
        int checked = 0;
        for (int p = 0; p < photos.size(); p++) {
            List<FaceBox> truth = photos.get(p).truth();
            List<DetectedFace> faces = detections.get(p);
            for (Match m : match(truth, faces)) {
                DetectedFace face = faces.get(m.detection());
                // Hand boxes are tight; allow a tenth of the box on each side for eyes and mouth corners near the edge.
                FaceBox t = truth.get(m.truth());
                FaceBox area = grow(t, 0.1f);
                for (int i = 0; i < 5; i++) {
                    assertTrue(area.contains(face.landmarks().x(i), face.landmarks().y(i)),
                            photos.get(p).file() + ": landmark " + i + " at (" + face.landmarks().x(i) + ", "
                                    + face.landmarks().y(i) + ") outside " + t);
                }
                // Eyes above the mouth, left eye left of the right eye (upright photos).
                assertTrue(face.landmarks().x(0) < face.landmarks().x(1), "eye order");
                assertTrue(Math.max(face.landmarks().y(0), face.landmarks().y(1))
                        < Math.min(face.landmarks().y(3), face.landmarks().y(4)), "eyes above mouth");
                checked++;
            }
        }
        assertTrue(checked >= 30, "only " + checked + " matched faces to check");
    }

    @Test
    void scoresAreSortedAndAboveTheOutputThreshold() {
        for (List<DetectedFace> faces : detections) {
            for (int i = 0; i < faces.size(); i++) {
                assertTrue(faces.get(i).score() > 0.7f && faces.get(i).score() <= 1f, "score " + faces.get(i).score());
                if (i > 0) {
                    assertTrue(faces.get(i - 1).score() >= faces.get(i).score(), "best score first");
                }
            }
        }
    }

    @Test
    void noConfidentFaceAmongDogs() {
        // Measured: no detection at all at the default thresholds (O-Net's best score there is 0.86 even
        // with every stage threshold lowered).
        List<DetectedFace> faces = detectOne("dogs.jpg");
        faces.forEach(f -> System.out.printf("dogs.jpg: detection score %.4f at %s%n", f.score(), f.box()));
        assertTrue(faces.stream().noneMatch(f -> f.score() >= 0.9f), "confident false positive on dogs.jpg: " + faces);
    }

    @Test
    void findsSeveralFacesInACrowd() {
        List<DetectedFace> faces = detectOne("bald_guys.jpg");
        System.out.printf("bald_guys.jpg: %d faces%n", faces.size());
        assertTrue(faces.size() >= CROWD_FLOOR, "only " + faces.size() + " faces in bald_guys.jpg");
    }

    private static List<DetectedFace> detectOne(String file) {
        RgbImage image = TestData.decode(TestData.multiFace().resolve(file));
        return TestModelFiles.defaultModels().detector().detect(List.of(image)).get(0);
    }

    /** One-to-one matching, best IoU first. */
    private static List<Match> match(List<FaceBox> truth, List<DetectedFace> faces) {
        List<Match> candidates = new ArrayList<>();
        for (int t = 0; t < truth.size(); t++) {
            for (int d = 0; d < faces.size(); d++) {
                float iou = truth.get(t).iou(faces.get(d).box());
                if (iou >= MATCH_IOU) {
                    candidates.add(new Match(t, d, iou));
                }
            }
        }
        candidates.sort(Comparator.comparingDouble(Match::iou).reversed());
        boolean[] truthUsed = new boolean[truth.size()];
        boolean[] faceUsed = new boolean[faces.size()];
        List<Match> matches = new ArrayList<>();
        for (Match m : candidates) {
            if (!truthUsed[m.truth()] && !faceUsed[m.detection()]) {
                truthUsed[m.truth()] = true;
                faceUsed[m.detection()] = true;
                matches.add(m);
            }
        }
        return matches;
    }

    private static FaceBox grow(FaceBox box, float fraction) {
        float dx = box.width() * fraction;
        float dy = box.height() * fraction;
        return new FaceBox(box.x1() - dx, box.y1() - dy, box.x2() + dx, box.y2() + dy);
    }

    /** dlib imglab XML: {@code <image file='…'><box top left width height/></image>}. */
    private static List<Photo> readImglab(Path xml) throws Exception {
        Element root = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile()).getDocumentElement();
        List<Photo> photos = new ArrayList<>();
        NodeList images = root.getElementsByTagName("image");
        for (int i = 0; i < images.getLength(); i++) {
            Element image = (Element) images.item(i);
            List<FaceBox> boxes = new ArrayList<>();
            NodeList boxNodes = image.getElementsByTagName("box");
            for (int b = 0; b < boxNodes.getLength(); b++) {
                Element box = (Element) boxNodes.item(b);
                float left = Float.parseFloat(box.getAttribute("left"));
                float top = Float.parseFloat(box.getAttribute("top"));
                boxes.add(new FaceBox(left, top, left + Float.parseFloat(box.getAttribute("width")),
                        top + Float.parseFloat(box.getAttribute("height"))));
            }
            String file = image.getAttribute("file");
            photos.add(new Photo(file, TestData.decode(xml.resolveSibling(file)), boxes));
        }
        return photos;
    }
}
