package io.faceengine.jobs.steps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faceengine.jobs.cli.CliRun;
import io.faceengine.jobs.manifest.DatasetManifest;
import io.faceengine.jobs.run.RunLayout;
import io.faceengine.jobs.run.TableCatalog;
import io.faceengine.jobs.testing.TestIndices;
import io.faceengine.jobs.testing.TestRuns;
import io.faceengine.pipeline.align.AlignmentTemplate;
import io.faceengine.pipeline.align.GivenCrops;
import io.faceengine.pipeline.image.CropCodec;
import io.faceengine.pipeline.image.ImageResampler;
import io.faceengine.pipeline.image.RgbImage;
import io.faceengine.pipeline.table.FaceTables;
import io.faceengine.pipeline.testing.TestData;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A whole run with {@code input.alignedCrops} on a few people of an existing aligned training set
 * (real models, real Elasticsearch): every crop is one given face, used as it is, judged only on
 * what applies to it, clustered into the right people; a photo and a tiny image in the folder are
 * recorded as not aligned crops and the run goes on; the run summary and the manifest say the faces
 * were given, not detected.
 */
class AlignedCropsEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ENLARGED = "Will_Smith-enlarged.png";
    private static final String GROUP_PHOTO = "group-photo.jpg";
    private static final String TINY = "tiny.png";
    @TempDir
    static Path dir;
    static SparkSession spark;
    static TestIndices indices;
    static String repository;
    static Path root;
    static JsonNode summary;
    /** Input file name → labelled person, for the crops. */
    static final Map<String, String> PERSON_OF = new HashMap<>();

    @BeforeAll
    static void runOnGivenCrops() throws IOException {
        spark = TestRuns.session();
        repository = TestRuns.repositoryUrl(dir);
        indices = TestIndices.create("aligned-crops");
        Path inputs = dir.resolve("inputs");
        Path a = Files.createDirectories(inputs.resolve("set-a"));
        Path b = Files.createDirectories(inputs.resolve("set-b"));
        copyCrops("Barack_Obama", 0, 5, a);
        copyCrops("Halle_Berry", 0, 5, a);
        copyCrops("Barack_Obama", 5, 10, b);
        copyCrops("Will_Smith", 0, 5, b);
        // A crop of another size is resized to the template, not refused.
        RgbImage will = TestData.decode(crops("Will_Smith").get(5));
        ImageIO.write(ImageResampler.resizeToRgb(will, 224, 224).toBufferedImage(), "png", b.resolve(ENLARGED).toFile());
        PERSON_OF.put(ENLARGED, "Will_Smith");
        // Not crops: an ordinary photo (not square) and an image too small to be one.
        Files.copy(TestData.multiFace().resolve("2008_001009.jpg"), b.resolve(GROUP_PHOTO));
        RgbImage halle = TestData.decode(crops("Halle_Berry").get(5));
        ImageIO.write(ImageResampler.resizeToRgb(halle, 40, 40).toBufferedImage(), "png", b.resolve(TINY).toFile());

        root = dir.resolve("data");
        CliRun run = CliRun.of(TestRuns.realRunArgs(inputs, root, repository, indices, "--set", "input.alignedCrops=true"));
        assertEquals(0, run.exitCode(), run.err());
        summary = JSON.readTree(run.out());
    }

    @AfterAll
    static void removeIndicesAndCloseRepository() throws Exception {
        indices.close();
        TestRuns.closeRepository(repository);
    }

    @Test
    void everyCropIsOneGivenFaceUsedAsItIsAndNonCropsAreRecorded() throws IOException {
        Map<String, Row> images = new HashMap<>();
        for (Row image : table(StepTables.IMAGES)) {
            images.put(fileName(image.getAs(FaceTables.URI)), image);
        }
        assertEquals(PERSON_OF.size() + 2, images.size());
        for (String crop : PERSON_OF.keySet()) {
            assertEquals("OK", images.get(crop).getAs(FaceTables.STATUS), crop);
            assertEquals(1, (int) images.get(crop).<Integer>getAs(FaceTables.FACE_COUNT), crop);
        }
        for (String notACrop : List.of(GROUP_PHOTO, TINY)) {
            assertEquals(GivenCrops.NOT_AN_ALIGNED_CROP, images.get(notACrop).getAs(FaceTables.STATUS), notACrop);
            assertNotNull(images.get(notACrop).getAs(FaceTables.MESSAGE), notACrop + " says why");
        }

        Map<String, String> fileOfImage = new HashMap<>();
        images.forEach((file, row) -> fileOfImage.put(row.getAs(FaceTables.IMAGE_ID), file));
        AlignmentTemplate template = AlignmentTemplate.standard112();
        List<Row> faces = table("faces");
        assertEquals(PERSON_OF.size(), faces.size());
        for (Row face : faces) {
            String file = fileOfImage.get(face.<String>getAs(FaceTables.IMAGE_ID));
            int side = file.equals(ENLARGED) ? 224 : 112;
            assertTrue(Float.isNaN(face.<Float>getAs(FaceTables.DET_SCORE)), file + ": nothing detected it");
            assertEquals(side, face.<Float>getAs(FaceTables.BOX_X2), file + ": the box is the whole image");
            assertEquals(side, face.<Float>getAs(FaceTables.BOX_Y2), file);
            List<Float> landmarks = face.getList(face.fieldIndex(FaceTables.LANDMARKS));
            assertEquals(template.x()[2] * side / 112, landmarks.get(2), 1e-3, file + ": the template's nose");
            assertEquals(template.y()[2] * side / 112, landmarks.get(7), 1e-3, file);
            RgbImage stored = CropCodec.decode(face.getAs(FaceTables.CROP_JPEG));
            assertEquals(112, stored.width());
            if (side == 112) {
                RgbImage original = TestData.decode(crops(PERSON_OF.get(file)).stream()
                        .filter(p -> p.getFileName().toString().equals(file.substring(file.indexOf('-') + 1))).findFirst().orElseThrow());
                assertTrue(meanAbsoluteDifference(original, stored) < 3, file + ": the crop is not warped again, only stored");
            }
        }
    }

    @Test
    void qualityJudgesOnlyWhatAppliesToAGivenCrop() throws IOException {
        for (Row face : table("faces")) {
            Row quality = face.getAs(FaceTables.QUALITY);
            for (String notApplicable : List.of("det_score", "inter_ocular", "box_height", "yaw", "pitch", "roll")) {
                assertTrue(Float.isNaN(quality.<Float>getAs(notApplicable)), notApplicable + " is not applicable, not 0");
            }
            assertFalse(Float.isNaN(quality.<Float>getAs("blur")));
            List<String> reasons = face.getList(face.fieldIndex(FaceTables.QUALITY_REASONS));
            for (String reason : reasons) {
                assertTrue(List.of("BLURRY", "TOO_DARK", "TOO_BRIGHT", "CLIPPED", "LOW_EMBEDDING_NORM").contains(reason), reason);
            }
        }
        JsonNode statistics = JSON.readTree(Files.readString(Path.of(new RunLayout(root.toString(), runId()).runDir().toString(),
                QualityStep.STATISTICS)));
        assertEquals("GIVEN_CROP", statistics.get("faceOrigin").asText());
        assertTrue(statistics.get("notApplicable").toString().contains("LOW_DET_SCORE"), statistics.toString());
        assertFalse(statistics.get("reasons").has("LOW_DET_SCORE"), "a check that never ran has no count");
        assertEquals(PERSON_OF.size(), statistics.get("histograms").get("det_score").get("notApplicable").asInt());
        assertEquals(0, statistics.get("histograms").get("blur").get("notApplicable").asInt());
    }

    @Test
    void theCropsClusterIntoTheirPeopleAndTheRunRecordsThatTheFacesWereGiven() throws IOException {
        assertEquals("GIVEN_CROP", summary.get("faceOrigin").asText(), summary.toString());
        JsonNode manifest = DatasetManifest.committed(spark, root.toString()).get(0);
        assertEquals(manifest.get("faces").asLong(), manifest.get("facesByOrigin").get("GIVEN_CROP").asLong());
        assertFalse(manifest.get("facesByOrigin").has("DETECTED"));

        StringBuilder labels = new StringBuilder("path,identity\n");
        try (Stream<Path> files = Files.walk(dir.resolve("inputs"))) {
            files.filter(f -> PERSON_OF.containsKey(f.getFileName().toString()))
                    .forEach(f -> labels.append(f.toAbsolutePath()).append(',').append(PERSON_OF.get(f.getFileName().toString())).append('\n'));
        }
        Path labelsFile = Files.writeString(dir.resolve("labels.csv"), labels.toString());
        Path reports = dir.resolve("evaluation");
        CliRun evaluate = CliRun.of("evaluate", "--labels", labelsFile.toString(), "--root", "/", "--data-root",
                root.toString(), "--report-dir", reports.toString());
        assertEquals(0, evaluate.exitCode(), evaluate.err());
        JsonNode report = JSON.readTree(Files.readString(reports.resolve("report.json")));
        assertEquals(PERSON_OF.size(), report.get("coverage").get("scored").asInt(), "every crop is a face");
        assertEquals(3, report.get("identitiesTrue").asInt());
        assertEquals(1.0, report.get("identities").get("bcubedPrecision").asDouble(), 1e-9, "no two people share an identity");
        assertTrue(report.get("identities").get("bcubedRecall").asDouble() > 0.5,
                "most of each person's crops, across both sets, are one identity: " + report.get("identities"));
    }

    private static void copyCrops(String person, int from, int to, Path set) throws IOException {
        for (Path crop : crops(person).subList(from, to)) {
            String name = person + "-" + crop.getFileName();
            Files.copy(crop, set.resolve(name));
            PERSON_OF.put(name, person);
        }
    }

    /** A person's aligned crops in the development training-set sample, in name order. */
    private static List<Path> crops(String person) throws IOException {
        try (Stream<Path> files = Files.list(TestData.require("glint-dev/images/" + person))) {
            return files.sorted().toList();
        }
    }

    private static List<Row> table(String name) throws IOException {
        return spark.read().parquet(new RunLayout(root.toString(), runId()).stepOutput(name).toString()).collectAsList();
    }

    private static String runId() {
        return new TableCatalog(root.toString()).committedRunIds(spark).get(0);
    }

    private static String fileName(String uri) {
        return Path.of(java.net.URI.create(uri)).getFileName().toString();
    }

    private static double meanAbsoluteDifference(RgbImage a, RgbImage b) {
        long sum = 0;
        for (int i = 0; i < a.rgb().length; i++) {
            sum += Math.abs((a.rgb()[i] & 0xFF) - (b.rgb()[i] & 0xFF));
        }
        return (double) sum / a.rgb().length;
    }
}
