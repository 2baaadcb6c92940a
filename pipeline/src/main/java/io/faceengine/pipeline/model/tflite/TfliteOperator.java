package io.faceengine.pipeline.model.tflite;

/** One node of the graph: operator, tensor indices in and out (-1 = optional input omitted), options. */
public record TfliteOperator(TfliteBuiltinOp op, int[] inputs, int[] outputs, TfliteOptions options) {
}
