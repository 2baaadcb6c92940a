package io.faceengine.quality;

import io.faceengine.pipeline.testing.LocalSpark;
import io.faceengine.pipeline.face.FaceOrigin;
import io.faceengine.pipeline.face.Landmarks5;
import io.faceengine.pipeline.image.ImageDecoder;
import io.faceengine.pipeline.image.RgbImage;
import io.faceengine.pipeline.stage.SchemaContract;
import io.faceengine.pipeline.stage.StageSchemaException;
import io.faceengine.pipeline.table.FaceTables;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stage on real aligned crops: lfw-dev images through the real detector and aligner. */
class QualityStageTest {
    private static final int IMAGES = 60;

    private static QualityConfig config;
    private static QualityStage stage;
    private static List<LfwFaces.Face> faces;
    private static Dataset<Row> detected;
    private static Dataset<Row> judged;
    private static List<Row> judgedRows;

    @BeforeAll
    static void judgeRealFaces() throws Exception {
        config = TestQualityConfig.defaults();
        stage = new QualityStage(config.policy(), FaceOrigin.DETECTED);
        faces = LfwFaces.detect(LfwFaces.models(), LfwFaces.sampleLabels(IMAGES));
        SparkSession spark = LocalSpark.session();
        detected = spark.createDataFrame(faces.stream().map(LfwFaces.Face::row).toList(), FaceTables.DETECTED_FACES)
                .repartition(3);
        judged = stage.transform(detected);
        judgedRows = judged.collectAsList();
    }

    @Test
    void outputFollowsTheDeclaredContract() {
        StructType expected = SchemaContract.withColumns(FaceTables.DETECTED_FACES, QualityColumns.ADDED);
        assertEquals(expected, stage.transformSchema(FaceTables.DETECTED_FACES));
        assertEquals(expected, judged.schema());
        StructType quality = (StructType) judged.schema().apply(FaceTables.QUALITY).dataType();
        assertEquals(Arrays.stream(QualityMetric.values()).map(QualityMetric::field).toList(), List.of(quality.fieldNames()));
        assertTrue(Arrays.stream(quality.fields()).allMatch(f -> f.dataType().equals(DataTypes.FloatType)));
    }

    @Test
    void everyFaceIsKeptWithItsInputColumnsUnchanged() {
        Map<String, Row> byId = byFaceId(judgedRows);
        assertEquals(faces.size(), judgedRows.size());
        for (LfwFaces.Face face : faces) {
            Row in = face.row();
            Row out = byId.get(in.getString(0));
            for (String column : FaceTables.DETECTED_FACES.fieldNames()) {
                int i = FaceTables.DETECTED_FACES.fieldIndex(column);
                Object expected = in.get(i);
                Object actual = out.get(out.fieldIndex(column));
                if (expected instanceof byte[] bytes) {
                    assertArrayEquals(bytes, (byte[]) actual, column);
                } else if (column.equals(FaceTables.LANDMARKS)) {
                    assertEquals(in.getList(i), out.getList(out.fieldIndex(column)), column);
                } else {
                    assertEquals(expected, actual, column);
                }
            }
        }
    }

    @Test
    void nearlyAllLabelledFacesPass() {
        Map<String, Row> byId = byFaceId(judgedRows);
        List<LfwFaces.Face> central = faces.stream().filter(LfwFaces.Face::central).toList();
        long passed = central.stream().filter(f -> byId.get(f.row().getString(0)).getBoolean(passIndex())).count();
        assertTrue(central.size() >= IMAGES * 0.9, "labelled faces found: " + central.size());
        assertTrue(passed >= 0.9 * central.size(), passed + " of " + central.size() + " labelled faces pass");
    }

    @Test
    void passIsExactlyNoReasons() {
        for (Row row : judgedRows) {
            assertEquals(row.getList(reasonsIndex()).isEmpty(), row.getBoolean(passIndex()), row.getString(0));
        }
    }

    @Test
    void stageValuesEqualDirectMeasurementAndRepeat() throws Exception {
        ImageDecoder decoder = new ImageDecoder();
        Map<String, Row> byId = byFaceId(judgedRows);
        for (LfwFaces.Face face : faces) {
            Row in = face.row();
            RgbImage crop = decoder.decode((byte[]) in.get(FaceTables.DETECTED_FACES.fieldIndex(FaceTables.CROP_JPEG))).image();
            QualityMetrics direct = QualityMetrics.measure(crop, in.getFloat(8), in.getFloat(7) - in.getFloat(5), landmarks(in));
            Row out = byId.get(in.getString(0));
            assertEquals(direct, QualityColumns.fromRow(out.getStruct(out.fieldIndex(FaceTables.QUALITY))), in.getString(0));
            assertEquals(config.policy().reasons(direct), out.getList(reasonsIndex()), in.getString(0));
        }
        assertEquals(byFaceId(judgedRows), byFaceId(stage.transform(detected.repartition(2)).collectAsList()));
    }

