package io.faceengine.training.finetune;

import io.faceengine.pipeline.image.RgbImage;

/**
 * One training example: an aligned face crop, its identity as a class index, and its weight in
 * the loss (hard examples count more).
 */
public record LabelledCrop(RgbImage crop, int identity, float weight) {

    public LabelledCrop {
        if (identity < 0) {
            throw new IllegalArgumentException("identity index must be ≥ 0, got " + identity);
        }
        if (!(weight > 0)) {
            throw new IllegalArgumentException("weight must be positive, got " + weight);
        }
    }
}
