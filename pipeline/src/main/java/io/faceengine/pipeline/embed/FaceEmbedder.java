package io.faceengine.pipeline.embed;

import io.faceengine.pipeline.face.Embedding;
import io.faceengine.pipeline.image.ImageResampler;
import io.faceengine.pipeline.image.RgbImage;
import io.faceengine.pipeline.model.ImageModel;

import java.util.ArrayList;
import java.util.List;

/**
 * Embeds aligned face crops in batches. The net's raw output is L2-normalised here (the
 * post-processing half of the translator); its pre-normalisation norm is kept.
 * The descriptor must declare inputWidth/inputHeight and an "embedding" output.
 */
public final class FaceEmbedder {
    private final ImageModel model;
    private final int maxBatch;
    private final int width;
    private final int height;
    private final boolean flipAugment;

    /**
     * @param flipAugment also embed each crop mirrored and add the two raw outputs: a face and its
     *                    mirror are the same person, and the sum is more stable than either
     *                    (the usual test-time augmentation of this family of embedders); costs 2x
     */
    public FaceEmbedder(ImageModel model, int maxBatch, boolean flipAugment) {
        if (model.descriptor().inputWidth() == null || model.descriptor().inputHeight() == null) {
            throw new IllegalArgumentException("embedder '" + model.descriptor().name()
                    + "' descriptor needs inputWidth and inputHeight");
        }
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be positive, got " + maxBatch);
        }
        this.model = model;
        this.maxBatch = maxBatch;
        this.width = model.descriptor().inputWidth();
        this.height = model.descriptor().inputHeight();
        this.flipAugment = flipAugment;
    }

    public List<Embedding> embed(List<RgbImage> alignedCrops) {
        List<Embedding> embeddings = new ArrayList<>(alignedCrops.size());
        for (int from = 0; from < alignedCrops.size(); from += maxBatch) {
            List<float[]> batch = alignedCrops.subList(from, Math.min(alignedCrops.size(), from + maxBatch)).stream()
                    .map(crop -> ImageResampler.resize(crop, width, height)).toList();
            int n = batch.size();
            List<float[]> inputs = new ArrayList<>(batch);
            if (flipAugment) {
                batch.forEach(img -> inputs.add(ImageResampler.mirrored(img, width, height)));
            }
            float[] out = model.run(inputs, width, height).get("embedding").data();
            int dim = out.length / inputs.size();
            for (int i = 0; i < n; i++) {
                float[] raw = java.util.Arrays.copyOfRange(out, i * dim, (i + 1) * dim);
                if (flipAugment) {
                    for (int d = 0; d < dim; d++) {
                        // Averaged rather than summed so the raw norm keeps its scale as a quality signal.
                        raw[d] = (raw[d] + out[(n + i) * dim + d]) * 0.5f;
                    }
                }
                embeddings.add(Embedding.fromRaw(raw));
            }
        }
        return embeddings;
    }
}
