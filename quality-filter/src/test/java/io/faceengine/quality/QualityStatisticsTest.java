package io.faceengine.quality;

import io.faceengine.pipeline.testing.LocalSpark;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faceengine.pipeline.face.FaceOrigin;
import io.faceengine.pipeline.stage.StageSchemaException;
import io.faceengine.pipeline.table.FaceTables;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QualityStatisticsTest {
    private static final StructType JUDGED = new StructType().add(FaceTables.FACE_ID, DataTypes.StringType, false)
            .merge(QualityColumns.ADDED, true);
    private static final HistogramBins TENTHS = new HistogramBins(0, 1, 10);
    private static final QualityHistograms BINS = new QualityHistograms(TENTHS, new HistogramBins(0, 100, 4),
            new HistogramBins(0, 100, 4), new HistogramBins(0, 100, 4), new HistogramBins(0, 255, 5), TENTHS,
            new HistogramBins(-90, 90, 6), new HistogramBins(-90, 90, 6), new HistogramBins(-90, 90, 6));

    @Test
    void countsPassReasonsAndBinsIncludingEdgesAndOutliers() {
        List<Row> rows = List.of(
                judged("a", new QualityMetrics(1.0f, 25f, 100f, 0f, 0f, 0f, -90f, 0f, 90f), true),
                judged("b", new QualityMetrics(0.05f, 24.9f, 150f, 50f, 255f, 0.5f, 30f, 0f, -91f), false, "LOW_DET_SCORE", "POSE_ROLL"),
                judged("c", new QualityMetrics(0.15f, -1f, 0f, 100f, 300f, 0.95f, 0f, 0f, 0f), false, "TOO_BRIGHT", "SOMETHING_NEW"),
                judged("d", new QualityMetrics(0.15f, 99f, 10f, 75f, 128f, 0f, 89.9f, 0f, 0f), true));
        Dataset<Row> frame = LocalSpark.session().createDataFrame(rows, JUDGED);

        QualityStatistics stats = QualityStatistics.compute(frame, BINS);

        assertEquals(4, stats.faces());
        assertEquals(2, stats.passed());
        assertEquals(0.5, stats.passRate());
        assertEquals(1L, stats.reasons().get("LOW_DET_SCORE"));
        assertEquals(1L, stats.reasons().get("POSE_ROLL"));
        assertEquals(1L, stats.reasons().get("TOO_BRIGHT"));
        assertEquals(0L, stats.reasons().get("BLURRY"));
        // Decided after embedding: not counted here, so never a misleading 0.
        assertFalse(stats.reasons().containsKey("LOW_EMBEDDING_NORM"), stats.reasons().toString());
        assertEquals(1L, stats.reasons().get("SOMETHING_NEW"));
        assertEquals("LOW_DET_SCORE", stats.reasons().keySet().iterator().next(), "known codes first, in enum order");

        MetricHistogram det = stats.histograms().get("det_score");
        assertArrayEquals(new long[]{1, 2, 0, 0, 0, 0, 0, 0, 0, 1}, det.counts());
        MetricHistogram ocular = stats.histograms().get("inter_ocular");
        assertArrayEquals(new long[]{1, 1, 0, 1}, ocular.counts());
        assertEquals(1, ocular.below());
        MetricHistogram brightness = stats.histograms().get("brightness");
        assertArrayEquals(new long[]{1, 0, 1, 0, 1}, brightness.counts());
        assertEquals(1, brightness.above());
        MetricHistogram roll = stats.histograms().get("roll");
        assertArrayEquals(new long[]{0, 0, 0, 2, 0, 1}, roll.counts());
        assertEquals(1, roll.below());
        for (MetricHistogram histogram : stats.histograms().values()) {
            assertEquals(4, histogram.total());
        }
        assertEquals(List.of("det_score", "inter_ocular", "box_height", "blur", "brightness", "clipped_fraction", "yaw",
                "pitch", "roll"), List.copyOf(stats.histograms().keySet()));
    }

    @Test
    void givenCropsHaveTheDetectionMetricsMarkedNotApplicableNotZero() {
        float na = Float.NaN;
        List<Row> rows = List.of(
                judged("a", new QualityMetrics(na, na, na, 50f, 128f, 0f, na, na, na), true),
                judged("b", new QualityMetrics(na, na, na, 5f, 128f, 0f, na, na, na), false, "BLURRY"));
        Dataset<Row> frame = LocalSpark.session().createDataFrame(rows, JUDGED);

        QualityStatistics stats = QualityStatistics.compute(frame, BINS, FaceOrigin.GIVEN_CROP);

        assertEquals(FaceOrigin.GIVEN_CROP, stats.faceOrigin());
        assertEquals(List.of("det_score", "inter_ocular", "box_height", "yaw", "pitch", "roll", "LOW_DET_SCORE",
                "SMALL_FACE", "POSE_YAW", "POSE_PITCH", "POSE_ROLL"), stats.notApplicable());
        assertEquals(List.of("BLURRY", "TOO_DARK", "TOO_BRIGHT", "CLIPPED"), List.copyOf(stats.reasons().keySet()),
                "no 0 for checks that never ran");
        assertEquals(1L, stats.reasons().get("BLURRY"));
        MetricHistogram det = stats.histograms().get("det_score");
        assertEquals(2, det.notApplicable());
        assertEquals(0, det.above(), "NaN is not counted as above the range");
        assertEquals(0, java.util.Arrays.stream(det.counts()).sum());
        MetricHistogram blur = stats.histograms().get("blur");
        assertEquals(0, blur.notApplicable());
        assertArrayEquals(new long[]{1, 0, 1, 0}, blur.counts());
        for (MetricHistogram histogram : stats.histograms().values()) {
            assertEquals(2, histogram.total());
        }
    }

    @Test
    void anEmptyRunHasZeroCountsAndPassRate() {
        QualityStatistics stats = QualityStatistics.compute(LocalSpark.session().createDataFrame(List.of(), JUDGED), BINS);
        assertEquals(0, stats.faces());
        assertEquals(0, stats.passRate());
        assertEquals(0, stats.histograms().get("blur").total());
        assertEquals(stats, QualityStatistics.empty(BINS), "a step with no face writes the same statistics without Spark");
    }

    @Test
    void writesAndReadsBackAsJson() throws Exception {
        Dataset<Row> frame = LocalSpark.session().createDataFrame(
                List.of(judged("a", new QualityMetrics(0.95f, 30f, 100f, 60f, 120f, 0f, 1f, 2f, 3f), true)), JUDGED);
        QualityStatistics stats = QualityStatistics.compute(frame, BINS);
        ObjectMapper json = new ObjectMapper();
        String text = json.writeValueAsString(stats);
        JsonNode tree = json.readTree(text);
        assertEquals(1, tree.get("faces").asLong());
        assertEquals(1.0, tree.get("passRate").asDouble());
        assertTrue(tree.get("histograms").get("yaw").get("counts").isArray());
        assertEquals(stats, json.readValue(text, QualityStatistics.class));
    }

    @Test
    void refusesAFrameWithoutTheStageColumns() {
        Dataset<Row> frame = LocalSpark.session().createDataFrame(List.of(), JUDGED).drop(FaceTables.QUALITY_REASONS);
        StageSchemaException e = assertThrows(StageSchemaException.class, () -> QualityStatistics.compute(frame, BINS));
        assertTrue(e.getMessage().contains(FaceTables.QUALITY_REASONS), e.getMessage());
    }

    private static Row judged(String id, QualityMetrics metrics, boolean pass, String... reasons) {
        return RowFactory.create(id, QualityColumns.toRow(metrics), pass, List.of(reasons));
    }
}
