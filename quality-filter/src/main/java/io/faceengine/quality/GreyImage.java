package io.faceengine.quality;

import io.faceengine.pipeline.image.RgbImage;

/** Luma of an RGB image (BT.601 weights, the Y of JPEG), 0..255, row-major. */
record GreyImage(int width, int height, float[] luma) {

    static GreyImage of(RgbImage image) {
        int w = image.width();
        int h = image.height();
        byte[] rgb = image.rgb();
        float[] luma = new float[w * h];
        for (int i = 0; i < luma.length; i++) {
            luma[i] = 0.299f * (rgb[i * 3] & 0xFF) + 0.587f * (rgb[i * 3 + 1] & 0xFF) + 0.114f * (rgb[i * 3 + 2] & 0xFF);
        }
        return new GreyImage(w, h, luma);
    }

    float at(int x, int y) {
        return luma[y * width + x];
    }
}
