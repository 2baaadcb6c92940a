package io.faceengine.jobs.steps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faceengine.jobs.cli.CliRun;
import io.faceengine.jobs.run.RunLayout;
import io.faceengine.jobs.run.TableCatalog;
import io.faceengine.jobs.testing.TestIndices;
import io.faceengine.jobs.testing.TestRuns;
import io.faceengine.pipeline.config.ConfigLoader;
import io.faceengine.pipeline.io.RunJson;
import io.faceengine.pipeline.model.ModelDescriptor;
import io.faceengine.pipeline.stage.ExecutorModels;
import io.faceengine.pipeline.table.FaceTables;
import io.faceengine.pipeline.testing.TestModelFiles;
import io.faceengine.training.retrain.ModelCard;
import io.faceengine.training.retrain.ModelRegistry;
import io.faceengine.training.retrain.PairSampling;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The loop with the whole network on a real data root: a run over real faces of 10 people publishes
 * a manifest; {@code retrain} with {@code training.method=network} fine-tunes the embedder on its
 * stored crops and stores the graph and weights as v1, judged against the backbone on the same
 * pairs. Once a network is promoted (v1 itself, or, when one epoch on 30 faces does not beat the
 * backbone, a copy of it the test promotes), the next run embeds again every stored face with it
 * from the crops, with no re-detection, records the network's version per face and rebuilds the
 * registry in the new space; the adapter then refuses to train with a clear reason.
 */
class NetworkRetrainEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, List<String>> SETS = Map.of("people", List.of("George_W_Bush:1-5",
            "Colin_Powell:1-5", "Donald_Rumsfeld:1-5", "Gerhard_Schroeder:1-5", "Junichiro_Koizumi:1-5",
            "Jean_Chretien:1-5", "Serena_Williams:1-5", "Vladimir_Putin:1-5", "Hans_Blix:1-5", "Alvaro_Uribe:1-5"));
    private static final List<String> NETWORK = List.of("--set", "models.directory=" + TestModelFiles.directory(),
            "--set", "training.method=network",
            "--set", "training.network.epochs=1", "--set", "training.network.batchSize=8");

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
        indices = TestIndices.create("network");
        inputs = TestRuns.copyLfwSets(dir.resolve("inputs"), SETS);
        root = dir.resolve("data");
    }

    @AfterAll
    static void tearDown() throws Exception {
        indices.close();
        TestRuns.closeRepository(repository);
    }

    @Test
    void aPromotedNetworkEmbedsEveryStoredFaceAgainAndRecordsItsVersion() throws Exception {
        CliRun first = CliRun.of(TestRuns.realRunArgs(inputs, root, repository, indices,
                "--set", "clustering.manifest.validationPercent=40"));
        assertEquals(0, first.exitCode(), first.err());

        JsonNode report = retrain(NETWORK);
        assertEquals(1, report.get("modelVersion").asInt());
        Path v1 = root.resolve("models").resolve("adapters").resolve("v1");
        assertTrue(Files.size(v1.resolve(ModelRegistry.EMBEDDER)) > 1_000_000, "the fine-tuned graph is stored");
        assertTrue(Files.size(v1.resolve(ModelRegistry.NETWORK_WEIGHTS)) > 1_000_000, "and its weights");
        JsonNode stored = JSON.readTree(Files.readString(v1.resolve(ModelRegistry.MODEL)));
        assertEquals(stored, report.get("model"), "the report is the stored record");
        JsonNode network = stored.get("network");
        assertEquals(1, network.get("history").size(), "one record per epoch");
        assertTrue(network.get("faces").asInt() >= 20, "the train split's crops: " + network);
        JsonNode candidate = stored.get("candidate");
        JsonNode current = stored.get("current");
        assertEquals(candidate.get("positivePairs").asLong(), current.get("positivePairs").asLong(), "judged on the same pairs");
        assertEquals(candidate.get("negativePairs").asLong(), current.get("negativePairs").asLong());
        assertEquals(candidate.get("positivePairs").asLong() >= PairSampling.defaults().minSamePairs()
                        && candidate.get("tarAtFar").asDouble() > current.get("tarAtFar").asDouble()
                        && candidate.get("accuracy").asDouble() >= current.get("accuracy").asDouble(),
                stored.get("promoted").asBoolean(), stored.get("decision").asText());
        JsonNode again = retrain(NETWORK);
        assertTrue(again.get("reused").asBoolean(), "the same manifest and settings: v1 again, not trained twice");
        assertEquals(stored, again.get("model"));

        SparkSession spark = TestRuns.session();
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        ModelRegistry models = new ModelRegistry(conf, root.toString());
        byte[] onnx = Files.readAllBytes(v1.resolve(ModelRegistry.EMBEDDER));
        int promotedVersion = 1;
        if (!stored.get("promoted").asBoolean()) {
            ModelCard card = RunJson.MAPPER.treeToValue(stored, ModelCard.class);
            ModelCard promoted = new ModelCard(2, Instant.now().toString(), card.backboneModelVersions(),
                    card.manifestVersion(), "promoted-by-the-test", card.options(), card.verificationPairs(), null,
                    List.of(), card.candidate(), null, card.current(), true, "promoted by the test", card.network());
            assertEquals(2, models.start(promoted.claim()));
            models.completeNetwork(promoted, onnx, Files.readAllBytes(v1.resolve(ModelRegistry.NETWORK_WEIGHTS)));
            promotedVersion = 2;
        }
        Optional<ModelRegistry.PromotedNetwork> promoted = ModelRegistry.promotedNetwork(conf, root.toString());
        assertEquals(promotedVersion, promoted.orElseThrow().version());
        assertArrayEquals(onnx, promoted.get().onnx());
        ModelDescriptor embedder = ConfigLoader.load(null, List.of("models.directory=" + TestModelFiles.directory()))
                .models().embedder();
        String networkVersion = ExecutorModels.embedderVersion(embedder, onnx);
        assertEquals(stored.get("network").get("embedderVersion").asText(), networkVersion);

        CliRun second = CliRun.of(TestRuns.realRunArgs(inputs, root, repository, indices,
                "--set", "clustering.manifest.validationPercent=40"));
        assertEquals(0, second.exitCode(), second.err());
        Map<String, JsonNode> counts = new HashMap<>();
        JSON.readTree(second.out()).get("steps").forEach(s -> counts.put(s.get("step").asText(), s.get("counts")));
        assertEquals(0, counts.get("detect").get("images").asLong(), "no re-detection");
        assertEquals(promotedVersion, counts.get("cluster").get("networkVersion").asInt());
        assertEquals(1, counts.get("cluster").get("modelChanged").asInt());
        assertEquals(SETS.size(), counts.get("cluster").get("reclusteredSets").asInt(), "every set, from the stored crops");
        assertTrue(counts.get("cluster").get("faces").asLong() >= 40, "the earlier run's faces: " + counts.get("cluster"));
        List<String> registryVersions = ClusterStep.latestRegistry(spark, new TableCatalog(root.toString())).stream()
                .map(r -> r.modelVersion()).distinct().toList();
        assertEquals(List.of(networkVersion), registryVersions, "the registry is rebuilt in the network's space");

        // New photos of the same people: embedded by the network in the embed step itself.
        Path more = TestRuns.copyLfwSets(dir.resolve("more"), Map.of("more", List.of("George_W_Bush:6-9",
                "Colin_Powell:6-9")));
        CliRun third = CliRun.of(TestRuns.realRunArgs(more, root, repository, indices));
        assertEquals(0, third.exitCode(), third.err());
        String thirdRun = JSON.readTree(third.out()).get("runId").asText();
        List<Row> versions = spark.read().parquet(new RunLayout(root.toString(), thirdRun).stepOutput(StepTables.FACES).toString())
                .where(org.apache.spark.sql.functions.col(FaceTables.EMBEDDING).isNotNull())
                .select(FaceTables.MODEL_VERSION).distinct().collectAsList();
        assertEquals(List.of(networkVersion), versions.stream().map(r -> r.getString(0)).toList());

        List<String> adapter = new ArrayList<>(List.of("retrain", "--data-root", root.toString(),
                "--set", "models.directory=" + TestModelFiles.directory()));
        CliRun refused = CliRun.of(adapter.toArray(String[]::new));
        assertNotEquals(0, refused.exitCode());
        assertTrue(refused.err().contains("training.method network"), refused.err());
        System.out.printf("network retrain figures: %s%n", stored.get("decision").asText());
    }

    private static JsonNode retrain(List<String> options) throws IOException {
        List<String> args = new ArrayList<>(List.of("retrain", "--data-root", root.toString()));
        args.addAll(options);
        CliRun retrain = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, retrain.exitCode(), retrain.err());
        return JSON.readTree(retrain.out());
    }
}
