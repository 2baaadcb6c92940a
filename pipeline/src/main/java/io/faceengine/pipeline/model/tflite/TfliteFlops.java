package io.faceengine.pipeline.model.tflite;

/**
 * Counts the arithmetic of one input (batch element) of a TFLite graph from its static shapes:
 * multiply-adds of convolutions and fully connected layers (2 FLOPs each) plus one FLOP per
 * output element of every other op (bias adds, activations, PReLU arithmetic, softmax).
 */
public final class TfliteFlops {
    private TfliteFlops() {
    }

    /** Counts, per batch element. */
    public record Count(long multiplyAdds, long elementwise) {
        public long flops() {
            return 2 * multiplyAdds + elementwise;
        }
    }

    public static Count perInput(TfliteModel model) {
        int batch = model.tensor(model.inputs()[0]).shape()[0];
        long macs = 0;
        long elementwise = 0;
        for (TfliteOperator op : model.operators()) {
            TfliteTensor out = model.tensor(op.outputs()[0]);
            long outElements = out.elementCount() / batch;
            switch (op.op()) {
                case CONV_2D -> {
                    int[] w = model.tensor(op.inputs()[1]).shape(); // [O, KH, KW, I]
                    macs += outElements * w[1] * w[2] * w[3];
                    elementwise += outElements; // bias
                }
                case DEPTHWISE_CONV_2D -> {
                    int[] w = model.tensor(op.inputs()[1]).shape(); // [1, KH, KW, C*M]
                    macs += outElements * w[1] * w[2];
                    elementwise += outElements;
                }
                case FULLY_CONNECTED -> {
                    int[] w = model.tensor(op.inputs()[1]).shape(); // [O, I]
                    macs += outElements * w[1];
                    elementwise += outElements;
                }
                case RESHAPE -> {
                    // data movement only
                }
                case MAX_POOL_2D -> elementwise += outElements * op.options().filterW() * op.options().filterH();
                default -> elementwise += outElements;
            }
        }
        return new Count(macs, elementwise);
    }
}
