package io.faceengine.quality;

import io.faceengine.pipeline.stage.StageSchemaException;
import io.faceengine.pipeline.testing.LocalSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.faceengine.pipeline.table.FaceTables.EMBEDDING_NORM;
import static io.faceengine.pipeline.table.FaceTables.FACE_ID;
import static io.faceengine.pipeline.table.FaceTables.QUALITY_PASS;
import static io.faceengine.pipeline.table.FaceTables.QUALITY_REASONS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EmbeddingNormRuleTest {
    private static final StructType EMBEDDED = new StructType()
            .add(FACE_ID, DataTypes.StringType, false)
            .add(QUALITY_PASS, DataTypes.BooleanType, false)
            .add(QUALITY_REASONS, DataTypes.createArrayType(DataTypes.StringType, false), false)
            .add(EMBEDDING_NORM, DataTypes.FloatType, true);

    @Test
    void aNormBelowTheThresholdFailsTheFaceAndSaysWhy() {
        QualityPolicy policy = TestQualityConfig.defaults().policy();
        float min = (float) policy.minEmbeddingNorm();
        Dataset<Row> faces = LocalSpark.session().createDataFrame(List.of(
                RowFactory.create("low", true, new String[0], Math.nextDown(min)),
                RowFactory.create("at", true, new String[0], min),
                RowFactory.create("high", true, new String[0], min + 10),
                RowFactory.create("not-embedded", false, new String[]{"BLURRY"}, null),
                RowFactory.create("low-and-blurry", false, new String[]{"BLURRY"}, min / 2)), EMBEDDED);
        Map<String, Row> out = new EmbeddingNormRule(policy).transform(faces).collectAsList().stream()
                .collect(Collectors.toMap(r -> r.getAs(FACE_ID), r -> r));
        assertEquals(List.of(false, List.of("LOW_EMBEDDING_NORM")), verdict(out.get("low")));
        assertEquals(List.of(true, List.of()), verdict(out.get("at")), "a norm exactly at the threshold passes");
        assertEquals(List.of(true, List.of()), verdict(out.get("high")));
        assertEquals(List.of(false, List.of("BLURRY")), verdict(out.get("not-embedded")));
        assertEquals(List.of(false, List.of("BLURRY", "LOW_EMBEDDING_NORM")), verdict(out.get("low-and-blurry")));
        for (float norm : new float[]{Math.nextDown(min), min, min + 10}) {
            assertEquals(norm < min, policy.embeddingNormReason(norm).isPresent(), "agrees with the policy at " + norm);
        }
    }

    @Test
    void refusesInputWithoutTheQualityColumns() {
        StructType noQuality = new StructType().add(EMBEDDING_NORM, DataTypes.FloatType, true);
        assertThrows(StageSchemaException.class,
                () -> new EmbeddingNormRule(TestQualityConfig.defaults().policy()).transformSchema(noQuality));
    }

    private static List<Object> verdict(Row row) {
        return List.of(row.<Boolean>getAs(QUALITY_PASS), row.getList(row.fieldIndex(QUALITY_REASONS)));
    }
}
