package io.faceengine.clustering.stage;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.FloatType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.StringType;

/**
 * Schemas of the tables the cluster step writes per run: face → cluster → identity assignments,
 * cluster summaries, the identity registry snapshot, hard examples and review items. Each run's
 * {@code identities} table is the whole registry after that run; the latest committed one is current.
 */
public final class IdentityTables {
    public static final String CLUSTERS = "clusters";
    public static final String CLUSTER_SUMMARIES = "cluster_summaries";
    public static final String IDENTITIES = "identities";
    public static final String HARD_EXAMPLES = "hard_examples";
    public static final String REVIEW_ITEMS = "review_items";
    public static final String DECISIONS = "decisions";

    public static final String FACE_ID = "face_id";
    public static final String IMAGE_ID = "image_id";
    public static final String SET_ID = "set_id";
    public static final String RUN_ID = "run_id";
    public static final String CLUSTER_ID = "cluster_id";
    public static final String IDENTITY_ID = "identity_id";
    public static final String CENTROID_SIMILARITY = "centroid_similarity";
    public static final String FACE_FLAGS = "face_flags";
    public static final String ACCEPTED = "accepted";
    public static final String SIZE = "size";
    public static final String ANCHOR_FACE_ID = "anchor_face_id";
    public static final String UNCERTAINTY = "uncertainty";
    public static final String REASONS = "reasons";
    public static final String RESOLUTION = "resolution";
    public static final String CENTROID = "centroid";
    public static final String FACE_COUNT = "face_count";
    public static final String SETS = "sets";
    public static final String STATUS = "status";
    public static final String CREATED_RUN = "created_run";
    public static final String UPDATED_RUN = "updated_run";
    public static final String CANNOT_LINK = "cannot_link";
    public static final String NAME = "name";
    public static final String MODEL_VERSION = "model_version";
    public static final String KIND = "kind";
    public static final String FACE_A = "face_a";
    public static final String FACE_B = "face_b";
    public static final String SIMILARITY = "similarity";
    public static final String ITEM_ID = "item_id";
    public static final String PRIORITY = "priority";
    public static final String CANDIDATE_IDENTITY_IDS = "candidate_identity_ids";
    public static final String FACE_IDS = "face_ids";
    public static final String DECISION_ID = "decision_id";
    public static final String DETAILS = "details";
    public static final String ITEM_RUN_ID = "item_run_id";
    public static final String ITEM_KIND = "item_kind";
    public static final String ITEM_FACE_IDS = "item_face_ids";
    public static final String SELECTED_FACE_IDS = "selected_face_ids";
    public static final String SUBJECTS = "subjects";
    public static final String ANNOTATOR = "annotator";
    public static final String DECIDED_AT = "decided_at";
    public static final String SNAPSHOT_RUN = "snapshot_run";

    private static final DataType STRINGS = DataTypes.createArrayType(StringType, false);
    private static final DataType FLOATS = DataTypes.createArrayType(FloatType, false);

    /**
     * One row per clustered face of the run. {@code accepted}: its cluster and identity need no review.
     * {@code model_version}: the embedding model the face was clustered with (the backbone's version, or
     * {@code <backbone>+adapter-vN} when an adapter was promoted); null in tables written before it was recorded.
     * A later run that clusters the set again (after human decisions) supersedes the set's rows.
     */
    public static final StructType FACE_CLUSTERS = new StructType(new StructField[]{
            field(FACE_ID, StringType), field(IMAGE_ID, StringType), field(SET_ID, StringType),
            field(CLUSTER_ID, StringType), field(IDENTITY_ID, StringType), field(CENTROID_SIMILARITY, FloatType),
            field(FACE_FLAGS, STRINGS), field(ACCEPTED, BooleanType), field(RUN_ID, StringType),
            nullable(MODEL_VERSION, StringType)});

    /**
     * One row per intra-set cluster; {@code resolution} says how dedup placed it; {@code decision_id}
     * names the human decision that fixed it (null when the machine formed it).
     */
    public static final StructType CLUSTER_SUMMARY = new StructType(new StructField[]{
            field(CLUSTER_ID, StringType), field(SET_ID, StringType), field(SIZE, IntegerType),
            field(ANCHOR_FACE_ID, StringType), field(UNCERTAINTY, FloatType), field(REASONS, STRINGS),
            field(ACCEPTED, BooleanType), field(IDENTITY_ID, StringType), field(RESOLUTION, StringType),
            field(RUN_ID, StringType), nullable(DECISION_ID, StringType), nullable(NAME, StringType)});

    public static final StructType IDENTITY = new StructType(new StructField[]{
            field(IDENTITY_ID, StringType), field(CENTROID, FLOATS), field(FACE_COUNT, IntegerType),
            field(SETS, STRINGS), field(STATUS, StringType), field(CREATED_RUN, StringType),
            field(UPDATED_RUN, StringType), field(CANNOT_LINK, STRINGS), nullable(NAME, StringType),
            nullable(MODEL_VERSION, StringType)});

    public static final StructType HARD_EXAMPLE = new StructType(new StructField[]{
            field(KIND, StringType), field(FACE_A, StringType), field(FACE_B, StringType),
            field(SIMILARITY, FloatType), field(SET_ID, StringType), field(RUN_ID, StringType)});

    public static final StructType REVIEW_ITEM = new StructType(new StructField[]{
            field(ITEM_ID, StringType), field(RUN_ID, StringType), field(SET_ID, StringType), field(KIND, StringType),
            field(REASONS, STRINGS), field(PRIORITY, FloatType), field(UNCERTAINTY, FloatType), field(SIZE, IntegerType),
            nullable(CLUSTER_ID, StringType), nullable(IDENTITY_ID, StringType),
            field(CANDIDATE_IDENTITY_IDS, STRINGS), field(FACE_IDS, STRINGS), nullable(DETAILS, StringType)});

    /**
     * The human decisions a run used: every decision up to its snapshot (earlier runs' and new ones),
     * undone ones left out; {@code snapshot_run} is the run that first took it. {@code subjects} is
     * the JSON list of the sides of a merge question.
     */
    public static final StructType DECISION = new StructType(new StructField[]{
            field(DECISION_ID, StringType), field(ITEM_ID, StringType), field(ITEM_RUN_ID, StringType),
            nullable(SET_ID, StringType), field(ITEM_KIND, StringType), field(KIND, StringType),
            field(ITEM_FACE_IDS, STRINGS), field(SELECTED_FACE_IDS, STRINGS), nullable(NAME, StringType),
            field(SUBJECTS, StringType), nullable(ANNOTATOR, StringType), field(DECIDED_AT, StringType),
            field(SNAPSHOT_RUN, StringType)});

    private IdentityTables() {
    }

    private static StructField field(String name, DataType type) {
        return new StructField(name, type, false, Metadata.empty());
    }

    private static StructField nullable(String name, DataType type) {
        return new StructField(name, type, true, Metadata.empty());
    }
}
