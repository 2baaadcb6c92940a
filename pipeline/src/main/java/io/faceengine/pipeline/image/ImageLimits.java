package io.faceengine.pipeline.image;

/**
 * Upper bounds the decoder enforces before it allocates anything large.
 *
 * @param maxPixels    largest width x height accepted, checked from the header before pixels are decoded
 * @param maxFileBytes largest encoded size accepted, checked before the bytes are parsed
 */
public record ImageLimits(long maxPixels, long maxFileBytes) implements java.io.Serializable {

    public static final long DEFAULT_MAX_PIXELS = 50_000_000L;
    public static final long DEFAULT_MAX_FILE_BYTES = 100L * 1024 * 1024;

    /** The output is one byte array of width x height x 3, so a Java array bounds the pixel count. */
    static final long LARGEST_SUPPORTED_PIXELS = (Integer.MAX_VALUE - 8) / 3;

    public ImageLimits {
        if (maxPixels <= 0 || maxPixels > LARGEST_SUPPORTED_PIXELS) {
            throw new IllegalArgumentException(
                    "maxPixels must be in 1.." + LARGEST_SUPPORTED_PIXELS + ", got " + maxPixels);
        }
        // Byte arrays cannot exceed Integer.MAX_VALUE, and the whole file is held in one.
        if (maxFileBytes <= 0 || maxFileBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(
                    "maxFileBytes must be in 1.." + (Integer.MAX_VALUE - 8) + ", got " + maxFileBytes);
        }
    }

    public static ImageLimits defaults() {
        return new ImageLimits(DEFAULT_MAX_PIXELS, DEFAULT_MAX_FILE_BYTES);
    }
}
