package io.faceengine.training.retrain;

/** The adapter version the model registry currently names as promoted, ready to apply. */
public record PromotedAdapter(int version, EmbeddingAdapter adapter) {
    public static final String TAG_PREFIX = "adapter-v";

    /** How tables produced with this adapter name their model. */
    public String modelTag() {
        return TAG_PREFIX + version;
    }
}
