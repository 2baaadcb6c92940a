package io.faceengine.quality;

import io.faceengine.pipeline.stage.FrameStage;
import io.faceengine.pipeline.stage.SchemaContract;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

import static io.faceengine.pipeline.table.FaceTables.EMBEDDING_NORM;
import static io.faceengine.pipeline.table.FaceTables.QUALITY_PASS;
import static io.faceengine.pipeline.table.FaceTables.QUALITY_REASONS;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

/**
 * The last rule of the quality policy, applied after embedding because only then is the raw
 * embedding norm known: a face whose norm is below {@link QualityPolicy#minEmbeddingNorm()}
 * fails with {@link QualityReason#LOW_EMBEDDING_NORM} (its embedding is kept for inspection).
 * <p>Reads: embedding_norm, quality_pass, quality_reasons. Writes: quality_pass, quality_reasons.
 */
public final class EmbeddingNormRule implements FrameStage {
    private static final String STAGE = "embedding-norm rule";
    private final QualityPolicy policy;

    public EmbeddingNormRule(QualityPolicy policy) {
        this.policy = policy;
    }

    @Override
    public StructType transformSchema(StructType input) {
        StructType needed = QualityColumns.ADDED;
        SchemaContract.require(STAGE, input, input.apply(EMBEDDING_NORM), needed.apply(QUALITY_PASS),
                needed.apply(QUALITY_REASONS));
        return input;
    }

    @Override
    public Dataset<Row> transform(Dataset<Row> input) {
        transformSchema(input.schema());
        // Same comparison as QualityPolicy.embeddingNormReason: a norm exactly at the threshold passes.
        Column low = col(EMBEDDING_NORM).isNotNull().and(col(EMBEDDING_NORM).lt(lit(policy.minEmbeddingNorm())));
        return input
                .withColumn(QUALITY_REASONS, when(low, concat(col(QUALITY_REASONS),
                        array(lit(QualityReason.LOW_EMBEDDING_NORM.name())))).otherwise(col(QUALITY_REASONS)))
                .withColumn(QUALITY_PASS, col(QUALITY_PASS).and(not(low)));
    }
}
