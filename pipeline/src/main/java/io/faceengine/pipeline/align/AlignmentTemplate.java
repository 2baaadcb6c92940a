package io.faceengine.pipeline.align;

/**
 * Where the five landmarks should land in the aligned crop. The 112x112 template below is the
 * standard one used to train ArcFace/MobileFaceNet-family embedders.
 */
public record AlignmentTemplate(int width, int height, float[] x, float[] y) {

    public static AlignmentTemplate standard112() {
        return new AlignmentTemplate(112, 112,
                new float[]{38.2946f, 73.5318f, 56.0252f, 41.5493f, 70.7299f},
                new float[]{51.6963f, 51.5014f, 71.7366f, 92.3655f, 92.2041f});
    }
}
