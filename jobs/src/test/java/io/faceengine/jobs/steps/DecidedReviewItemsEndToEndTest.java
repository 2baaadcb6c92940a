package io.faceengine.jobs.steps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faceengine.api.ApiOptions;
import io.faceengine.api.ApiTokens;
import io.faceengine.api.ReviewApiServer;
import io.faceengine.jobs.cli.CliRun;
import io.faceengine.jobs.steps.ReviewApiClient.Answer;
import io.faceengine.jobs.testing.TestIndices;
import io.faceengine.jobs.testing.TestRuns;
import io.faceengine.pipeline.testing.TestModelFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A question a person answered through the review API is not asked again by the next run, in any
 * form, and the decided item stays exactly as decided. The situation of the report: a merge made
 * just above the auto-merge threshold is asked (NEAR_THRESHOLD_MERGE) and rejected; the next run
 * clusters both sets again and, the two clusters still being above the threshold but now kept apart
 * by the person's answer, finds the same pair refused by a constraint (CANNOT_LINK_CONFLICT).
 */
class DecidedReviewItemsEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "annotator-token";
    /** Two small sets with the same two people in both. */
    private static final Map<String, List<String>> SETS = new LinkedHashMap<>();

    static {
        SETS.put("day-1", List.of("George_W_Bush:1-4", "Colin_Powell:1-4"));
        SETS.put("day-2", List.of("George_W_Bush:5-8", "Colin_Powell:5-8"));
    }

    @TempDir
    static Path dir;
    static String repository;
    static TestIndices indices;
    static Path inputs;
    static Path root;
    static Path tokens;

    @BeforeAll
    static void setUp() throws IOException {
        TestRuns.session();
        repository = TestRuns.repositoryUrl(dir);
        indices = TestIndices.create("decided-items");
        inputs = TestRuns.copyLfwSets(dir.resolve("inputs"), SETS);
        root = dir.resolve("data");
        tokens = dir.resolve("tokens.yaml");
        Files.writeString(tokens, ApiTokens.sha256Hex(TOKEN) + ": {name: ann, role: annotator}\n");
    }

    @AfterAll
    static void tearDown() throws Exception {
        indices.close();
        TestRuns.closeRepository(repository);
    }

    @Test
    void aDecidedItemIsNeitherRewrittenNorAskedAgainByTheNextRun() throws Exception {
        CliRun first = CliRun.of(args());
        assertEquals(0, first.exitCode(), first.err());

        Map<String, JsonNode> decidedBefore = new LinkedHashMap<>();
        List<Set<String>> rejectedSides;
        Answer notFaces;
        Answer confirmed;
        try (ReviewApiServer api = api()) {
            ReviewApiClient http = new ReviewApiClient(api.port(), TOKEN);
            List<JsonNode> open = openItems(http);
            JsonNode merge = open.stream()
                    .filter(i -> i.path("kind").asText().equals("merge") && reasons(i).contains("NEAR_THRESHOLD_MERGE")).findFirst()
                    .orElseThrow(() -> new AssertionError("the first run asks about a merge just above the threshold: " + open));
            // Cluster questions about the other person, so each answer stands on its own.
            Set<String> mergeFaces = strings(merge.path("face_ids"));
            List<JsonNode> clusters = open.stream().filter(i -> i.path("kind").asText().equals("cluster")
                    && i.path("face_ids").size() >= 3 && !overlaps(strings(i.path("face_ids")), mergeFaces)).toList();
            assertTrue(clusters.size() >= 2, "the first run asks about two other clusters of three faces or more: " + open);

            http.decide(merge, "reject", 0, null);
            rejectedSides = sides(merge);
            notFaces = http.decide(clusters.get(0), "not_a_face", 1, null);
            confirmed = http.decide(clusters.get(1), "confirm", 0, null);
            for (JsonNode item : List.of(merge, clusters.get(0), clusters.get(1))) {
                String id = item.path("item_id").asText();
                decidedBefore.put(id, http.item(id));
                assertEquals("decided", decidedBefore.get(id).path("status").asText());
            }
        }

        CliRun second = CliRun.of(args());
        assertEquals(0, second.exitCode(), second.err());
        Map<String, JsonNode> counts = new HashMap<>();
        JSON.readTree(second.out()).get("steps").forEach(s -> counts.put(s.get("step").asText(), s.get("counts")));
        assertEquals(decidedBefore.size(), counts.get("decisions").get("new").asInt(), "every answer is in the snapshot");
        assertEquals(SETS.size(), counts.get("cluster").get("reclusteredSets").asInt(), "both sets are clustered again");

        try (ReviewApiServer api = api()) {
            ReviewApiClient http = new ReviewApiClient(api.port(), TOKEN);
            for (Map.Entry<String, JsonNode> decided : decidedBefore.entrySet()) {
                // Status, decision, reasons, run and version (seq_no, primary_term) all as they were.
                assertEquals(decided.getValue(), http.item(decided.getKey()), "decided item " + decided.getKey() + " is unchanged");
            }
            for (JsonNode item : openItems(http)) {
                String id = item.path("item_id").asText();
                if (item.path("kind").asText().equals("merge")) {
                    List<Set<String>> sides = sides(item);
                    boolean samePair = overlaps(sides.get(0), rejectedSides.get(0)) && overlaps(sides.get(1), rejectedSides.get(1))
                            || overlaps(sides.get(0), rejectedSides.get(1)) && overlaps(sides.get(1), rejectedSides.get(0));
                    assertFalse(samePair, "open item " + id + " " + reasons(item) + " asks again about the rejected pair "
                            + rejectedSides);
                } else {
                    Set<String> faces = strings(item.path("face_ids"));
                    assertFalse(notFaces.rest().containsAll(faces), "open item " + id + " asks again about faces the person"
                            + " already answered for (" + notFaces.rest() + ")");
                    assertFalse(confirmed.all().containsAll(faces), "open item " + id + " asks again about a confirmed cluster");
                }
            }
        }
    }

    private static ReviewApiServer api() throws IOException {
        return ReviewApiServer.start(new ApiOptions("127.0.0.1", 0, Duration.ofMinutes(10), 2, indices.options(), root),
                ApiTokens.load(tokens), Clock.systemUTC());
    }

    private static List<JsonNode> openItems(ReviewApiClient http) throws IOException, InterruptedException {
        List<JsonNode> out = new ArrayList<>();
        http.get("/api/review-items?limit=500").path("items").forEach(out::add);
        return out;
    }

    /** The two sides of a merge item, each as its faces and identity id (whichever it names). */
    private static List<Set<String>> sides(JsonNode item) {
        List<Set<String>> sides = new ArrayList<>();
        for (JsonNode subject : item.path("details").path("subjects")) {
            Set<String> side = strings(subject.path("face_ids"));
            if (subject.hasNonNull("identity_id")) {
                side.add(subject.path("identity_id").asText());
            }
            sides.add(side);
        }
        assertEquals(2, sides.size(), item.toString());
        return sides;
    }

    private static boolean overlaps(Collection<String> a, Collection<String> b) {
        return a.stream().anyMatch(b::contains);
    }

    private static List<String> reasons(JsonNode item) {
        return new ArrayList<>(strings(item.path("reasons")));
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> out = new HashSet<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }

    private static String[] args() {
        List<String> args = new ArrayList<>(List.of("run", "--input", inputs.toString(), "--data-root", root.toString(),
                "--set", "run.jobRepository.url=" + repository,
                "--set", "models.directory=" + TestModelFiles.directory(),
                // Every automatic merge counts as only just above the threshold, so the first run asks
                // about the merge of each person's two clusters (and no cluster is accepted unasked).
                // That band is a cosine rule: calibration would place the sure-merge cut from the data.
                "--set", "clustering.calibration.enabled=false",
                "--set", "clustering.review.uncertainty.nearThresholdBand=0.9"));
        args.addAll(indices.runOptions());
        return args.toArray(String[]::new);
    }
}
