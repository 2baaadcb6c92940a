package io.faceengine.pipeline.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A network that takes images: its descriptor, the shared session, and the encoder that turns
 * pixels into its input tensor. Translators (detector, embedder) hold one of these per net.
 */
public final class ImageModel {
    private final ModelDescriptor descriptor;
    private final ModelSession session;
    private final ImageTensorEncoder encoder;

    public ImageModel(ModelDescriptor descriptor, ModelSession session) {
        this.descriptor = descriptor;
        this.session = session;
        this.encoder = new ImageTensorEncoder(descriptor);
    }

    public static ImageModel load(ModelDescriptor descriptor, Path modelsDirectory, RuntimeOptions options) {
        return new ImageModel(descriptor, ModelSessions.get(descriptor, modelsDirectory, options));
    }

    public ModelDescriptor descriptor() {
        return descriptor;
    }

    /** Runs a batch of same-sized RGB float images (0..255) and returns the outputs by role. */
    public Map<String, FloatTensor> run(List<float[]> images, int width, int height) {
        Map<String, FloatTensor> byName = session.run(descriptor.inputName(), encoder.encode(images, width, height));
        return descriptor.outputs().entrySet().stream().collect(java.util.stream.Collectors.toMap(
                Map.Entry::getKey, e -> {
                    FloatTensor t = byName.get(e.getValue());
                    if (t == null) {
                        throw new IllegalArgumentException("model '" + descriptor.name() + "' has no output '"
                                + e.getValue() + "'; it has " + byName.keySet());
                    }
                    return t;
                }));
    }
}
