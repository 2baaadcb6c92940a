package io.faceengine.pipeline.detect;

/** A face proposal moving through MTCNN's stages; mutable because each stage refines it in place. */
final class Candidate {
    final int image;
    float x1;
    float y1;
    float x2;
    float y2;
    float score;
    final float[] regression = new float[4];
    float[] landmarks;

    Candidate(int image, float x1, float y1, float x2, float y2, float score) {
        this.image = image;
        this.x1 = x1;
        this.y1 = y1;
        this.x2 = x2;
        this.y2 = y2;
        this.score = score;
    }

    /** Inclusive-pixel area, as the original MTCNN code measures boxes. */
    float area() {
        return (x2 - x1 + 1) * (y2 - y1 + 1);
    }

    /** Applies the predicted offsets, scaled by the box size ({@code extra} = 1 for inclusive sizes). */
    void regress(float extra) {
        float w = x2 - x1 + extra;
        float h = y2 - y1 + extra;
        x1 += regression[0] * w;
        y1 += regression[1] * h;
        x2 += regression[2] * w;
        y2 += regression[3] * h;
    }

    /** Grows the shorter side around the centre so the next stage sees an undistorted square. */
    void square() {
        float w = x2 - x1;
        float h = y2 - y1;
        float side = Math.max(w, h);
        x1 = x1 + w * 0.5f - side * 0.5f;
        y1 = y1 + h * 0.5f - side * 0.5f;
        x2 = x1 + side;
        y2 = y1 + side;
    }

    /** Truncates to whole pixels, the way the crops for the next stage are cut. */
    void truncate() {
        x1 = (float) (int) x1;
        y1 = (float) (int) y1;
        x2 = (float) (int) x2;
        y2 = (float) (int) y2;
    }
}
