package io.faceengine.pipeline.face;

/** An axis-aligned face box in source-image pixel coordinates (x1,y1 top-left; x2,y2 bottom-right). */
public record FaceBox(float x1, float y1, float x2, float y2) {

    public float width() {
        return x2 - x1;
    }

    public float height() {
        return y2 - y1;
    }

    public float area() {
        return Math.max(0, width()) * Math.max(0, height());
    }

    /** Intersection over union with another box. */
    public float iou(FaceBox other) {
        float w = Math.min(x2, other.x2) - Math.max(x1, other.x1);
        float h = Math.min(y2, other.y2) - Math.max(y1, other.y1);
        if (w <= 0 || h <= 0) {
            return 0;
        }
        float inter = w * h;
        return inter / (area() + other.area() - inter);
    }

    public boolean contains(float x, float y) {
        return x >= x1 && x <= x2 && y >= y1 && y <= y2;
    }
}
