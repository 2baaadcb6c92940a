package io.faceengine.jobs.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faceengine.jobs.cli.CliRun;
import io.faceengine.jobs.run.TableCatalog;
import io.faceengine.jobs.testing.TestIndices;
import io.faceengine.jobs.testing.TestRuns;
import io.faceengine.pipeline.eval.LabelsFile;
import io.faceengine.pipeline.table.FaceTables;
import io.faceengine.pipeline.testing.TestData;
import io.faceengine.pipeline.testing.TestModelFiles;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code evaluate} on real in-the-wild photos after a real run (real detection, quality, embedding,
 * clustering): celeba-dev photos whose labelled person is off-centre (no detected face covers the
 * image centre, so the former centre rule scored none of them), some with other people in them, and
 * a group photo labelled by face boxes (dlib's hand-drawn boxes of multi-face/training.xml).
 */
class EvaluateRealPhotosTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** celeba-dev photos and their people; 022649 holds 3 faces and 049668 holds 2. */
    private static final Map<String, String> OFF_CENTRE = Map.of(
            "022649.jpg", "celeba-7203", "025694.jpg", "celeba-7203", "049668.jpg", "celeba-7203",
            "184598.jpg", "celeba-7273", "186731.jpg", "celeba-7273", "189586.jpg", "celeba-7273");
    private static final String GROUP = "2008_001322.jpg";

    @TempDir
    static Path dir;
    static Path inputs;
    static Path dataRoot;
    static String repository;
    static TestIndices indices;

    @BeforeAll
    static void run() throws IOException {
        Path set = Files.createDirectories(dir.resolve("inputs").resolve("set-0"));
        inputs = set.getParent();
        for (String photo : OFF_CENTRE.keySet()) {
            Files.copy(TestData.require("celeba-dev/images/" + photo), set.resolve(photo));
        }
        Files.copy(TestData.multiFace().resolve(GROUP), set.resolve(GROUP));
        dataRoot = dir.resolve("data");
        repository = TestRuns.repositoryUrl(dir);
        indices = TestIndices.create("evaluate-real-photos");
        List<String> args = new java.util.ArrayList<>(List.of("run", "--input", inputs.toString(), "--data-root",
                dataRoot.toString(), "--set", "run.jobRepository.url=" + repository,
                "--set", "models.directory=" + TestModelFiles.directory()));
        args.addAll(indices.runOptions());
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.err());
    }

    @AfterAll
    static void close() throws Exception {
        indices.close();
        TestRuns.closeRepository(repository);
    }

    @Test
    void offCentreMainFacesOfPhotoLabelsAreScored() throws Exception {
        StringBuilder csv = new StringBuilder("path,identity,set\n");
        OFF_CENTRE.forEach((photo, person) -> csv.append("set-0/").append(photo).append(',').append(person).append(",set-0\n"));
        csv.append("set-0/not-in-the-run.jpg,celeba-7203,set-0\n");
        Path labels = Files.writeString(inputs.resolve("photo-labels.csv"), csv.toString());

        JsonNode report = evaluate(labels, "photo-report");

        JsonNode coverage = report.get("coverage");
        assertEquals(7, coverage.get("labels").asInt());
        assertEquals(6, coverage.get("scored").asInt(), coverage.toString());
        assertEquals(1, coverage.get("unscored").get("NOT_IN_ANY_RUN").asInt(), coverage.toString());
        assertEquals(1, coverage.get("unscored").size(), coverage.toString());
        assertEquals("a photo", report.get("whatWasScored").get("labelKind").asText());

        // The scored faces are the off-centre ones: none of them covers its image's centre.
        SparkSession spark = TestRuns.session();
        TableCatalog catalog = new TableCatalog(dataRoot.toString());
        Map<String, int[]> sizeOfImage = new HashMap<>();
        for (Row r : catalog.read(spark, "images", FaceTables.IMAGES).collectAsList()) {
            sizeOfImage.put(r.getAs(FaceTables.IMAGE_ID), new int[]{r.<Integer>getAs(FaceTables.WIDTH), r.<Integer>getAs(FaceTables.HEIGHT)});
        }
        Map<String, Row> faces = new HashMap<>();
        spark.read().parquet(catalog.folders(spark, "faces").toArray(String[]::new)).collectAsList()
                .forEach(r -> faces.put(r.getAs(FaceTables.FACE_ID), r));
        LabelledFaces.Collected collected = LabelledFaces.collect(spark, catalog, LabelsFile.read(labels, inputs),
                new LabelledFaceRule(LabelledFaceRule.DEFAULT_LARGEST_FACE_MARGIN),
                CommittedAssignments.read(spark, catalog).keySet());
        assertEquals(6, collected.faces().size());
        for (LabelledFaces.LabelledFace face : collected.faces()) {
            Row row = faces.get(face.faceId());
            int[] size = sizeOfImage.get(face.imageId());
            float x1 = row.getAs(FaceTables.BOX_X1);
            float y1 = row.getAs(FaceTables.BOX_Y1);
            float x2 = row.getAs(FaceTables.BOX_X2);
            float y2 = row.getAs(FaceTables.BOX_Y2);
            assertFalse(x1 <= size[0] / 2f && size[0] / 2f <= x2 && y1 <= size[1] / 2f && size[1] / 2f <= y2,
                    face.faceId() + " covers the centre of its image");
        }
    }

    @Test
    void boxLabelsNameTheDetectedFaceTheyOverlap() throws Exception {
        // training.xml's three hand boxes of the group photo, and a box on the background where no face is.
        Path labels = Files.writeString(inputs.resolve("box-labels.csv"), String.join("\n",
                "path,identity,x,y,w,h,set",
                "set-0/" + GROUP + ",left-person,104,162,76,76,set-0",
                "set-0/" + GROUP + ",middle-person,232,218,63,63,set-0",
                "set-0/" + GROUP + ",right-person,344,155,90,90,set-0",
                "set-0/" + GROUP + ",nobody,0,0,40,40,set-0", ""));

        JsonNode report = evaluate(labels, "box-report");

        JsonNode coverage = report.get("coverage");
        assertEquals(4, coverage.get("labels").asInt());
        assertEquals(3, coverage.get("scored").asInt(), coverage.toString());
        assertEquals(1, coverage.get("unscored").get("NO_BOX_MATCH").asInt(), coverage.toString());
        assertEquals("nobody", coverage.get("unscoredExamples").get("NO_BOX_MATCH").get(0).get("identity").asText());
        assertEquals("a face box", report.get("whatWasScored").get("labelKind").asText());
        assertEquals(3, report.get("identities").get("trueIdentities").asInt());
        assertEquals(1.0, report.get("identities").get("pairwisePrecision").asDouble(),
                "three people in one photo are never one identity");
    }

    private static JsonNode evaluate(Path labels, String reportName) throws IOException {
        Path reports = dir.resolve(reportName);
        CliRun evaluate = CliRun.of("evaluate", "--labels", labels.toString(), "--data-root", dataRoot.toString(),
                "--report-dir", reports.toString());
        assertEquals(0, evaluate.exitCode(), evaluate.err());
        String html = Files.readString(reports.resolve("report.html"));
        assertTrue(html.contains("What was scored") && html.contains(labels.toAbsolutePath().normalize().toString()), html);
        return JSON.readTree(Files.readString(reports.resolve("report.json")));
    }
}
