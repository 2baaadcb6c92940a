package io.faceengine.pipeline.stage;

import io.faceengine.pipeline.config.FaceEngineConfig;
import io.faceengine.pipeline.image.CropCodec;
import io.faceengine.pipeline.image.RgbImage;
import io.faceengine.pipeline.testing.LocalSpark;
import io.faceengine.pipeline.testing.TestData;
import io.faceengine.pipeline.testing.TestModelFiles;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.faceengine.pipeline.table.FaceTables.*;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.junit.jupiter.api.Assertions.*;

/** Ingest, detect+align and embed as Spark stages on real files, good and bad, in local mode. */
class FaceStagesSparkTest {
    @TempDir
    static Path input;
    static SparkSession spark;
    static FaceEngineConfig config;
    static Map<String, String> hadoop;
    static ExecutorModels models;
    static Dataset<Row> ingested;
    static Dataset<Row> detected;

    @BeforeAll
    static void runStages() throws IOException {
        Path albumA = Files.createDirectories(input.resolve("album-a"));
        Path albumB = Files.createDirectories(input.resolve("album-b"));
        Files.copy(TestData.lfwImage("George_W_Bush", 1), albumA.resolve("bush1.jpg"));
        Files.copy(TestData.lfwImage("George_W_Bush", 2), albumA.resolve("bush2.jpg"));
        Files.copy(TestData.lfwImage("George_W_Bush", 1), albumB.resolve("copy-of-bush1.jpg"));
        Files.copy(TestData.multiFace().resolve("2008_001009.jpg"), albumB.resolve("group.jpg"));
        Files.copy(TestData.multiFace().resolve("dogs.jpg"), albumB.resolve("dogs.jpg"));
        byte[] jpeg = Files.readAllBytes(TestData.lfwImage("Aaron_Eckhart", 1));
        Files.write(albumB.resolve("truncated.jpg"), java.util.Arrays.copyOf(jpeg, jpeg.length / 3));
        Files.writeString(albumB.resolve("notes.jpg"), "not an image");
        Files.write(albumB.resolve("empty.jpg"), new byte[0]);
        Files.writeString(albumB.resolve(".hidden.jpg"), "ignored");

        spark = LocalSpark.session();
        config = TestModelFiles.config();
        hadoop = HadoopConf.snapshot(spark);
        models = ExecutorModels.broadcast(spark, config);
        ingested = ingest(config.image(), "run-1", null).cache();
        detected = new DetectAlignStage(config, models, hadoop, null).transform(ingested).cache();
    }

    @AfterAll
    static void release() {
        // The session outlives this class: free what it cached.
        if (detected != null) {
            detected.unpersist();
        }
        if (ingested != null) {
            ingested.unpersist();
        }
    }

    private static Dataset<Row> ingest(io.faceengine.pipeline.image.ImageLimits limits, String runId, Dataset<Row> known)
            throws IOException {
        Dataset<Row> files = InputListing.list(spark, List.of(input.toString()), config.input());
        return new IngestStage(runId, known).transform(new FileProbeStage(limits, hadoop, null, 2).transform(files));
    }

    private static Map<String, Row> byFileName(Dataset<Row> images) {
        return images.collectAsList().stream().collect(Collectors.toMap(
                r -> Path.of(java.net.URI.create(r.<String>getAs(URI))).getFileName().toString(), r -> r));
    }

    @Test
    void ingestRecordsEveryFileOnceWithItsStatus() {
        Map<String, Row> images = byFileName(ingested);
        assertEquals(java.util.Set.of("bush1.jpg", "bush2.jpg", "group.jpg", "dogs.jpg", "truncated.jpg", "notes.jpg",
                "empty.jpg"), images.keySet(), "one row per distinct content; hidden files ignored");
        assertEquals("OK", images.get("bush1.jpg").getAs(STATUS));
        assertEquals("CORRUPT", images.get("truncated.jpg").getAs(STATUS));
        assertEquals("NOT_AN_IMAGE", images.get("notes.jpg").getAs(STATUS));
        assertEquals("EMPTY_FILE", images.get("empty.jpg").getAs(STATUS));
        assertNotNull(images.get("truncated.jpg").getAs(MESSAGE));
        assertEquals(250, (int) images.get("bush1.jpg").<Integer>getAs(WIDTH));
        assertEquals("run-1", images.get("bush1.jpg").getAs(RUN_ID));
    }

    @Test
    void identicalBytesAreOneImageListingTheOtherPlaces() {
        Row bush = byFileName(ingested).get("bush1.jpg");
        List<Row> duplicates = bush.getList(bush.fieldIndex(DUPLICATES));
        assertEquals(1, duplicates.size());
        assertEquals("album-b", duplicates.get(0).getAs(SET_ID));
        assertTrue(duplicates.get(0).<String>getAs(URI).endsWith("copy-of-bush1.jpg"));
        assertEquals(64, bush.<String>getAs(IMAGE_ID).length(), "SHA-256 hex of the bytes");
    }