    @Test
    void aStageForGivenCropsRefusesDetectedFacesInsteadOfJudgingThemWithoutTheirChecks() {
        QualityStage forGivenCrops = new QualityStage(config.policy(), FaceOrigin.GIVEN_CROP);
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                () -> forGivenCrops.transform(detected).collectAsList());
        String messages = "";
        for (Throwable t = e; t != null; t = t.getCause()) {
            messages += t.getMessage() + "\n";
        }
        assertTrue(messages.contains("input.alignedCrops"), messages);
    }

    @Test
    void aStronglyBlurredCopyFailsAsBlurryWhileItsOriginalPasses() {
        Map<String, Row> byId = byFaceId(judgedRows);
        LfwFaces.Face original = faces.stream()
                .filter(f -> f.central() && byId.get(f.row().getString(0)).getBoolean(passIndex()))
                .findFirst().orElseThrow();
        String blurredId = original.row().getString(0) + ":blurred";
        Row blurred = LfwFaces.withCrop(original.row(), blurredId, LfwFaces.jpeg(LfwFaces.boxBlur(original.crop(), 3)));
        Dataset<Row> pair = LocalSpark.session().createDataFrame(List.of(original.row(), blurred), FaceTables.DETECTED_FACES);

        Map<String, Row> out = byFaceId(stage.transform(pair).collectAsList());

        assertTrue(out.get(original.row().getString(0)).getBoolean(passIndex()));
        Row blurredOut = out.get(blurredId);
        assertFalse(blurredOut.getBoolean(passIndex()));
        assertTrue(blurredOut.getList(reasonsIndex()).contains("BLURRY"), blurredOut.getList(reasonsIndex()).toString());
    }

    @Test
    void aMissingColumnIsNamed() {
        StageSchemaException e = assertThrows(StageSchemaException.class,
                () -> stage.transform(detected.drop(FaceTables.CROP_JPEG)));
        assertTrue(e.getMessage().contains("'" + FaceTables.CROP_JPEG + "'"), e.getMessage());
        StageSchemaException landmarks = assertThrows(StageSchemaException.class,
                () -> stage.transformSchema(new StructType(Arrays.stream(FaceTables.DETECTED_FACES.fields())
                        .filter(f -> !f.name().equals(FaceTables.LANDMARKS)).toArray(StructField[]::new))));
        assertTrue(landmarks.getMessage().contains("'" + FaceTables.LANDMARKS + "'"), landmarks.getMessage());
    }

    @Test
    void aColumnOfTheWrongTypeIsNamed() {
        Dataset<Row> wrong = detected.withColumn(FaceTables.DET_SCORE, col(FaceTables.DET_SCORE).cast(DataTypes.DoubleType));
        StageSchemaException e = assertThrows(StageSchemaException.class, () -> stage.transform(wrong));
        assertTrue(e.getMessage().contains(FaceTables.DET_SCORE), e.getMessage());
    }

    @Test
    void runningAgainReplacesTheQualityColumns() {
        StructType twice = stage.transformSchema(judged.schema());
        assertEquals(judged.schema(), twice);
    }

    @Test
    void statisticsAgreeWithTheJudgedRows() {
        QualityStatistics stats = QualityStatistics.compute(judged, config.histograms());
        assertEquals(judgedRows.size(), stats.faces());
        assertEquals(judgedRows.stream().filter(r -> r.getBoolean(passIndex())).count(), stats.passed());
        Map<String, Long> reasons = new HashMap<>();
        for (Row row : judgedRows) {
            for (Object code : row.getList(reasonsIndex())) {
                reasons.merge((String) code, 1L, Long::sum);
            }
        }
        stats.reasons().forEach((code, count) -> assertEquals(reasons.getOrDefault(code, 0L), count, code));
        for (QualityMetric metric : QualityMetric.values()) {
            HistogramBins bins = metric.bins(config.histograms());
            long[] expected = new long[bins.bins() + 2];
            for (Row row : judgedRows) {
                float value = metric.of(QualityColumns.fromRow(row.getStruct(row.fieldIndex(FaceTables.QUALITY))));
                expected[bins.binOf(value) + 1]++;
            }
            MetricHistogram actual = stats.histograms().get(metric.field());
            assertEquals(expected[0], actual.below(), metric.field());
            assertEquals(expected[expected.length - 1], actual.above(), metric.field());
            assertArrayEquals(Arrays.copyOfRange(expected, 1, expected.length - 1), actual.counts(), metric.field());
        }
    }

    private static int passIndex() {
        return judged.schema().fieldIndex(FaceTables.QUALITY_PASS);
    }

    private static int reasonsIndex() {
        return judged.schema().fieldIndex(FaceTables.QUALITY_REASONS);
    }

    private static Map<String, Row> byFaceId(List<Row> rows) {
        Map<String, Row> byId = new HashMap<>();
        for (Row row : rows) {
            byId.put(row.getString(row.fieldIndex(FaceTables.FACE_ID)), row);
        }
        return byId;
    }

    private static Landmarks5 landmarks(Row row) {
        List<Float> values = row.getList(FaceTables.DETECTED_FACES.fieldIndex(FaceTables.LANDMARKS));
        float[] x = new float[5];
        float[] y = new float[5];
        for (int i = 0; i < 5; i++) {
            x[i] = values.get(i);
            y[i] = values.get(5 + i);
        }
        return new Landmarks5(x, y);
    }
}
