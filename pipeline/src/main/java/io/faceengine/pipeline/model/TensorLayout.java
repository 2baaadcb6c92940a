package io.faceengine.pipeline.model;

/**
 * How an image batch is laid out in a model's input tensor. NWHC is NHWC with the image's
 * width and height swapped: MTCNN's original weights were trained on column-major images.
 */
public enum TensorLayout {
    NHWC, NCHW, NWHC
}
