package io.faceengine.jobs.steps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faceengine.jobs.cli.CliRun;
import io.faceengine.jobs.testing.TestIndices;
import io.faceengine.jobs.testing.TestRuns;
import io.faceengine.pipeline.testing.TestData;
import io.faceengine.pipeline.testing.TestModelFiles;
import io.faceengine.training.retrain.EmbeddingAdapter;
import io.faceengine.training.retrain.ModelRegistry;
import io.faceengine.training.retrain.PairSampling;
import io.faceengine.training.retrain.PromotedAdapter;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Retraining on a real data root: a run with the real steps over real faces of 16 people publishes a
 * manifest (40% of identities held out for validation) and, with training enabled, its retrain step
 * trains adapter v1 (the run fails right after it and is restarted: still only v1); `retrain` on the
 * same manifest and settings then returns v1 rather than train it again, and with other settings
 * makes v2 without touching v1. What the command prints must be what the registry stores.
 */
class RetrainEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> PEOPLE = List.of("George_W_Bush", "Colin_Powell", "Donald_Rumsfeld",
            "Gerhard_Schroeder", "Junichiro_Koizumi", "Jean_Chretien", "Serena_Williams", "Vladimir_Putin",
            "Luiz_Inacio_Lula_da_Silva", "Gloria_Macapagal_Arroyo", "Jennifer_Capriati", "Hans_Blix",
            "Alejandro_Toledo", "Alvaro_Uribe", "Silvio_Berlusconi", "Megawati_Sukarnoputri");
    private static final int PHOTOS = 5;
    private static final List<String> TRAINING = List.of("--set", "training.epochs=2", "--set", "training.shards=2",
            "--set", "clustering.manifest.validationPercent=40");

    @TempDir
    static Path dir;
    static String repository;
    static TestIndices indices;
    static Path inputs;
    static Path root;

    @BeforeAll
    static void setUp() throws IOException {
        TestRuns.session();
        repository = TestRuns.repositoryUrl(dir);
        indices = TestIndices.create("retrain");
        inputs = dir.resolve("inputs");
        Path set = Files.createDirectories(inputs.resolve("people"));
        for (String person : PEOPLE) {
            for (int i = 1; i <= PHOTOS; i++) {
                Files.copy(TestData.lfwImage(person, i), set.resolve(person + "_" + i + ".jpg"));
            }
        }
        root = dir.resolve("data");
    }

    @AfterAll
    static void tearDown() throws Exception {
        indices.close();
        TestRuns.closeRepository(repository);
    }

    @Test
    void theRunTrainsAVersionAndRetrainReportsWhatTheRegistryStores() throws Exception {
        List<String> run = new ArrayList<>(List.of("run", "--input", inputs.toString(), "--data-root", root.toString(),
                "--set", "run.jobRepository.url=" + repository, "--set", "models.directory=" + TestModelFiles.directory(),
                "--set", "training.enabled=true"));
        run.addAll(TRAINING);
        run.addAll(indices.runOptions());
        run.addAll(List.of("--set", "testing.failOnceInStep=retrain"));
        CliRun failed = CliRun.of(run.toArray(String[]::new));
        assertEquals(1, failed.exitCode(), failed.err());
        Path models = root.resolve("models");
        Path v1 = models.resolve("adapters").resolve("v1");
        assertTrue(Files.exists(v1.resolve("model.json")), "the retrain step finished v1 before the injected failure");

        CliRun restarted = CliRun.of("restart", Long.toString(TestRuns.failedExecutionId(failed)),
                "--set", "run.jobRepository.url=" + repository);
        assertEquals(0, restarted.exitCode(), restarted.err());
        Map<String, JsonNode> counts = new HashMap<>();
        JSON.readTree(restarted.out()).get("steps").forEach(s -> counts.put(s.get("step").asText(), s.get("counts")));
        assertEquals(1, counts.get("retrain").get("modelVersion").asInt(), "the restarted step returns v1, not a v2");
        assertTrue(counts.get("retrain").get("validationPairs").asLong() > 0, "the held-out people give pairs");
        try (var versions = Files.list(models.resolve("adapters"))) {
            assertEquals(List.of("v1"), versions.map(p -> p.getFileName().toString()).toList());
        }

        String v1Model = Files.readString(v1.resolve("model.json"));
        JsonNode stored = JSON.readTree(v1Model);
        assertEquals(counts.get("publish").get("manifestVersion").asInt(), stored.get("manifestVersion").asInt());
        assertEquals(2, stored.get("history").size(), "one record per epoch");
        List<String> backbones = names(stored.get("backboneModelVersions"));
        assertEquals(1, backbones.size());
        assertTrue(backbones.get(0).startsWith("mobilefacenet@"), "the backbone's name and content hash: " + backbones);
        JsonNode candidate = stored.get("candidate");
        JsonNode current = stored.get("current");
        assertTrue(stored.get("currentVersion").isNull(), "the first version is compared with the backbone alone");
        assertEquals(candidate.get("positivePairs").asLong() >= PairSampling.defaults().minSamePairs()
                        && candidate.get("tarAtFar").asDouble() > current.get("tarAtFar").asDouble()
                        && candidate.get("accuracy").asDouble() >= current.get("accuracy").asDouble(), stored.get("promoted").asBoolean(),
                "promoted exactly when, on enough same-person pairs, the TAR is strictly higher and accuracy not lower: " + stored.get("decision").asText());
        assertTrue(candidate.get("negativePairs").asLong() > candidate.get("positivePairs").asLong(),
                "every pair of the sample: different people outnumber same ones");
        assertEquals(candidate.get("positivePairs").asLong(), current.get("positivePairs").asLong(), "judged on the same pairs");
        assertEquals(candidate.get("negativePairs").asLong(), current.get("negativePairs").asLong());
        Optional<PromotedAdapter> promoted = ModelRegistry.promoted(new Configuration(), root.toString());
        assertEquals(stored.get("promoted").asBoolean(), promoted.isPresent());
        if (promoted.isPresent()) {
            assertEquals(1, promoted.get().version());
            assertEquals(EmbeddingAdapter.load(new Configuration(), new org.apache.hadoop.fs.Path(v1.resolve("adapter.json").toUri())),
                    promoted.get().adapter());
        } else {
            assertFalse(Files.exists(models.resolve("current.json")));
        }

        JsonNode again = retrain(TRAINING);
        assertEquals(1, again.get("modelVersion").asInt(), "the same manifest and settings: the same version");
        assertTrue(again.get("reused").asBoolean());
        assertEquals(stored, again.get("model"), "the report is the stored record");

        List<String> moreEpochs = new ArrayList<>(TRAINING);
        moreEpochs.addAll(List.of("--epochs", "3"));
        JsonNode second = retrain(moreEpochs);
        assertEquals(2, second.get("modelVersion").asInt());
        assertFalse(second.get("reused").asBoolean());
        JsonNode storedSecond = JSON.readTree(Files.readString(models.resolve("adapters").resolve("v2").resolve("model.json")));
        assertEquals(storedSecond, second.get("model"), "the report is the stored record");
        assertEquals(storedSecond.get("promoted").asBoolean(), second.get("promoted").asBoolean());
        assertEquals(3, storedSecond.get("history").size());
        assertEquals(stored.get("promoted").asBoolean() ? 1 : null, storedSecond.get("currentVersion").isNull() ? null
                : storedSecond.get("currentVersion").asInt(), "v2 is compared with what was current");
        assertEquals(v1Model, Files.readString(v1.resolve("model.json")), "v1 is never rewritten");
        int expectedCurrent = storedSecond.get("promoted").asBoolean() ? 2 : stored.get("promoted").asBoolean() ? 1 : 0;
        assertEquals(expectedCurrent, ModelRegistry.promoted(new Configuration(), root.toString())
                .map(PromotedAdapter::version).orElse(0));
        System.out.printf("retrain figures: v1 %s; v2 %s%n", stored.get("decision").asText(), storedSecond.get("decision").asText());
    }

    private static JsonNode retrain(List<String> options) throws IOException {
        List<String> args = new ArrayList<>(List.of("retrain", "--data-root", root.toString()));
        args.addAll(options);
        CliRun retrain = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, retrain.exitCode(), retrain.err());
        return JSON.readTree(retrain.out());
    }

    private static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(n -> names.add(n.asText()));
        return names;
    }
}