    @Test
    void imagesProcessedByAnEarlierRunAreSkipped() throws IOException {
        Dataset<Row> known = ingested.filter(col(URI).endsWith("bush2.jpg")).select(IMAGE_ID);
        Dataset<Row> again = ingest(config.image(), "run-2", known);
        Map<String, Row> images = byFileName(again);
        assertFalse(images.containsKey("bush2.jpg"));
        assertEquals(6, images.size());
    }

    @Test
    void oversizedImagesAreRefusedBeforeDecoding() throws IOException {
        var limits = new io.faceengine.pipeline.image.ImageLimits(100_000, 50_000);
        Map<String, Row> images = byFileName(ingest(limits, "run-3", null));
        assertEquals("FILE_TOO_LARGE", images.get("dogs.jpg").getAs(STATUS), "175 KB file, 50 KB limit");
        assertEquals("TOO_MANY_PIXELS", images.get("group.jpg").getAs(STATUS), "42 KB, 360x480 image, 100k pixel limit");
        assertEquals(64, images.get("dogs.jpg").<String>getAs(IMAGE_ID).length(), "hashed even when not held in memory");
    }

    @Test
    void detectionCountsFacesAndStoresAlignedCrops() {
        Map<String, Row> images = byFileName(detected);
        assertEquals(2, (int) images.get("group.jpg").<Integer>getAs(FACE_COUNT));
        assertEquals(0, (int) images.get("dogs.jpg").<Integer>getAs(FACE_COUNT));
        assertEquals(1, (int) images.get("bush1.jpg").<Integer>getAs(FACE_COUNT));
        assertNull(images.get("notes.jpg").getAs(FACE_COUNT), "not decoded, so no count");
        Row face = images.get("bush1.jpg").<Row>getList(images.get("bush1.jpg").fieldIndex(DetectAlignStage.FACES)).get(0);
        RgbImage crop = CropCodec.decode(face.getAs(CROP_JPEG));
        assertEquals(112, crop.width());
        assertEquals(112, crop.height());
        assertEquals(images.get("bush1.jpg").getAs(IMAGE_ID) + ":0", face.getAs(FACE_ID));
        assertEquals(10, face.getList(face.fieldIndex(LANDMARKS)).size());
    }

    @Test
    void embeddingsAreUnitVectorsAndSkipFacesThatFailedQuality() {
        Dataset<Row> faces = detected.select(col(IMAGE_ID), explode(col(DetectAlignStage.FACES)).as("f"))
                .select(col(IMAGE_ID), col("f.*"))
                .withColumn(QUALITY_PASS, col(FACE_INDEX).equalTo(0));
        List<Row> rows = new EmbedStage(config, models, null, FaultPoint.NONE).transform(faces).collectAsList();
        assertEquals(4, rows.size(), "bush1, bush2 and the two faces of the group photo");
        for (Row row : rows) {
            if (row.<Boolean>getAs(QUALITY_PASS)) {
                List<Float> v = row.getList(row.fieldIndex(EMBEDDING));
                assertEquals(192, v.size());
                assertEquals(1.0, v.stream().mapToDouble(x -> x * x).sum(), 1e-4);
                assertTrue(row.<Float>getAs(EMBEDDING_NORM) > 1f);
                assertTrue(row.<String>getAs(MODEL_VERSION).startsWith("mobilefacenet@"));
            } else {
                assertNull(row.getAs(EMBEDDING), "a face that failed quality is kept but not embedded");
            }
        }
        Map<String, List<Float>> byFace = new HashMap<>();
        rows.stream().filter(r -> r.getAs(EMBEDDING) != null).forEach(r -> byFace.put(r.getAs(IMAGE_ID), r.getList(r.fieldIndex(EMBEDDING))));
        List<Float> a = byFace.get(byFileName(ingested).get("bush1.jpg").<String>getAs(IMAGE_ID));
        List<Float> b = byFace.get(byFileName(ingested).get("bush2.jpg").<String>getAs(IMAGE_ID));
        double cosine = 0;
        for (int i = 0; i < a.size(); i++) {
            cosine += a.get(i) * b.get(i);
        }
        assertTrue(cosine > 0.5, "two photos of one person are close, got " + cosine);
    }

    @Test
    void stagesRefuseInputWithoutTheirColumns() {
        StructType wrong = new StructType().add("path", "string");
        StageSchemaException e = assertThrows(StageSchemaException.class,
                () -> new FileProbeStage(config.image(), hadoop, null, 2).transformSchema(wrong));
        assertTrue(e.getMessage().contains("set_id"), e.getMessage());
        assertThrows(StageSchemaException.class,
                () -> new EmbedStage(config, models, null, FaultPoint.NONE).transformSchema(wrong));
    }
}
