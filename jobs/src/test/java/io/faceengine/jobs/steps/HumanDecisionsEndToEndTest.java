package io.faceengine.jobs.steps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faceengine.api.ApiOptions;
import io.faceengine.api.ApiTokens;
import io.faceengine.api.ReviewApiServer;
import io.faceengine.clustering.registry.ElasticsearchConnection;
import io.faceengine.clustering.registry.IdentityRecord;
import io.faceengine.clustering.registry.IdentityStatus;
import io.faceengine.clustering.registry.ReviewQueueFilter;
import io.faceengine.clustering.registry.ReviewStatus;
import io.faceengine.clustering.stage.IdentityTables;
import io.faceengine.jobs.cli.CliRun;
import io.faceengine.jobs.manifest.DatasetManifest;
import io.faceengine.jobs.run.TableCatalog;
import io.faceengine.jobs.steps.ReviewApiClient.Answer;
import io.faceengine.jobs.testing.TestIndices;
import io.faceengine.jobs.testing.TestRuns;
import io.faceengine.pipeline.testing.TestModelFiles;
import io.faceengine.training.retrain.EmbeddingAdapter;
import io.faceengine.training.retrain.ModelCard;
import io.faceengine.training.retrain.ModelRegistry;
import io.faceengine.training.retrain.TrainingOptions;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The loop through people, end to end, on real faces with the real steps, the real review API and
 * the real Elasticsearch: a run queues review items; an annotator answers some through the API
 * (split, confirm, name, not a face, remove); the next run over the same input (no new images) snapshots the
 * answers, clusters the decided sets again and must come out exactly as decided, with a larger
 * share of faces accepted.
 */
class HumanDecisionsEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "annotator-token";
    /** Two photo sets of people with several photos each, some people in both. */
    private static final Map<String, List<String>> SETS = new LinkedHashMap<>();

    static {
        SETS.put("trip-1", List.of("George_W_Bush:1-8", "Colin_Powell:1-6", "Donald_Rumsfeld:1-5",
                "Gerhard_Schroeder:1-5", "Junichiro_Koizumi:1-4", "Hans_Blix:1-4"));
        SETS.put("trip-2", List.of("George_W_Bush:9-16", "Colin_Powell:7-10", "Vladimir_Putin:1-5",
                "Jean_Chretien:1-5", "Jennifer_Capriati:1-4", "Hans_Blix:5-7"));
    }

    @TempDir
    static Path dir;
    static SparkSession spark;
    static String repository;
    static TestIndices indices;
    static Path inputs;
    static Path root;

    @BeforeAll
    static void setUp() throws IOException {
        spark = TestRuns.session();
        repository = TestRuns.repositoryUrl(dir);
        indices = TestIndices.create("decisions");
        inputs = TestRuns.copyLfwSets(dir.resolve("inputs"), SETS);
        root = dir.resolve("data");
    }

    @AfterAll
    static void tearDown() throws Exception {
        indices.close();
        TestRuns.closeRepository(repository);
    }

    @Test
    void decisionsMadeThroughTheApiHoldInTheNextRun() throws Exception {
        CliRun first = CliRun.of(args());
        assertEquals(0, first.exitCode(), first.err());
        String firstRunId = JSON.readTree(first.out()).get("runId").asText();
        double acceptedBefore = acceptedShare();

        Path tokens = dir.resolve("tokens.yaml");
        Files.writeString(tokens, ApiTokens.sha256Hex(TOKEN) + ": {name: ann, role: annotator}\n");
        List<Answer> answers = new ArrayList<>();
        try (ReviewApiServer api = ReviewApiServer.start(new ApiOptions("127.0.0.1", 0, Duration.ofMinutes(10), 2,
                indices.options(), root), ApiTokens.load(tokens), Clock.systemUTC())) {
            ReviewApiClient http = new ReviewApiClient(api.port(), TOKEN);
            List<JsonNode> clusterItems = new ArrayList<>();
            for (JsonNode item : http.get("/api/review-items?limit=500").path("items")) {
                if (item.path("kind").asText().equals("cluster") && item.path("face_ids").size() >= 2) {
                    clusterItems.add(item);
                }
            }
            assertTrue(clusterItems.size() >= 5, "the run asks about at least five clusters: " + clusterItems.size());
            for (JsonNode face : http.get("/api/review-items/" + clusterItems.get(0).path("item_id").asText()).path("faces")) {
                http.assertCrop(face.path("crop_url").asText());
            }
            answers.add(http.decide(clusterItems.get(0), "split", 1, null));
            answers.add(http.decide(clusterItems.get(1), "confirm", 0, null));
            answers.add(http.decide(clusterItems.get(2), "name", 0, "Person Named In Review"));
            answers.add(http.decide(clusterItems.get(3), "not_a_face", 1, null));
            answers.add(http.decide(clusterItems.get(4), "remove", 1, null));
        }

        CliRun second = CliRun.of(args());
        assertEquals(0, second.exitCode(), second.err());
        Map<String, JsonNode> counts = new HashMap<>();
        JSON.readTree(second.out()).get("steps").forEach(s -> counts.put(s.get("step").asText(), s.get("counts")));
        assertEquals(answers.size(), counts.get("decisions").get("new").asInt(), "every answer is in the snapshot");
        assertTrue(counts.get("cluster").get("reclusteredSets").asInt() >= 1);
        assertEquals(0, counts.get("embed").get("faces").asLong(), "no model work: the faces were embedded before");
        try (ElasticsearchConnection es = indices.connect()) {
            long stale = es.reviewQueue().count(new ReviewQueueFilter(null, firstRunId, null, ReviewStatus.OPEN));
            assertEquals(0, stale, "the first run's unanswered questions about the re-clustered sets are superseded");
        }

        Map<String, String> clusterOf = new HashMap<>();
        Map<String, Boolean> acceptedOf = new HashMap<>();
        Map<String, String> identityOf = new HashMap<>();
        for (Row r : latestClusters().collectAsList()) {
            clusterOf.put(r.getAs(IdentityTables.FACE_ID), r.getAs(IdentityTables.CLUSTER_ID));
            acceptedOf.put(r.getAs(IdentityTables.FACE_ID), r.getAs(IdentityTables.ACCEPTED));
            identityOf.put(r.getAs(IdentityTables.FACE_ID), r.getAs(IdentityTables.IDENTITY_ID));
        }
        for (Answer answer : answers) {
            switch (answer.kind()) {
                case "split" -> {
                    assertExactCluster(clusterOf, answer.selected());
                    assertExactCluster(clusterOf, answer.rest());
                }
                case "confirm", "name" -> assertExactCluster(clusterOf, answer.all());
                case "remove" -> {
                    assertExactCluster(clusterOf, answer.rest());
                    answer.selected().forEach(f -> assertNotEquals(clusterOf.get(answer.rest().get(0)), clusterOf.get(f),
                            f + " left the cluster it was removed from"));
                }
                case "not_a_face" -> {
                    answer.selected().forEach(f -> assertFalse(clusterOf.containsKey(f), f + " is not clustered any more"));
                    answer.rest().forEach(f -> assertTrue(clusterOf.containsKey(f), f + " is still clustered"));
                }
                default -> throw new AssertionError(answer.kind());
            }
            // A removed face is free again: the machine places it, and may doubt it.
            List<String> decided = switch (answer.kind()) {
                case "not_a_face" -> List.of();
                case "remove" -> answer.rest();
                default -> answer.all();
            };
            decided.forEach(f -> assertTrue(acceptedOf.get(f), f + " is accepted: a person decided its cluster"));
        }
        Answer named = answers.get(2);
        String namedIdentity = identityOf.get(named.all().get(0));
        IdentityRecord record = ClusterStep.latestRegistry(spark, new TableCatalog(root.toString())).stream()
                .filter(r -> r.identityId().equals(namedIdentity)).findFirst().orElseThrow();
        assertEquals("Person Named In Review", record.name());
        assertEquals(IdentityStatus.CONFIRMED, record.status());

        // The second run detected nothing new, yet the sets it clustered again need crops for review.
        String secondRun = new TableCatalog(root.toString()).committedRunIds(spark).get(1);
        List<String> reclusteredFaces = spark.read().parquet(new io.faceengine.jobs.run.RunLayout(root.toString(), secondRun)
                .stepOutput(IdentityTables.CLUSTERS).toString()).select(IdentityTables.FACE_ID).as(Encoders.STRING()).collectAsList();
        assertFalse(reclusteredFaces.isEmpty());
        try (ReviewApiServer api = ReviewApiServer.start(new ApiOptions("127.0.0.1", 0, Duration.ofMinutes(10), 2,
                indices.options(), root), ApiTokens.load(tokens), Clock.systemUTC())) {
            ReviewApiClient http = new ReviewApiClient(api.port(), TOKEN);
            for (String face : reclusteredFaces) {
                http.assertCrop("/api/runs/" + secondRun + "/faces/" + face + "/crop.jpg");
            }
        }

        double acceptedAfter = acceptedShare();
        assertTrue(acceptedAfter > acceptedBefore, "accepted share grows: " + acceptedBefore + " -> " + acceptedAfter);

        // A third run with no new answers changes nothing: decisions are applied once, then carried.
        CliRun third = CliRun.of(args());
        assertEquals(0, third.exitCode(), third.err());
        Map<String, JsonNode> thirdCounts = new HashMap<>();
        JSON.readTree(third.out()).get("steps").forEach(s -> thirdCounts.put(s.get("step").asText(), s.get("counts")));
        assertEquals(answers.size(), thirdCounts.get("decisions").get("carriedOver").asInt());
        assertEquals(0, thirdCounts.get("decisions").get("new").asInt());
        assertEquals(0, thirdCounts.get("cluster").get("reclusteredSets").asInt());
        assertEquals(acceptedAfter, acceptedShare());

        Map<String, String> inBothSets = facesOfIdentitiesInSeveralSets();
        assertFalse(inBothSets.isEmpty(), "some people are found in both sets");

        // A promoted adapter (here the identity, so the space is unchanged) makes the next run cluster
        // every set again from the stored features; the human decisions and the identity ids still hold.
        ModelRegistry models = new ModelRegistry(spark.sparkContext().hadoopConfiguration(), root.toString());
        ModelCard card = new ModelCard(1, Instant.now().toString(), List.of(), 0, "test", TrainingOptions.defaults(), null,
                null, List.of(), null, null, null, true, "promoted by the test", null);
        assertEquals(1, models.start(card.claim()));
        models.complete(card, EmbeddingAdapter.identity(192));
        CliRun fourth = CliRun.of(args());
        assertEquals(0, fourth.exitCode(), fourth.err());
        Map<String, JsonNode> fourthCounts = new HashMap<>();
        JSON.readTree(fourth.out()).get("steps").forEach(s -> fourthCounts.put(s.get("step").asText(), s.get("counts")));
        assertEquals(1, fourthCounts.get("cluster").get("modelChanged").asInt());
        assertEquals(SETS.size(), fourthCounts.get("cluster").get("reclusteredSets").asInt(), "every set, from stored features");
        assertEquals(0, fourthCounts.get("detect").get("images").asLong(), "no re-detection");
        Map<String, String> clusterAfterPromotion = new HashMap<>();
        latestClusters().collectAsList().forEach(r -> clusterAfterPromotion.put(r.getAs(IdentityTables.FACE_ID),
                r.getAs(IdentityTables.CLUSTER_ID)));
        for (Answer answer : answers) {
            if (answer.kind().equals("not_a_face")) {
                answer.selected().forEach(f -> assertFalse(clusterAfterPromotion.containsKey(f)));
            } else if (answer.kind().equals("split") || answer.kind().equals("remove")) {
                if (answer.kind().equals("split")) {
                    assertExactCluster(clusterAfterPromotion, answer.selected());
                }
                assertExactCluster(clusterAfterPromotion, answer.rest());
            } else {
                assertExactCluster(clusterAfterPromotion, answer.all());
            }
        }
        assertTrue(ClusterStep.latestRegistry(spark, new TableCatalog(root.toString())).stream()
                .allMatch(r -> r.modelVersion().endsWith("+adapter-v1")), "the registry is rebuilt with the adapter");
        assertTrue(ClusterStep.latestRegistry(spark, new TableCatalog(root.toString())).stream()
                .anyMatch(r -> "Person Named In Review".equals(r.name())), "the name still holds");
        Map<String, String> afterPromotion = new HashMap<>();
        latestClusters().collectAsList().forEach(r -> afterPromotion.put(r.getAs(IdentityTables.FACE_ID),
                r.getAs(IdentityTables.IDENTITY_ID)));
        afterPromotion.keySet().retainAll(inBothSets.keySet());
        assertEquals(inBothSets, afterPromotion, "a person found in both sets keeps the identity id");

        // The manifests say which model labelled the faces: the backbone before the promotion, the adapter after;
        // the stored embeddings (what retraining starts from) stay the backbone's.
        List<JsonNode> manifests = DatasetManifest.committed(spark, root.toString());
        JsonNode before = manifests.get(0);
        JsonNode after = manifests.get(manifests.size() - 1);
        assertEquals(JSON.readTree(fourth.out()).get("runId").asText(), after.get("runId").asText());
        List<String> backbone = fieldNames(before.get("modelVersions"));
        assertEquals(1, backbone.size());
        assertEquals(backbone, fieldNames(before.get("labelModelVersions")));
        assertEquals(List.of(backbone.get(0) + "+adapter-v1"), fieldNames(after.get("labelModelVersions")));
        assertEquals(backbone, fieldNames(after.get("modelVersions")));
        Path export = dir.resolve("training-export");
        CliRun exported = CliRun.of("export", "--data-root", root.toString(), "--out", export.toString(), "--include-outliers");
        assertEquals(0, exported.exitCode(), exported.err());
        List<JsonNode> faces = new ArrayList<>();
        for (String line : Files.readAllLines(export.resolve("faces.jsonl"))) {
            faces.add(JSON.readTree(line));
        }
        assertEquals(after.get("faces").asInt(), faces.size(), "every face of the latest manifest");
        assertTrue(faces.stream().allMatch(f -> f.get("label_model_version").asText().equals(backbone.get(0) + "+adapter-v1")));
        assertTrue(faces.stream().anyMatch(f -> f.get("name").asText("").equals("Person Named In Review")),
                "the name given in review travels with the faces");
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static void assertExactCluster(Map<String, String> clusterOf, List<String> faces) {
        String cluster = clusterOf.get(faces.get(0));
        assertTrue(cluster != null, faces.get(0) + " is clustered");
        Set<String> members = new HashSet<>();
        clusterOf.forEach((face, c) -> {
            if (c.equals(cluster)) {
                members.add(face);
            }
        });
        assertEquals(Set.copyOf(faces), members, "the cluster is exactly as decided");
    }

    private static org.apache.spark.sql.Dataset<Row> latestClusters() {
        return new TableCatalog(root.toString()).readLatestPerSet(spark, IdentityTables.CLUSTERS, IdentityTables.SET_ID, null);
    }

    /** Face id to identity id, for the faces of identities that hold faces of more than one set. */
    private static Map<String, String> facesOfIdentitiesInSeveralSets() {
        Map<String, String> identityOf = new HashMap<>();
        Map<String, Set<String>> setsOf = new HashMap<>();
        for (Row r : latestClusters().collectAsList()) {
            String identity = r.getAs(IdentityTables.IDENTITY_ID);
            identityOf.put(r.getAs(IdentityTables.FACE_ID), identity);
            setsOf.computeIfAbsent(identity, k -> new HashSet<>()).add(r.getAs(IdentityTables.SET_ID));
        }
        identityOf.values().removeIf(identity -> setsOf.get(identity).size() < 2);
        return identityOf;
    }

    private static double acceptedShare() {
        List<Row> rows = latestClusters().select(IdentityTables.ACCEPTED).collectAsList();
        return rows.stream().filter(r -> r.getBoolean(0)).count() / (double) rows.size();
    }

    private static String[] args() {
        List<String> args = new ArrayList<>(List.of("run", "--input", inputs.toString(), "--data-root", root.toString(),
                "--set", "run.jobRepository.url=" + repository,
                "--set", "models.directory=" + TestModelFiles.directory(),
                // These people are easy: ask about every cluster that is not near-perfect, so there is
                // something to answer (the ranking itself is tested elsewhere). That bar is a cosine
                // rule, which calibration replaces with the estimated precision.
                "--set", "clustering.calibration.enabled=false",
                "--set", "clustering.review.uncertainty.acceptCohesion=0.95"));
        args.addAll(indices.runOptions());
        return args.toArray(String[]::new);
    }
}
