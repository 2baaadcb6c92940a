package io.faceengine.jobs.steps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faceengine.jobs.cli.CliRun;
import io.faceengine.jobs.run.RunLayout;
import io.faceengine.jobs.run.TableCatalog;
import io.faceengine.jobs.testing.TestRuns;
import io.faceengine.pipeline.table.FaceTables;
import io.faceengine.pipeline.testing.TestData;
import io.faceengine.pipeline.testing.TestModelFiles;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whole runs with the real steps, real models and real images, good and bad: an uninterrupted
 * run; a run killed on an executor in the middle of the embed step and restarted, which must end
 * with the same tables while the completed steps are not run again; and a second run over the
 * same input, which must find nothing new and do no model work.
 */
class RealRunEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    static SparkSession spark;
    static Path inputs;
    static String repository;
    static Path uninterruptedRoot;
    static JsonNode uninterrupted;

    @BeforeAll
    static void runUninterrupted() throws IOException {
        spark = TestRuns.session();
        inputs = createInputs(dir.resolve("inputs"));
        repository = TestRuns.repositoryUrl(dir);
        uninterruptedRoot = dir.resolve("uninterrupted");
        CliRun run = CliRun.of(args(uninterruptedRoot));
        assertEquals(0, run.exitCode(), run.err());
        uninterrupted = JSON.readTree(run.out());
    }

    /** Two sets of real faces (one file copied into both), a group photo, and odd or broken files. */
    static Path createInputs(Path root) throws IOException {
        Path a = Files.createDirectories(root.resolve("album-a"));
        Path b = Files.createDirectories(root.resolve("album-b"));
        Path odd = Files.createDirectories(root.resolve("odd-files"));
        for (String person : List.of("Ari_Fleischer", "Serena_Williams")) {
            for (int i = 1; i <= 3; i++) {
                Files.copy(TestData.lfwImage(person, i), a.resolve(person + "_" + i + ".jpg"));
            }
        }
        for (int i = 4; i <= 6; i++) {
            Files.copy(TestData.lfwImage("Serena_Williams", i), b.resolve("serena_" + i + ".jpg"));
        }
        Files.copy(TestData.lfwImage("Ari_Fleischer", 1), b.resolve("same-bytes-as-album-a.jpg"));
        Files.copy(TestData.multiFace().resolve("2008_001009.jpg"), b.resolve("group.jpg"));

        byte[] jpeg = Files.readAllBytes(TestData.lfwImage("Serena_Williams", 7));
        Files.write(odd.resolve("truncated.jpg"), java.util.Arrays.copyOf(jpeg, jpeg.length / 2));
        Files.writeString(odd.resolve("readme.jpg"), "a text file with an image name");
        Files.write(odd.resolve("zero-bytes.jpg"), new byte[0]);
        Files.copy(TestData.multiFace().resolve("dogs.jpg"), odd.resolve("too-many-pixels.jpg"));
        try (InputStream cmyk = RealRunEndToEndTest.class.getResourceAsStream("/images/quadrants-cmyk.jpg")) {
            Files.copy(cmyk, odd.resolve("cmyk-no-face.jpg"));
        }
        BufferedImage colour = ImageIO.read(TestData.lfwImage("Serena_Williams", 8).toFile());
        BufferedImage grey = new BufferedImage(colour.getWidth(), colour.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        grey.getGraphics().drawImage(colour, 0, 0, null);
        ImageIO.write(grey, "jpeg", odd.resolve("greyscale-face.jpg").toFile());
        return root;
    }

    static String[] args(Path dataRoot, String... extra) {
        List<String> args = new ArrayList<>(List.of("run", "--input", inputs.toString(), "--data-root", dataRoot.toString(),
                "--set", "run.jobRepository.url=" + repository,
                "--set", "models.directory=" + TestModelFiles.directory(),
                // dogs.jpg (900x916) is over this limit; every other input is under it.
                "--set", "image.maxPixels=500000"));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    private static Map<String, Row> imagesByName(Path root) {
        return new TableCatalog(root.toString()).read(spark, "images", FaceTables.IMAGES).collectAsList().stream()
                .collect(Collectors.toMap(r -> Path.of(java.net.URI.create(r.<String>getAs(FaceTables.URI))).getFileName().toString(),
                        r -> r));
    }

    @Test
    void everyInputIsRecordedWithItsStatusAndTheRunCompletes() {
        Map<String, Row> images = imagesByName(uninterruptedRoot);
        assertEquals(16, images.size(), "17 files, two with the same bytes: " + images.keySet());
        assertEquals("CORRUPT", images.get("truncated.jpg").getAs(FaceTables.STATUS));
        assertEquals("NOT_AN_IMAGE", images.get("readme.jpg").getAs(FaceTables.STATUS));
        assertEquals("EMPTY_FILE", images.get("zero-bytes.jpg").getAs(FaceTables.STATUS));
        assertEquals("TOO_MANY_PIXELS", images.get("too-many-pixels.jpg").getAs(FaceTables.STATUS));
        for (String bad : List.of("truncated.jpg", "readme.jpg", "zero-bytes.jpg", "too-many-pixels.jpg")) {
            assertNotNull(images.get(bad).getAs(FaceTables.MESSAGE), bad + " has an explanation");
        }
        assertEquals("OK", images.get("cmyk-no-face.jpg").getAs(FaceTables.STATUS));
        assertEquals(0, (int) images.get("cmyk-no-face.jpg").<Integer>getAs(FaceTables.FACE_COUNT));
        assertEquals(1, (int) images.get("greyscale-face.jpg").<Integer>getAs(FaceTables.FACE_COUNT));
        assertEquals(2, (int) images.get("group.jpg").<Integer>getAs(FaceTables.FACE_COUNT));
        Row ari = images.containsKey("Ari_Fleischer_1.jpg") ? images.get("Ari_Fleischer_1.jpg") : images.get("same-bytes-as-album-a.jpg");
        assertEquals(1, ari.getList(ari.fieldIndex(FaceTables.DUPLICATES)).size(), "the copy is listed, not processed twice");

        Dataset<Row> faces = new TableCatalog(uninterruptedRoot.toString()).read(spark, "faces", faceSchema(uninterruptedRoot));
        long total = faces.count();
        assertEquals(faces.select(FaceTables.FACE_ID).distinct().count(), total, "face ids are unique");
        assertTrue(total >= 12, "11 portraits, a greyscale portrait and a group photo: " + total);
        assertEquals(faces.filter(col(FaceTables.QUALITY_PASS)).count(),
                faces.filter(col(FaceTables.QUALITY_PASS).and(col(FaceTables.EMBEDDING).isNotNull())).count(),
                "every face that passed quality has an embedding");
    }

    @Test
    void aRunKilledInsideEmbedRestartsFromEmbedAndEndsWithTheSameTables() throws Exception {
        Path root = dir.resolve("interrupted");
        CliRun failed = CliRun.of(args(root, "--set", "testing.failOnceInStep=embed"));
        assertEquals(1, failed.exitCode(), failed.out());
        assertTrue(failed.err().contains("FAILED in step embed"), failed.err());
        assertTrue(new TableCatalog(root.toString()).committedRunIds(spark).isEmpty(), "a failed run is not visible");
        String runId = runIdOf(root);
        RunLayout layout = new RunLayout(root.toString(), runId);
        Map<String, String> before = new java.util.HashMap<>();
        for (String step : List.of("ingest", "detect", "quality")) {
            before.put(step, Files.readString(Path.of(layout.stepStatsPath(step).toString())));
        }
        assertTrue(Files.notExists(Path.of(layout.stepStatsPath("embed").toString())), "embed did not complete");

        CliRun restarted = CliRun.of("restart", String.valueOf(TestRuns.failedExecutionId(failed)),
                "--set", "run.jobRepository.url=" + repository);
        assertEquals(0, restarted.exitCode(), restarted.err());
        for (String step : before.keySet()) {
            assertEquals(before.get(step), Files.readString(Path.of(layout.stepStatsPath(step).toString())),
                    step + " completed before the crash and was not run again");
        }
        TableCatalog reference = new TableCatalog(uninterruptedRoot.toString());
        TableCatalog actual = new TableCatalog(root.toString());
        assertEquals(List.of(runId), actual.committedRunIds(spark));
        assertEquals(TestRuns.contentOf(reference.read(spark, "images", FaceTables.IMAGES)),
                TestRuns.contentOf(actual.read(spark, "images", FaceTables.IMAGES)));
        List<String> expectedFaces = TestRuns.contentOf(reference.read(spark, "faces", faceSchema(uninterruptedRoot)));
        assertEquals(expectedFaces, TestRuns.contentOf(actual.read(spark, "faces", faceSchema(root))),
                "same faces, same ids, same embeddings, no duplicates");
    }

    @Test
    void aSecondRunOverTheSameInputFindsNothingNewAndDoesNoModelWork() throws Exception {
        Path root = dir.resolve("twice");
        assertEquals(0, CliRun.of(args(root)).exitCode());
        CliRun second = CliRun.of(args(root));
        assertEquals(0, second.exitCode(), second.err());
        JsonNode steps = JSON.readTree(second.out()).get("steps");
        Map<String, JsonNode> counts = new java.util.HashMap<>();
        steps.forEach(s -> counts.put(s.get("step").asText(), s.get("counts")));
        assertEquals(0, counts.get("ingest").get("newImages").asLong());
        assertEquals(17, counts.get("ingest").get("alreadyProcessed").asLong(),
                "every file, including the duplicate copy, is known");
        assertEquals(0, counts.get("detect").get("images").asLong(), "nothing to detect");
        assertEquals(0, counts.get("embed").get("faces").asLong(), "nothing to embed");
        TableCatalog catalog = new TableCatalog(root.toString());
        assertEquals(2, catalog.committedRunIds(spark).size());
        Dataset<Row> images = catalog.read(spark, "images", FaceTables.IMAGES);
        assertEquals(images.count(), images.select(FaceTables.IMAGE_ID).distinct().count(), "no image twice");
        assertNotEquals(0, images.count());
    }

    private static String runIdOf(Path root) throws IOException {
        try (var runs = Files.list(root.resolve("runs"))) {
            return runs.map(p -> p.getFileName().toString()).findFirst().orElseThrow();
        }
    }

    /** The faces table's schema as the run wrote it (quality and embedding columns included). */
    private static org.apache.spark.sql.types.StructType faceSchema(Path root) {
        try (var runs = Files.list(root.resolve("runs"))) {
            Path run = runs.filter(p -> Files.isDirectory(p.resolve("faces"))).findFirst().orElseThrow();
            return spark.read().parquet(run.resolve("faces").toString()).schema();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
