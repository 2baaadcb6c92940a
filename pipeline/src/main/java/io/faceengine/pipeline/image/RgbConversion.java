package io.faceengine.pipeline.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;

/**
 * Flattens whatever a reader produced into 8-bit RGB. Transparent pixels are composited over
 * white, the usual background when a person looks at such an image, so a face on a cut-out
 * background keeps its contrast.
 */
final class RgbConversion {

    private static final int WHITE = 255;

    private RgbConversion() {
    }

    static RgbImage toRgb(BufferedImage image) {
        ColorModel model = image.getColorModel();
        if (isPlainGray(model)) {
            return fromGraySamples(image);
        }
        if (isPlain8BitSrgb(model)) {
            return fromSrgbSamples(image);
        }
        return fromArgb(image);
    }

    /*
     * Grey samples are copied as they are: the colour model of a grey image treats them as linear
     * light and would brighten every pixel on conversion, while grey files hold gamma-encoded values
     * just like RGB files.
     */
    private static boolean isPlainGray(ColorModel model) {
        return model instanceof ComponentColorModel
                && model.getColorSpace().getType() == ColorSpace.TYPE_GRAY
                && model.getNumColorComponents() == 1
                && !model.isAlphaPremultiplied()
                && isIntegerSamples(model.getTransferType());
    }

    private static boolean isPlain8BitSrgb(ColorModel model) {
        if (!(model instanceof ComponentColorModel)
                || !model.getColorSpace().isCS_sRGB()
                || model.isAlphaPremultiplied()
                || model.getTransferType() != DataBuffer.TYPE_BYTE) {
            return false;
        }
        for (int size : model.getComponentSize()) {
            if (size != 8) {
                return false;
            }
        }
        return true;
    }

    private static boolean isIntegerSamples(int transferType) {
        return transferType == DataBuffer.TYPE_BYTE || transferType == DataBuffer.TYPE_USHORT;
    }

    private static RgbImage fromGraySamples(BufferedImage image) {
        ColorModel model = image.getColorModel();
        Raster raster = image.getRaster();
        int w = image.getWidth();
        int h = image.getHeight();
        boolean alpha = model.hasAlpha();
        int grayMax = (1 << model.getComponentSize(0)) - 1;
        int alphaMax = alpha ? (1 << model.getComponentSize(1)) - 1 : 1;
        int bands = raster.getNumBands();
        int[] row = new int[w * bands];
        byte[] out = new byte[w * h * 3];
        int o = 0;
        for (int y = 0; y < h; y++) {
            raster.getPixels(0, y, w, 1, row);
            for (int x = 0; x < w; x++) {
                int gray = scaleTo8Bit(row[x * bands], grayMax);
                if (alpha) {
                    gray = overWhite(gray, scaleTo8Bit(row[x * bands + 1], alphaMax));
                }
                byte g = (byte) gray;
                out[o++] = g;
                out[o++] = g;
                out[o++] = g;
            }
        }
        return new RgbImage(w, h, out);
    }

    private static RgbImage fromSrgbSamples(BufferedImage image) {
        Raster raster = image.getRaster();
        int w = image.getWidth();
        int h = image.getHeight();
        boolean alpha = image.getColorModel().hasAlpha();
        int bands = raster.getNumBands();
        int[] row = new int[w * bands];
        byte[] out = new byte[w * h * 3];
        int o = 0;
        for (int y = 0; y < h; y++) {
            raster.getPixels(0, y, w, 1, row);
            for (int i = 0; i < row.length; i += bands) {
                int a = alpha ? row[i + 3] : WHITE;
                out[o++] = (byte) overWhite(row[i], a);
                out[o++] = (byte) overWhite(row[i + 1], a);
                out[o++] = (byte) overWhite(row[i + 2], a);
            }
        }
        return new RgbImage(w, h, out);
    }

    /** Palette, packed, 16-bit and ICC-profiled images: let the colour model convert to sRGB. */
    private static RgbImage fromArgb(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] row = new int[w];
        byte[] out = new byte[w * h * 3];
        int o = 0;
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int argb : row) {
                int a = argb >>> 24;
                out[o++] = (byte) overWhite((argb >> 16) & 0xFF, a);
                out[o++] = (byte) overWhite((argb >> 8) & 0xFF, a);
                out[o++] = (byte) overWhite(argb & 0xFF, a);
            }
        }
        return new RgbImage(w, h, out);
    }

    private static int scaleTo8Bit(int sample, int max) {
        return max == WHITE ? sample : (sample * WHITE + max / 2) / max;
    }

    /** Non-premultiplied colour c with opacity a (0..255) laid over a white background. */
    private static int overWhite(int c, int a) {
        if (a == WHITE) {
            return c;
        }
        return (c * a + WHITE * (WHITE - a) + WHITE / 2) / WHITE;
    }
}
