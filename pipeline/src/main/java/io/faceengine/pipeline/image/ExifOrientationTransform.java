package io.faceengine.pipeline.image;

/**
 * Turns pixels as stored into pixels as they should be shown, for the eight EXIF orientation
 * values (TIFF tag 274): 1 as stored, 2 mirrored left-right, 3 rotated 180, 4 mirrored top-bottom,
 * 5 transposed, 6 needs a 90 degree clockwise turn, 7 transversed, 8 needs a 90 degree
 * anticlockwise turn.
 */
final class ExifOrientationTransform {

    private ExifOrientationTransform() {
    }

    static boolean isValid(int orientation) {
        return orientation >= 1 && orientation <= 8;
    }

    static RgbImage apply(RgbImage stored, int orientation) {
        if (!isValid(orientation)) {
            throw new IllegalArgumentException("EXIF orientation must be 1..8, got " + orientation);
        }
        if (orientation == 1) {
            return stored;
        }
        int w = stored.width();
        int h = stored.height();
        boolean swapsAxes = orientation >= 5;
        int outW = swapsAxes ? h : w;
        int outH = swapsAxes ? w : h;
        byte[] src = stored.rgb();
        byte[] out = new byte[src.length];
        int o = 0;
        for (int y = 0; y < outH; y++) {
            for (int x = 0; x < outW; x++) {
                int s = sourceIndex(orientation, x, y, w, h) * 3;
                out[o++] = src[s];
                out[o++] = src[s + 1];
                out[o++] = src[s + 2];
            }
        }
        return new RgbImage(outW, outH, out);
    }

    /** Pixel index in the stored image that lands at (x, y) of the displayed image. */
    private static int sourceIndex(int orientation, int x, int y, int w, int h) {
        return switch (orientation) {
            case 2 -> y * w + (w - 1 - x);
            case 3 -> (h - 1 - y) * w + (w - 1 - x);
            case 4 -> (h - 1 - y) * w + x;
            case 5 -> x * w + y;
            case 6 -> (h - 1 - x) * w + y;
            case 7 -> (h - 1 - x) * w + (w - 1 - y);
            case 8 -> x * w + (w - 1 - y);
            default -> y * w + x;
        };
    }
}
