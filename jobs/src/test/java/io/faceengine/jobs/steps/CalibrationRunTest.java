package io.faceengine.jobs.steps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faceengine.jobs.cli.CliRun;
import io.faceengine.jobs.run.RunLayout;
import io.faceengine.jobs.manifest.DatasetManifest;
import io.faceengine.jobs.testing.TestIndices;
import io.faceengine.jobs.testing.TestRuns;
import io.faceengine.pipeline.testing.TestData;
import io.faceengine.pipeline.testing.TestModelFiles;
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
 * A real run with calibration on: an album of six people with six photos each plus two group
 * photos (faces in one photo are free different-person pairs), and a set of three photos too few
 * to fit on its own. The run must record its calibration in {@code calibration/calibration.json}
 * with the evidence, thresholds, fallbacks and estimated precision, and repeat the headline in the
 * run summary and the manifest summary.
 */
class CalibrationRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> PEOPLE = List.of("George_W_Bush", "Colin_Powell", "Donald_Rumsfeld", "Gerhard_Schroeder",
            "Junichiro_Koizumi", "Jean_Chretien");
    @TempDir
    static Path dir;
    static String repository;
    static TestIndices indices;
    static Path root;
    static JsonNode summary;
    static JsonNode calibration;

    @BeforeAll
    static void runCalibrated() throws IOException {
        TestRuns.session();
        Path inputs = dir.resolve("inputs");
        Path album = Files.createDirectories(inputs.resolve("album"));
        Path few = Files.createDirectories(inputs.resolve("few"));
        for (String person : PEOPLE) {
            for (int i = 1; i <= 6; i++) {
                Files.copy(TestData.lfwImage(person, i), album.resolve(person + "_" + i + ".jpg"));
            }
        }
        for (String group : List.of("2008_001009.jpg", "2007_007763.jpg")) {
            Files.copy(TestData.multiFace().resolve(group), album.resolve(group));
        }
        for (int i = 1; i <= 3; i++) {
            Files.copy(TestData.lfwImage("Serena_Williams", i), few.resolve("serena_" + i + ".jpg"));
        }
        repository = TestRuns.repositoryUrl(dir);
        root = dir.resolve("data");
        indices = TestIndices.create("calibration-run");
        List<String> args = new java.util.ArrayList<>(List.of("run", "--input", inputs.toString(), "--data-root", root.toString(),
                "--set", "run.jobRepository.url=" + repository,
                "--set", "models.directory=" + TestModelFiles.directory(),
                "--set", "clustering.calibration.enabled=true",
                "--set", "clustering.calibration.falseMergeRate=0.03"));
        args.addAll(indices.runOptions());
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.err());
        summary = JSON.readTree(run.out());
        Path file = Path.of(new RunLayout(root.toString(), summary.get("runId").asText()).runDir().toString(),
                CalibrationReport.FOLDER, CalibrationReport.FILE);
        assertTrue(Files.exists(file), "the run writes " + file);
        calibration = JSON.readTree(file.toFile());
    }

    @AfterAll
    static void cleanUp() throws Exception {
        indices.close();
        TestRuns.closeRepository(repository);
    }

    @Test
    void theCalibrationRecordHasTargetsEvidenceThresholdsAndEstimatedPrecision() {
        assertTrue(calibration.get("enabled").asBoolean());
        assertEquals(0.995, calibration.get("targets").get("acceptPrecision").asDouble(), 1e-12);
        assertEquals(0.03, calibration.get("targets").get("falseMergeRate").asDouble(), 1e-12);
        JsonNode acceptance = calibration.get("acceptance");
        assertTrue(acceptance.get("faces").asLong() >= 39, acceptance.toString());
        double estimated = acceptance.get("estimatedPrecision").asDouble();
        assertTrue(estimated >= 0.995 && estimated <= 1, "accepted clusters reach the target: " + acceptance);

        Map<String, JsonNode> sets = new HashMap<>();
        calibration.get("sets").forEach(s -> sets.put(s.get("setId").asText(), s));
        assertEquals(2, sets.size(), sets.keySet().toString());
        JsonNode album = sets.get("album");
        assertEquals("SET", album.get("source").asText(), album.toString());
        assertTrue(album.get("fallback").isNull());
        JsonNode evidence = album.get("evidence");
        assertTrue(evidence.get("pairs").asInt() > 600, evidence.toString());
        assertTrue(evidence.get("nearest").asInt() >= 36, evidence.toString());
        assertTrue(evidence.get("samePhoto").asInt() >= 1, "a group photo gives different-person pairs: " + evidence);
        double t = album.get("threshold").asDouble();
        assertTrue(t > 0.2 && t < 0.9, "a cosine where one person's photos meet: " + t);
        assertTrue(album.get("reviewBand").get(0).asDouble() <= t);
        JsonNode fit = album.get("fit");
        assertTrue(fit.get("usable").asBoolean(), fit.toString());
        assertTrue(fit.get("genuine").get("mean").asDouble() > fit.get("impostor").get("mean").asDouble());
        assertTrue(fit.get("separation").asDouble() >= 2, fit.toString());

        JsonNode few = sets.get("few");
        assertEquals("RUN", few.get("source").asText(), "three photos are too few for a fit of their own: " + few);
        assertTrue(few.get("fallback").asText().contains("minGenuinePairs"), few.toString());

        JsonNode dedup = calibration.get("dedup");
        assertTrue(List.of("RUN", "CONFIGURED").contains(dedup.get("source").asText()), dedup.toString());
        assertTrue(dedup.get("reviewThreshold").asDouble() <= dedup.get("autoMergeThreshold").asDouble(), dedup.toString());
        assertEquals(dedup.get("source").asText().equals("CONFIGURED"), !dedup.get("fallback").isNull(), dedup.toString());
    }

    @Test
    void theRunSummaryAndTheManifestSummaryRepeatTheHeadline() throws IOException {
        JsonNode headline = summary.get("calibration");
        assertTrue(headline.get("enabled").asBoolean(), summary.toString());
        assertEquals(calibration.get("acceptance"), headline.get("acceptance"));
        assertEquals(2, headline.get("clusteringThresholds").size());
        assertFalse(headline.get("fallbacks").isEmpty(), "the thin set's fallback is listed: " + headline);

        Path manifest = Path.of(new RunLayout(root.toString(), summary.get("runId").asText()).stepOutput(DatasetManifest.FOLDER).toString(),
                DatasetManifest.SUMMARY);
        JsonNode calibrated = JSON.readTree(manifest.toFile()).get("thresholds").get("calibrated");
        assertEquals(headline, calibrated);
    }
}
