package io.faceengine.pipeline.align;

import io.faceengine.pipeline.face.DetectedFace;
import io.faceengine.pipeline.face.FaceBox;
import io.faceengine.pipeline.face.Landmarks5;
import io.faceengine.pipeline.image.ImageResampler;
import io.faceengine.pipeline.image.RgbImage;

import java.util.Optional;

/**
 * Images handed in as already aligned face crops (input.alignedCrops), e.g. an existing training
 * set: the detector finds such tight crops poorly and warping them again only loses detail, so the
 * whole image is taken as the one face. Its box is the whole image, its landmarks are where the
 * template puts them (scaled to the image's pixels), and its detector score is NaN: nothing
 * detected it. The crop is the image itself, resized to the template size if it is not already.
 *
 * <p>An image far from square or too small cannot be such a crop (stretching it would distort the
 * face, enlarging it more than 2x would invent detail): it is refused with {@link #NOT_AN_ALIGNED_CROP}.
 */
public final class GivenCrops {
    /** The image status of an input refused as an aligned crop. */
    public static final String NOT_AN_ALIGNED_CROP = "NOT_AN_ALIGNED_CROP";
    /** Longest side over shortest side above this is not square enough: more than 10% off. */
    static final double MAX_SIDE_RATIO = 1.10;
    /** Half the 112 template: a smaller crop would be enlarged more than twice. */
    static final int MIN_SIDE = 56;

    private final AlignmentTemplate template;

    public GivenCrops(AlignmentTemplate template) {
        this.template = template;
    }

    /** Why an image of this size cannot be taken as an aligned crop; empty when it can. */
    public static Optional<String> rejection(int width, int height) {
        int shortSide = Math.min(width, height);
        int longSide = Math.max(width, height);
        if (shortSide < MIN_SIDE) {
            return Optional.of("a " + width + "x" + height + " image is smaller than " + MIN_SIDE
                    + " px, too small for an aligned face crop (input.alignedCrops is on)");
        }
        if (longSide > MAX_SIDE_RATIO * shortSide) {
            return Optional.of("a " + width + "x" + height + " image is more than 10% off square, not an aligned"
                    + " face crop (input.alignedCrops is on)");
        }
        return Optional.empty();
    }

    /** The face the whole image is, in the image's pixels. The image must pass {@link #rejection}. */
    public DetectedFace face(int width, int height) {
        requireAccepted(width, height);
        float sx = (float) width / template.width();
        float sy = (float) height / template.height();
        float[] x = new float[Landmarks5.COUNT];
        float[] y = new float[Landmarks5.COUNT];
        for (int p = 0; p < Landmarks5.COUNT; p++) {
            x[p] = template.x()[p] * sx;
            y[p] = template.y()[p] * sy;
        }
        return new DetectedFace(new FaceBox(0, 0, width, height), Float.NaN, new Landmarks5(x, y));
    }

    /** The crop: the image itself at the template size. The image must pass {@link #rejection}. */
    public RgbImage crop(RgbImage image) {
        requireAccepted(image.width(), image.height());
        if (image.width() == template.width() && image.height() == template.height()) {
            return image;
        }
        return ImageResampler.resizeToRgb(image, template.width(), template.height());
    }

    private static void requireAccepted(int width, int height) {
        rejection(width, height).ifPresent(reason -> {
            throw new IllegalArgumentException(reason);
        });
    }
}
