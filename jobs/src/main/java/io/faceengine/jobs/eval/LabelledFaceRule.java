package io.faceengine.jobs.eval;

import io.faceengine.pipeline.eval.LabelsFile.Label;
import io.faceengine.pipeline.face.FaceBox;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which detected face of an image a label names.
 * <ul>
 *   <li>A box label names the detected face with the highest IoU with its box, if that IoU is at
 *       least {@value #MIN_BOX_IOU}. Several boxes of one image are matched greedily, highest IoU
 *       first, so two labels never take one face.</li>
 *   <li>A photo label names the photo's main person: the only face; else the largest face, unless
 *       other faces are close to it in area (more than {@code largestFaceMargin} times its area),
 *       in which case the one of those whose centre is nearest the image centre wins. A margin of 1
 *       always takes the largest face; a margin of 0 always takes the face nearest the centre.</li>
 * </ul>
 * The default margin, 0.6, was chosen per fold on celeba-dev and lfw-dev together (PhotoLabelRuleStudy):
 * every held-out fold chose it, and it matched the person recognised in photos with several faces in
 * 94-95% of celeba-dev's and all of lfw-dev's; 0.5 lets too many central faces beat the main person on
 * celeba-dev, and from 0.7 up the larger background faces of lfw-dev start to win.
 * <p>Every face the detector kept competes, whatever its quality: a labelled face that then fails the
 * quality filter is reported as such, never replaced by another face of the photo.
 */
public final class LabelledFaceRule {
    public static final double MIN_BOX_IOU = 0.3;
    public static final double DEFAULT_LARGEST_FACE_MARGIN = 0.6;

    private final double largestFaceMargin;

    /** A face the detector found in the image. */
    public record DetectedFace(String faceId, FaceBox box) {
    }

    /** The face a label names, or (face null) the reason it names none. */
    public record Match(Label label, DetectedFace face, UnscoredReason reason) {
        static Match of(Label label, DetectedFace face) {
            return new Match(label, face, null);
        }

        static Match unscored(Label label, UnscoredReason reason) {
            return new Match(label, null, reason);
        }

        public boolean matched() {
            return face != null;
        }
    }

    public LabelledFaceRule(double largestFaceMargin) {
        if (!(largestFaceMargin >= 0 && largestFaceMargin <= 1)) {
            throw new IllegalArgumentException("the largest-face margin must be between 0 and 1, got " + largestFaceMargin);
        }
        this.largestFaceMargin = largestFaceMargin;
    }

    public double largestFaceMargin() {
        return largestFaceMargin;
    }

    /**
     * Matches the labels of one image (several when labelled bytes occur at several paths, or when
     * the image has several boxes) to its detected faces; one match per label, in label order.
     */
    public List<Match> match(List<Label> labels, List<DetectedFace> faces, int width, int height) {
        if (faces.isEmpty()) {
            return labels.stream().map(l -> Match.unscored(l, UnscoredReason.NO_FACE_DETECTED)).toList();
        }
        Map<Label, Match> matches = new LinkedHashMap<>();
        labels.forEach(l -> matches.put(l, null));
        Set<String> taken = new HashSet<>();
        List<Label> boxLabels = labels.stream().filter(l -> l.box() != null).toList();
        matchBoxes(boxLabels, faces, taken, matches);
        DetectedFace main = null;
        for (Label label : labels) {
            if (label.box() != null) {
                continue;
            }
            if (main == null) {
                main = mainFace(faces, width, height);
            }
            matches.put(label, taken.add(main.faceId()) ? Match.of(label, main)
                    : Match.unscored(label, UnscoredReason.SAME_FACE_AS_ANOTHER_LABEL));
        }
        return new ArrayList<>(matches.values());
    }

    /** The photo rule: the main person's face among the image's faces (at least one). */
    public DetectedFace mainFace(List<DetectedFace> faces, int width, int height) {
        float largest = faces.stream().map(f -> f.box().area()).max(Float::compare).orElseThrow();
        double cx = width / 2.0;
        double cy = height / 2.0;
        return faces.stream()
                .filter(f -> f.box().area() >= largest || f.box().area() > largestFaceMargin * largest)
                .min(Comparator.comparingDouble((DetectedFace f) -> centreDistance(f.box(), cx, cy))
                        .thenComparing(f -> -f.box().area())
                        .thenComparing(DetectedFace::faceId))
                .orElseThrow();
    }

    private static void matchBoxes(List<Label> labels, List<DetectedFace> faces, Set<String> taken, Map<Label, Match> matches) {
        record Pair(Label label, DetectedFace face, float iou) {
        }
        List<Pair> pairs = new ArrayList<>();
        for (Label label : labels) {
            for (DetectedFace face : faces) {
                float iou = label.box().iou(face.box());
                if (iou >= MIN_BOX_IOU) {
                    pairs.add(new Pair(label, face, iou));
                }
            }
        }
        pairs.sort(Comparator.comparingDouble((Pair p) -> -p.iou()).thenComparingInt(p -> p.label().line())
                .thenComparing(p -> p.face().faceId()));
        Set<Label> overlapping = new HashSet<>();
        for (Pair pair : pairs) {
            overlapping.add(pair.label());
            if (matches.get(pair.label()) == null && !taken.contains(pair.face().faceId())) {
                taken.add(pair.face().faceId());
                matches.put(pair.label(), Match.of(pair.label(), pair.face()));
            }
        }
        for (Label label : labels) {
            if (matches.get(label) == null) {
                matches.put(label, Match.unscored(label, overlapping.contains(label)
                        ? UnscoredReason.SAME_FACE_AS_ANOTHER_LABEL : UnscoredReason.NO_BOX_MATCH));
            }
        }
    }

    private static double centreDistance(FaceBox box, double cx, double cy) {
        return Math.hypot((box.x1() + box.x2()) / 2.0 - cx, (box.y1() + box.y2()) / 2.0 - cy);
    }
}
