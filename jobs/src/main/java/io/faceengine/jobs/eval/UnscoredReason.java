package io.faceengine.jobs.eval;

/**
 * Why a labelled photo or face box was not scored, with the words the report shows. A label is
 * {@linkplain #located() located} when the runs found its face and chose to give it no identity:
 * the report then also scores it whole, as a face the engine left unlabelled.
 */
public enum UnscoredReason {
    NOT_IN_ANY_RUN("the image is not among the images of any committed run (not listed in a run's input, or not readable)"),
    IMAGE_NOT_DECODED("a run read the file but could not decode it as an image"),
    NO_FACE_DETECTED("no face was detected in the image"),
    NO_BOX_MATCH("no detected face overlaps the labelled box with IoU of at least 0.3"),
    SAME_FACE_AS_ANOTHER_LABEL("the matched face is already scored for another label (same bytes labelled twice, or two boxes on one face)"),
    FACE_REJECTED_BY_QUALITY("the labelled face was detected but failed the quality filter", true),
    NOT_EMBEDDED("the labelled face passed the quality filter but has no embedding", true),
    NOT_CLUSTERED("the labelled face was embedded but is in no cluster of the latest run of its set");

    private final String description;
    private final boolean located;

    UnscoredReason(String description) {
        this(description, false);
    }

    UnscoredReason(String description, boolean located) {
        this.description = description;
        this.located = located;
    }

    /** The runs found this label's face and gave it no identity (a decision of the engine, scored as such). */
    public boolean located() {
        return located;
    }

    public String description() {
        return description;
    }
}
