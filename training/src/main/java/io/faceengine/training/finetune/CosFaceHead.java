package io.faceengine.training.finetune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The CosFace classifier over the training identities: one centre per identity, logits
 * s·cos θ_j with the margin m taken off the target's cosine, then weighted softmax
 * cross-entropy. The centres start at each identity's mean backbone embedding, so training
 * begins from a head that already agrees with the network instead of from noise.
 */
final class CosFaceHead {
    private final NDArray centres;
    private final float scale;
    private final float margin;

    CosFaceHead(NDManager manager, float[] centres, int identities, int dimension, double scale, double margin) {
        this.centres = manager.create(centres, new Shape(identities, dimension));
        this.centres.setRequiresGradient(true);
        this.scale = (float) scale;
        this.margin = (float) margin;
    }

    NDArray centres() {
        return centres;
    }

    int identities() {
        return Math.toIntExact(centres.getShape().get(0));
    }

    /** A batch's weighted mean loss and each example's cosine to every centre. */
    record BatchLoss(NDArray loss, NDArray cosine) {
    }

    /** {@code labels} int identity indices, {@code weights} one per example. */
    BatchLoss loss(NDArray embeddings, NDArray labels, NDArray weights) {
        NDArray units = unit(centres);
        units.attach(embeddings.getManager()); // freed with the step, not kept with the centres
        NDArray cosine = unit(embeddings).matMul(units.transpose());
        NDArray target = labels.oneHot(identities());
        NDArray logits = cosine.sub(target.mul(margin)).mul(scale);
        NDArray perExample = logits.logSoftmax(1).mul(target).sum(new int[]{1}).neg();
        return new BatchLoss(perExample.mul(weights).sum().div(weights.sum()), cosine);
    }

    private static NDArray unit(NDArray rows) {
        return rows.div(rows.norm(new int[]{1}, true).add(1e-6f));
    }
}
