package io.faceengine.training.finetune;

import io.faceengine.pipeline.image.CropCodec;
import io.faceengine.pipeline.image.ImageResampler;
import io.faceengine.pipeline.image.RgbImage;

import java.util.SplittableRandom;

/**
 * Turns an aligned crop into the network's input pixels (RGB floats 0..255, row-major HWC) with
 * the configured augmentations. Every draw comes from (seed, epoch, example), so the same epoch
 * sees the same pixels however often it is run: a resumed training repeats the interrupted one.
 */
public final class CropAugmenter {
    private final AugmentationOptions options;
    private final int width;
    private final int height;

    public CropAugmenter(AugmentationOptions options, int width, int height) {
        this.options = options;
        this.width = width;
        this.height = height;
    }

    public float[] augment(RgbImage crop, long seed, int epoch, int example) {
        SplittableRandom random = new SplittableRandom(mix(seed, epoch, example));
        float[] pixels = window(crop, random);
        if (random.nextDouble() < options.lowResolution()) {
            int size = options.lowResolutionPixels() + random.nextInt(options.lowResolutionPixels() + 1);
            RgbImage small = ImageResampler.resizeToRgb(toRgb(pixels), size, size * height / width);
            pixels = ImageResampler.resize(small, width, height);
        }
        if (random.nextDouble() < options.blur()) {
            pixels = GaussianBlur.apply(pixels, width, height, 0.5 + random.nextDouble());
        }
        if (options.colourJitter() > 0) {
            double contrast = 1 + options.colourJitter() * (2 * random.nextDouble() - 1);
            double brightness = 127.5 * options.colourJitter() * (2 * random.nextDouble() - 1);
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = (float) clamp((pixels[i] - 127.5) * contrast + 127.5 + brightness);
            }
        }
        if (random.nextDouble() < options.grey()) {
            for (int i = 0; i < pixels.length; i += 3) {
                float luma = 0.299f * pixels[i] + 0.587f * pixels[i + 1] + 0.114f * pixels[i + 2];
                pixels[i] = luma;
                pixels[i + 1] = luma;
                pixels[i + 2] = luma;
            }
        }
        if (random.nextDouble() < options.jpeg()) {
            float quality = (10 + random.nextInt(51)) / 100f;
            pixels = ImageResampler.resize(CropCodec.decode(CropCodec.encode(toRgb(pixels), quality)), width, height);
        }
        if (random.nextDouble() < options.flip()) {
            pixels = ImageResampler.mirrored(pixels, width, height);
        }
        return pixels;
    }

    /** A window of the crop, shrunk by up to the scale jitter and placed anywhere inside it. */
    private float[] window(RgbImage crop, SplittableRandom random) {
        double shrink = 1 - options.scaleJitter() * random.nextDouble();
        double w = crop.width() * shrink;
        double h = crop.height() * shrink;
        double x0 = (crop.width() - w) * random.nextDouble();
        double y0 = (crop.height() - h) * random.nextDouble();
        return ImageResampler.crop(crop, x0, y0, w, h, width, height);
    }

    private RgbImage toRgb(float[] pixels) {
        byte[] rgb = new byte[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            rgb[i] = (byte) Math.round(clamp(pixels[i]));
        }
        return new RgbImage(width, height, rgb);
    }

    private static double clamp(double v) {
        return Math.min(255, Math.max(0, v));
    }

    /** One 64-bit stream per (seed, epoch, example), from SplitMix64's finaliser. */
    static long mix(long seed, int epoch, int example) {
        long z = seed * 0x9E3779B97F4A7C15L + ((long) epoch << 32 | (example & 0xFFFFFFFFL));
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
