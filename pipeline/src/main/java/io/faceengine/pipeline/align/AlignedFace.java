package io.faceengine.pipeline.align;

import io.faceengine.pipeline.image.RgbImage;

/** The aligned crop and the transform from source-image to crop coordinates that produced it. */
public record AlignedFace(RgbImage crop, SimilarityTransform transform) {
}
