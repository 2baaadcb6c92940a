package io.faceengine.pipeline.detect;

import io.faceengine.pipeline.detect.NonMaxSuppression.Overlap;
import io.faceengine.pipeline.face.DetectedFace;
import io.faceengine.pipeline.face.FaceBox;
import io.faceengine.pipeline.face.Landmarks5;
import io.faceengine.pipeline.image.ImageResampler;
import io.faceengine.pipeline.image.RgbImage;
import io.faceengine.pipeline.model.FloatTensor;
import io.faceengine.pipeline.model.ImageModel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MTCNN (Zhang et al., 2016): P-Net proposes faces over an image pyramid, R-Net and O-Net
 * re-score and refine the survivors, O-Net adds five landmarks. This class is the translator
 * around the three nets: pyramid, crops, box regression and NMS; the nets only see tensors.
 * Images of equal size share P-Net batches, and crops of all images share R-/O-Net batches.
 * Output roles the descriptors must declare: "scores" and "boxes" on all three nets,
 * "landmarks" on O-Net.
 */
public final class MtcnnDetector implements FaceDetector {
    private static final int PNET_WINDOW = 12;
    private static final int PNET_STRIDE = 2;
    private static final int RNET_SIZE = 24;
    private static final int ONET_SIZE = 48;

    private final ImageModel pnet;
    private final ImageModel rnet;
    private final ImageModel onet;
    private final MtcnnOptions options;

    public MtcnnDetector(ImageModel pnet, ImageModel rnet, ImageModel onet, MtcnnOptions options) {
        this.pnet = pnet;
        this.rnet = rnet;
        this.onet = onet;
        this.options = options;
    }

