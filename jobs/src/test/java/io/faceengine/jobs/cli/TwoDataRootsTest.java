package io.faceengine.jobs.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.faceengine.api.ApiOptions;
import io.faceengine.api.ApiTokens;
import io.faceengine.api.ReviewApiServer;
import io.faceengine.clustering.registry.DataRootId;
import io.faceengine.clustering.registry.ElasticsearchConnection;
import io.faceengine.clustering.registry.IdentityRecord;
import io.faceengine.clustering.registry.IdentityStatus;
import io.faceengine.clustering.registry.IndexSetup;
import io.faceengine.clustering.registry.RegistryException;
import io.faceengine.clustering.registry.RegistryIndex;
import io.faceengine.jobs.run.CommittedRuns;
import io.faceengine.jobs.steps.DecisionsStep;
import io.faceengine.jobs.testing.TestIndices;
import io.faceengine.jobs.testing.TestRuns;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two data roots configured with the same index prefix: the first binds the indices, the second is
 * refused by the run (before any step) and by the review API; the first keeps working. Runs use the
 * small test steps and the real decisions step, the first step that writes to Elasticsearch.
 */
class TwoDataRootsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "two-data-roots-token";

    @TempDir
    static Path dir;
    static Path inputs;
    static String repository;
    static Path tokens;

    @BeforeAll
    static void setUp() throws IOException {
        inputs = TestRuns.createInputs(dir.resolve("inputs"));
        repository = TestRuns.repositoryUrl(dir);
        tokens = dir.resolve("tokens.yaml");
        Files.writeString(tokens, ApiTokens.sha256Hex(TOKEN) + ": {name: ann, role: annotator}\n");
    }

    @AfterAll
    static void tearDown() throws Exception {
        TestRuns.closeRepository(repository);
    }

    @Test
    void aSecondDataRootIsRefusedTheFirstOnesIndicesByTheRunAndTheApi() throws Exception {
        Path a = dir.resolve("root-a");
        Path b = dir.resolve("root-b");
        try (TestIndices indices = TestIndices.create("two-roots")) {
            String prefix = indices.options().indexPrefix();
            // An API on a data root no run has used yet serves the (still unbound) queue...
            try (ReviewApiServer apiOnB = startApi(indices, b)) {
                assertEquals(200, get(apiOnB, "/api/review-items").statusCode());

                CliRun first = CliRun.of(args(a, indices));
                assertEquals(0, first.exitCode(), first.err());
                DataRootId idOfA = DataRootId.parse(Files.readString(a.resolve(DataRootId.FILE_NAME)), "a");
                JsonNode owner = owner(indices);
                assertEquals(idOfA.id(), owner.path("data_root_id").asText(), owner.toString());
                assertEquals(a.toString(), owner.path("data_root").asText());

                // ...until a run binds it to another data root.
                HttpResponse<String> refused = get(apiOnB, "/api/review-items");
                assertEquals(503, refused.statusCode(), refused.body());
                assertEquals("data_root_mismatch", JSON.readTree(refused.body()).path("error").asText(), refused.body());
                assertFalse(refused.body().contains(a.toString()), "server paths stay in the server log: " + refused.body());
            }

            CliRun second = CliRun.of(args(b, indices));
            assertEquals(1, second.exitCode(), second.err());
            assertNamesBoth(second.err(), a, b, prefix);
            assertTrue(second.err().contains(DataRootId.parse(Files.readString(a.resolve(DataRootId.FILE_NAME)), "a").id()));
            assertFalse(second.err().contains("execution id"), "refused before a job started: " + second.err());
            assertFalse(Files.exists(b.resolve("runs")), "nothing ran in the second data root");

            CliRun again = CliRun.of(args(a, indices));
            assertEquals(0, again.exitCode(), "the same data root is accepted again: " + again.err());

            RegistryException apiRefused = assertThrows(RegistryException.class, () -> startApi(indices, b).close());
            assertEquals(RegistryException.Reason.DATA_ROOT_MISMATCH, apiRefused.reason());
            assertNamesBoth(apiRefused.getMessage(), a, b, prefix);
            try (ReviewApiServer apiOnA = startApi(indices, a)) {
                assertEquals(200, get(apiOnA, "/api/review-items").statusCode());
            }
        }
    }

    @Test
    void indicesFilledBeforeDataRootsWereBoundAreClaimedOnlyByTheDataRootWhoseRunsTheyHold() throws Exception {
        Path a = dir.resolve("legacy-a");
        Path b = dir.resolve("legacy-b");
        try (TestIndices indices = TestIndices.create("legacy")) {
            // As an older version left them: a data root with a committed run, indices holding an identity
            // of that run, and no owner.
            String runOfA = "run-before-binding";
            new CommittedRuns(a.toString(), new Configuration()).commit(runOfA);
            try (ElasticsearchConnection es = indices.connect()) {
                IndexSetup.ensure(es.client(), es.options());
                float[] centroid = new float[es.options().centroidDims()];
                centroid[0] = 1;
                es.identityRegistry().upsertAll(List.of(new IdentityRecord("identity-of-a", centroid, 2,
                        List.of("set-a"), runOfA, runOfA, IdentityStatus.AUTO, null, "m", List.of())));
            }

            CliRun fresh = CliRun.of(args(b, indices));
            assertEquals(1, fresh.exitCode(), fresh.err());
            assertTrue(fresh.err().contains("written before data roots were bound") && fresh.err().contains(b.toString()),
                    fresh.err());

            CliRun legacy = CliRun.of(args(a, indices));
            assertEquals(0, legacy.exitCode(), legacy.err());
            JsonNode owner = owner(indices);
            assertEquals(DataRootId.parse(Files.readString(a.resolve(DataRootId.FILE_NAME)), "a").id(),
                    owner.path("data_root_id").asText());
            assertTrue(owner.path("claimed_existing").asBoolean(), owner.toString());
        }
    }

    private static String[] args(Path dataRoot, TestIndices indices) {
        List<String> extra = new ArrayList<>(List.of("--set", "testing.stepClasses.decisions=" + DecisionsStep.class.getName()));
        extra.addAll(indices.runOptions());
        return TestRuns.runArgs(inputs, dataRoot, repository, extra.toArray(String[]::new));
    }

    private static void assertNamesBoth(String message, Path owner, Path refused, String prefix) {
        for (String expected : List.of(owner.toString(), refused.toString(), prefix, "elasticsearch.indexPrefix=")) {
            assertTrue(message.contains(expected), "names " + expected + ": " + message);
        }
    }

    private static JsonNode owner(TestIndices indices) throws IOException {
        try (ElasticsearchConnection es = indices.connect()) {
            return es.client().get(g -> g.index(RegistryIndex.DATA_ROOT.indexName(indices.options())).id("owner"),
                    ObjectNode.class).source();
        }
    }

    private static ReviewApiServer startApi(TestIndices indices, Path dataRoot) throws IOException {
        return ReviewApiServer.start(new ApiOptions("127.0.0.1", 0, Duration.ofMinutes(10), 2, indices.options(), dataRoot),
                ApiTokens.load(tokens), Clock.systemUTC());
    }

    private static HttpResponse<String> get(ReviewApiServer api, String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
                .header("Authorization", "Bearer " + TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
