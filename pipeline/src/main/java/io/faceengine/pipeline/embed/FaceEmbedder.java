package io.faceengine.pipeline.embed;

import io.faceengine.pipeline.face.Embedding;
import io.faceengine.pipeline.image.ImageResampler;
import io.faceengine.pipeline.image.RgbImage;
import io.faceengine.pipeline.model.FloatTensor;
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

    public FaceEmbedder(ImageModel model, int maxBatch) {
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
    }

    public List<Embedding> embed(List<RgbImage> alignedCrops) {
        List<Embedding> embeddings = new ArrayList<>(alignedCrops.size());
        for (int from = 0; from < alignedCrops.size(); from += maxBatch) {
            List<float[]> batch = alignedCrops.subList(from, Math.min(alignedCrops.size(), from + maxBatch)).stream()
                    .map(crop -> ImageResampler.resize(crop, width, height)).toList();
            FloatTensor out = model.run(batch, width, height).get("embedding");
            int dim = out.data().length / batch.size();
            for (int i = 0; i < batch.size(); i++) {
                embeddings.add(Embedding.fromRaw(java.util.Arrays.copyOfRange(out.data(), i * dim, (i + 1) * dim)));
            }
        }
        return embeddings;
    }
}