    @Override
    public List<List<DetectedFace>> detect(List<RgbImage> images) {
        List<Candidate> proposals = propose(images);
        List<Candidate> refined = refine(images, proposals);
        List<Candidate> finals = output(images, refined);
        List<List<DetectedFace>> faces = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            faces.add(new ArrayList<>());
        }
        for (Candidate c : finals) {
            float[] lm = c.landmarks;
            // Candidates use MTCNN's 1-based pixel coordinates (see score()); faces are 0-based.
            faces.get(c.image).add(new DetectedFace(new FaceBox(c.x1 - 1, c.y1 - 1, c.x2 - 1, c.y2 - 1), c.score,
                    new Landmarks5(java.util.Arrays.copyOfRange(lm, 0, 5), java.util.Arrays.copyOfRange(lm, 5, 10))));
        }
        for (List<DetectedFace> list : faces) {
            list.sort((a, b) -> Float.compare(b.score(), a.score()));
        }
        return faces;
    }

    /** Stage 1: P-Net over the pyramid of every image; squared, whole-pixel proposals. */
    private List<Candidate> propose(List<RgbImage> images) {
        Map<String, List<Integer>> bySize = new LinkedHashMap<>();
        for (int i = 0; i < images.size(); i++) {
            bySize.computeIfAbsent(images.get(i).width() + "x" + images.get(i).height(), k -> new ArrayList<>()).add(i);
        }
        List<List<Candidate>> perImage = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            perImage.add(new ArrayList<>());
        }
        for (List<Integer> group : bySize.values()) {
            RgbImage first = images.get(group.get(0));
            for (double scale : pyramidScales(first.width(), first.height())) {
                int w = (int) Math.ceil(first.width() * scale);
                int h = (int) Math.ceil(first.height() * scale);
                for (int from = 0; from < group.size(); from += options.maxBatch()) {
                    List<Integer> batch = group.subList(from, Math.min(group.size(), from + options.maxBatch()));
                    List<float[]> resized = batch.stream().map(i -> ImageResampler.resize(images.get(i), w, h)).toList();
                    Map<String, FloatTensor> out = pnet.run(resized, w, h);
                    for (int b = 0; b < batch.size(); b++) {
                        List<Candidate> found = proposalsAt(batch.get(b), b, out.get("scores"), out.get("boxes"), scale);
                        perImage.get(batch.get(b)).addAll(NonMaxSuppression.apply(found, 0.5f, Overlap.UNION));
                    }
                }
            }
        }
        List<Candidate> proposals = new ArrayList<>();
        for (List<Candidate> candidates : perImage) {
            for (Candidate c : NonMaxSuppression.apply(candidates, 0.7f, Overlap.UNION)) {
                c.regress(0);
                c.square();
                c.truncate();
                proposals.add(c);
            }
        }
        return proposals;
    }

    /** Pyramid scales from "min face maps to the 12-pixel window" down to the image's short side. */
    List<Double> pyramidScales(int width, int height) {
        List<Double> scales = new ArrayList<>();
        double m = (double) PNET_WINDOW / options.minFaceSize();
        double side = Math.min(width, height) * m;
        for (double scale = m; side >= PNET_WINDOW; side *= options.scaleFactor(), scale *= options.scaleFactor()) {
            scales.add(scale);
        }
        return scales;
    }

    /** Reads P-Net's score map of one image; outputs are laid out as the input ([n, W', H', c] for NWHC nets). */
    private List<Candidate> proposalsAt(int image, int b, FloatTensor scores, FloatTensor boxes, double scale) {
        boolean transposed = pnet.descriptor().layout() == io.faceengine.pipeline.model.TensorLayout.NWHC;
        int d1 = scores.dim(1);
        int d2 = scores.dim(2);
        int outW = transposed ? d1 : d2;
        int outH = transposed ? d2 : d1;
        List<Candidate> found = new ArrayList<>();
        for (int y = 0; y < outH; y++) {
            for (int x = 0; x < outW; x++) {
                int cell = b * d1 * d2 + (transposed ? x * d2 + y : y * d2 + x);
                float score = scores.data()[cell * 2 + 1];
                if (score < options.pnetThreshold()) {
                    continue;
                }
                Candidate c = new Candidate(image,
                        (float) (int) ((PNET_STRIDE * x + 1) / scale), (float) (int) ((PNET_STRIDE * y + 1) / scale),
                        (float) (int) ((PNET_STRIDE * x + PNET_WINDOW) / scale),
                        (float) (int) ((PNET_STRIDE * y + PNET_WINDOW) / scale), score);
                System.arraycopy(boxes.data(), cell * 4, c.regression, 0, 4);
                found.add(c);
            }
        }
        return found;
    }

    /** Stage 2: R-Net re-scores 24x24 crops of the proposals and refines their boxes. */
    private List<Candidate> refine(List<RgbImage> images, List<Candidate> proposals) {
        List<Candidate> passed = score(rnet, RNET_SIZE, images, proposals, options.rnetThreshold());
        List<Candidate> refined = new ArrayList<>();
        for (List<Candidate> ofImage : byImage(passed, images.size())) {
            for (Candidate c : NonMaxSuppression.apply(ofImage, 0.7f, Overlap.UNION)) {
                c.regress(1);
                c.square();
                c.truncate();
                refined.add(c);
            }
        }
        return refined;
    }

    /** Stage 3: O-Net scores 48x48 crops, regresses the final boxes and places the landmarks. */
    private List<Candidate> output(List<RgbImage> images, List<Candidate> refined) {
        List<Candidate> passed = score(onet, ONET_SIZE, images, refined, options.onetThreshold());
        List<Candidate> finals = new ArrayList<>();
        for (List<Candidate> ofImage : byImage(passed, images.size())) {
            for (Candidate c : ofImage) {
                c.regress(1);
            }
            finals.addAll(NonMaxSuppression.apply(ofImage, 0.7f, Overlap.MIN));
        }
        return finals;
    }

    /** Runs a refinement net on crops of the candidates; keeps those above the threshold, with new scores. */
    private List<Candidate> score(ImageModel net, int size, List<RgbImage> images, List<Candidate> candidates,
                                  float threshold) {
        List<Candidate> passed = new ArrayList<>();
        boolean wantsLandmarks = net.descriptor().outputs().containsKey("landmarks");
        for (int from = 0; from < candidates.size(); from += options.maxBatch()) {
            List<Candidate> batch = candidates.subList(from, Math.min(candidates.size(), from + options.maxBatch()));
            // As in the published MTCNN, candidate boxes are 1-based and inclusive: pixel x1 starts at x1 - 1.
            List<float[]> crops = batch.stream().map(c -> ImageResampler.crop(images.get(c.image), c.x1 - 1, c.y1 - 1,
                    c.x2 - c.x1 + 1, c.y2 - c.y1 + 1, size, size)).toList();
            Map<String, FloatTensor> out = net.run(crops, size, size);
            float[] scores = out.get("scores").data();
            float[] boxes = out.get("boxes").data();
            float[] landmarks = wantsLandmarks ? out.get("landmarks").data() : null;
            for (int k = 0; k < batch.size(); k++) {
                Candidate c = batch.get(k);
                if (scores[k * 2 + 1] <= threshold) {
                    continue;
                }
                c.score = scores[k * 2 + 1];
                System.arraycopy(boxes, k * 4, c.regression, 0, 4);
                if (landmarks != null) {
                    // Landmarks are fractions of the (inclusive) box; x's first, then y's.
                    float w = c.x2 - c.x1 + 1;
                    float h = c.y2 - c.y1 + 1;
                    c.landmarks = new float[10];
                    for (int j = 0; j < 5; j++) {
                        c.landmarks[j] = c.x1 - 1 + w * landmarks[k * 10 + j];
                        c.landmarks[j + 5] = c.y1 - 1 + h * landmarks[k * 10 + j + 5];
                    }
                }
                passed.add(c);
            }
        }
        return passed;
    }

    private static List<List<Candidate>> byImage(List<Candidate> candidates, int imageCount) {
        List<List<Candidate>> grouped = new ArrayList<>();
        for (int i = 0; i < imageCount; i++) {
            grouped.add(new ArrayList<>());
        }
        for (Candidate c : candidates) {
            grouped.get(c.image).add(c);
        }
        return grouped;
    }
}
