package io.faceengine.pipeline.detect;

/**
 * MTCNN's knobs. Defaults are those published with the original networks.
 *
 * @param minFaceSize     smallest face side, in pixels, the image pyramid looks for
 * @param scaleFactor     ratio between pyramid levels
 * @param pnetThreshold   proposal score threshold (stage 1)
 * @param rnetThreshold   refinement score threshold (stage 2)
 * @param onetThreshold   output score threshold (stage 3)
 * @param maxBatch        most crops sent to R-Net/O-Net in one call
 */
public record MtcnnOptions(int minFaceSize, float scaleFactor, float pnetThreshold, float rnetThreshold,
                           float onetThreshold, int maxBatch) {

    public MtcnnOptions {
        if (minFaceSize < 12) {
            throw new IllegalArgumentException("minFaceSize must be at least 12 pixels (P-Net's window), got " + minFaceSize);
        }
        if (!(scaleFactor > 0.1f && scaleFactor < 1f)) {
            throw new IllegalArgumentException("scaleFactor must be in (0.1, 1), got " + scaleFactor);
        }
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be positive, got " + maxBatch);
        }
    }

    public static MtcnnOptions defaults() {
        return new MtcnnOptions(20, 0.709f, 0.6f, 0.7f, 0.7f, 128);
    }

    public MtcnnOptions withMinFaceSize(int size) {
        return new MtcnnOptions(size, scaleFactor, pnetThreshold, rnetThreshold, onetThreshold, maxBatch);
    }
}
