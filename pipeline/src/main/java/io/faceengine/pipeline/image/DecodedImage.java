package io.faceengine.pipeline.image;

import java.util.Objects;

/**
 * The result of decoding one encoded image.
 *
 * @param image           pixels as 8-bit RGB with the EXIF orientation already applied
 * @param format          lower-case format name: "jpeg", "png", "bmp", "gif", "webp" or "tiff"
 * @param sourceWidth     width as stored in the file, before orientation
 * @param sourceHeight    height as stored in the file, before orientation
 * @param exifOrientation the EXIF orientation that was applied, 1..8; 1 when the file has none
 */
public record DecodedImage(RgbImage image, String format, int sourceWidth, int sourceHeight, int exifOrientation) {

    public DecodedImage {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(format, "format");
        if (exifOrientation < 1 || exifOrientation > 8) {
            throw new IllegalArgumentException("EXIF orientation must be 1..8, got " + exifOrientation);
        }
    }

    /** True when orientation 5..8 swapped width and height. */
    public boolean transposed() {
        return exifOrientation >= 5;
    }
}
