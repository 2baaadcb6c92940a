package io.faceengine.training.finetune;

/**
 * The augmentations a face trainer uses, each drawn per crop and per epoch.
 *
 * @param flip          probability of mirroring (a face and its mirror are the same person)
 * @param scaleJitter   the crop window shrinks by up to this share and moves anywhere inside the crop
 * @param colourJitter  brightness and contrast change by up to this share
 * @param grey          probability of dropping colour
 * @param lowResolution probability of downscaling the face to {@code lowResolutionPixels} and back
 * @param lowResolutionPixels the smallest face width that downscaling draws (up to twice that)
 * @param blur          probability of a Gaussian blur (sigma 0.5–1.5 px)
 * @param jpeg          probability of JPEG re-compression at quality 10–60
 */
public record AugmentationOptions(double flip, double scaleJitter, double colourJitter,
                                  double grey, double lowResolution, int lowResolutionPixels, double blur,
                                  double jpeg) {

    public static AugmentationOptions defaults() {
        return new AugmentationOptions(0.5, 0.08, 0.2, 0.2, 0.2, 20, 0.2, 0.3);
    }

    /** Crops seen as they are: for checks that must not depend on augmentation. */
    public static AugmentationOptions none() {
        return new AugmentationOptions(0, 0, 0, 0, 0, 20, 0, 0);
    }
}
