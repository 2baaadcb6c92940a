package io.faceengine.jobs.train;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

import static io.faceengine.jobs.train.TrainingSamples.FACE_ID;
import static io.faceengine.jobs.train.TrainingSamples.IDENTITY_ID;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.xxhash64;

/**
 * Verification pairs of one split: reads {@code face_id}, {@code identity_id}; writes
 * {@code face_a}, {@code face_b}, {@code same}. Positives link each identity's faces in a seeded
 * order (face 1-2, 2-3, …, up to the cap), so they cost no self-join; negatives pair the first faces
 * of the positive pairs with each other in seeded orders, across identities, as many as positives.
 */
final class VerificationPairs {
    static final String FACE_A = "face_a";
    static final String FACE_B = "face_b";
    static final String SAME = "same";
    /** Seeded orders tried for negatives; each misses only the pairs that fall within one identity. */
    private static final int NEGATIVE_ROUNDS = 3;

    private VerificationPairs() {
    }

    static Dataset<Row> select(Dataset<Row> faces, PairSampling sampling) {
        Column order = xxhash64(col(FACE_ID), lit(sampling.seed()));
        WindowSpec byIdentity = Window.partitionBy(IDENTITY_ID).orderBy(order, col(FACE_ID));
        Dataset<Row> positives = faces.select(FACE_ID, IDENTITY_ID)
                .withColumn("rank", row_number().over(byIdentity))
                .withColumn("next", lead(col(FACE_ID), 1).over(byIdentity))
                .where(col("next").isNotNull().and(col("rank").leq(sampling.maxPositivesPerIdentity())))
                .select(col(FACE_ID).as(FACE_A), col("next").as(FACE_B), col(IDENTITY_ID))
                .persist();
        long positiveCount = positives.count();

        Dataset<Row> anchors = positives.select(col(FACE_A).as(FACE_ID), col(IDENTITY_ID));
        Dataset<Row> negatives = null;
        for (int round = 1; round <= NEGATIVE_ROUNDS; round++) {
            // One ordered window over the anchors: at most maxPositivesPerIdentity faces per identity.
            Dataset<Row> a = numbered(anchors, sampling.seed() + 2L * round, "a");
            Dataset<Row> b = numbered(anchors, sampling.seed() + 2L * round + 1, "b");
            Dataset<Row> roundPairs = a.join(b, a.col("a_n").equalTo(b.col("b_n"))
                            .and(a.col("a_identity").notEqual(b.col("b_identity"))))
                    .select(least(col("a_face"), col("b_face")).as(FACE_A), greatest(col("a_face"), col("b_face")).as(FACE_B));
            negatives = negatives == null ? roundPairs : negatives.union(roundPairs);
        }
        Dataset<Row> chosenNegatives = negatives.distinct()
                .orderBy(xxhash64(col(FACE_A), col(FACE_B), lit(sampling.seed())), col(FACE_A), col(FACE_B))
                .limit((int) Math.min(Integer.MAX_VALUE, positiveCount))
                .withColumn(SAME, lit(false));
        Dataset<Row> pairs = positives.select(col(FACE_A), col(FACE_B), lit(true).as(SAME)).union(chosenNegatives);
        positives.unpersist();
        return pairs;
    }

    private static Dataset<Row> numbered(Dataset<Row> anchors, long seed, String prefix) {
        WindowSpec all = Window.orderBy(xxhash64(col(FACE_ID), lit(seed)), col(FACE_ID));
        return anchors.select(col(FACE_ID).as(prefix + "_face"), col(IDENTITY_ID).as(prefix + "_identity"),
                row_number().over(all).as(prefix + "_n"));
    }
}
