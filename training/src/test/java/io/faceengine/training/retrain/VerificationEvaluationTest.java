package io.faceengine.training.retrain;

import io.faceengine.pipeline.testing.LocalSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Verification on hand-made embeddings whose answer is known: each identity's faces lie close to its
 * own axis of an 8-d space (4 identities in train, 4 in val, 3 faces each), so the backbone alone
 * tells everyone apart, while an adapter that maps every face onto one direction tells no one apart.
 * Every pair of a split's faces is scored.
 */
class VerificationEvaluationTest {
    private static final int DIMENSION = 8;
    private static final int FACES_PER_IDENTITY = 3;
    private static SparkSession spark;
    private static VerificationEvaluation evaluation;

    @BeforeAll
    static void setUp() {
        spark = LocalSpark.session();
        evaluation = new VerificationEvaluation(faces(), PairSampling.defaults());
    }

    @Test
    void separatedIdentitiesAreAllVerifiedRight() {
        VerificationResult result = evaluation.evaluate(EmbeddingAdapter.identity(DIMENSION));
        // Every pair of a split's 12 faces: 3 same-person pairs per identity, the other 54 across people.
        assertEquals(12, result.positivePairs());
        assertEquals(54, result.negativePairs());
        assertEquals(12, result.thresholdPositivePairs());
        assertEquals(54, result.thresholdNegativePairs());
        assertEquals(12, result.trainFaces());
        assertEquals(12, result.valFaces());
        assertEquals(1.0, result.thresholdAccuracy());
        assertEquals(1.0, result.accuracy());
        assertEquals(VerificationEvaluation.FAR, result.far());
        assertEquals(1.0, result.tarAtFar());
        // Same-person cosines are above 0.97 here and different-person ones below 0.1: the cut is between.
        assertTrue(result.threshold() > 0.1 && result.threshold() < 0.97, "threshold " + result.threshold());
    }

    @Test
    void anAdapterThatCollapsesEveryoneIsRightOnlyAboutTheSamePairs() {
        VerificationResult result = evaluation.evaluate(collapse());
        assertEquals(0.5, result.accuracy(), 1e-12, "every pair scores 1: positives right, negatives wrong");
        assertEquals(0.0, result.tarAtFar(), "no threshold keeps the false accepts under 1e-3 and accepts anyone");
    }

    @Test
    void onlyAStrictlyBetterCandidateIsPromoted() {
        VerificationResult separated = evaluation.evaluate(EmbeddingAdapter.identity(DIMENSION));
        VerificationResult collapsed = evaluation.evaluate(collapse());
        assertTrue(PromotionRule.promotes(separated, collapsed, 1));
        assertFalse(PromotionRule.promotes(collapsed, separated, 1));
        assertFalse(PromotionRule.promotes(separated, separated, 1), "a tie keeps the current model");
    }

    @Test
    void theSameDataGivesTheSameFigures() {
        VerificationEvaluation again = new VerificationEvaluation(faces(), PairSampling.defaults());
        assertEquals(evaluation.evaluate(EmbeddingAdapter.identity(DIMENSION)),
                again.evaluate(EmbeddingAdapter.identity(DIMENSION)));
    }

    @Test
    void theSampleIsCappedPerIdentityAndInAllByWholeIdentities() {
        // 2 faces per identity, at most 5 faces: two whole identities of each split, 2 + 2 faces.
        VerificationResult result = new VerificationEvaluation(faces(), new PairSampling(2, 5, 7, 1))
                .evaluate(EmbeddingAdapter.identity(DIMENSION));
        assertEquals(5, result.trainFaces());
        assertEquals(5, result.valFaces());
        assertEquals(2, result.positivePairs(), "two whole identities and one face of a third");
        assertEquals(8, result.negativePairs());
    }

    @Test
    void aSplitWithoutSamePersonPairsCannotJudge() {
        VerificationEvaluation singles = new VerificationEvaluation(faces().where("face_id like '%-0'"), PairSampling.defaults());
        assertFalse(singles.possible());
        assertThrows(IllegalStateException.class, () -> singles.evaluate(EmbeddingAdapter.identity(DIMENSION)));
    }

    /** Every output along the first axis: W's first row is all ones, the rest zero. */
    private static EmbeddingAdapter collapse() {
        float[] weights = new float[DIMENSION * DIMENSION];
        for (int c = 0; c < DIMENSION; c++) {
            weights[c] = 1f;
        }
        return new EmbeddingAdapter(DIMENSION, weights, new float[DIMENSION]);
    }

    private static Dataset<Row> faces() {
        List<Row> rows = new ArrayList<>();
        for (int identity = 0; identity < DIMENSION; identity++) {
            String split = identity < 4 ? "train" : "val";
            for (int face = 0; face < FACES_PER_IDENTITY; face++) {
                float[] embedding = new float[DIMENSION];
                embedding[identity] = 1f;
                // A small, different offset per face on another axis: same-person cosines stay above 0.97.
                embedding[(identity + face + 1) % DIMENSION] += 0.05f * (face + 1);
                List<Float> values = new ArrayList<>();
                for (float v : embedding) {
                    values.add(v);
                }
                rows.add(RowFactory.create("face-" + identity + "-" + face, "identity-" + identity, split, values));
            }
        }
        StructType schema = new StructType()
                .add(TrainingSamples.FACE_ID, DataTypes.StringType, false)
                .add(TrainingSamples.IDENTITY_ID, DataTypes.StringType, false)
                .add("split", DataTypes.StringType, false)
                .add(TrainingSamples.EMBEDDING, DataTypes.createArrayType(DataTypes.FloatType, false), false);
        return spark.createDataFrame(rows, schema);
    }
}
