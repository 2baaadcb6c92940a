package io.faceengine.clustering.registry;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataRootBindingTest {
    private final DataRootId first = DataRootId.generate();
    private final DataRootId second = DataRootId.generate();

    @Test
    void aFirstBindingClaimsEmptyIndicesAndOnlyTheSameDataRootIsAcceptedAfterwards() throws Exception {
        try (TestElasticsearch es = TestElasticsearch.open()) {
            DataRootBinding binding = new DataRootBinding(es.client(), es.options);
            assertEquals(DataRootBinding.Claim.EMPTY, binding.check(first, "/data/a", List.of()), "no indices yet");
            assertFalse(es.client().indices().exists(e -> e.index(RegistryIndex.DATA_ROOT.indexName(es.options))).value(),
                    "checking creates nothing");

            IndexSetup.ensure(es.client(), es.options);
            assertEquals(DataRootBinding.Claim.EMPTY, binding.bind(first, "/data/a", List.of()));
            assertEquals(DataRootBinding.Claim.BOUND, binding.bind(first, "/data/a-moved", List.of()), "the id decides, not the path");
            assertEquals("/data/a", binding.ownerLocation(), "where it was bound, for the moved-or-copied warning");
            assertEquals(DataRootBinding.Claim.BOUND, binding.check(first, "/data/a", List.of()));
            assertTrue(binding.isBoundTo(first, "/data/a"));

            RegistryException refused = assertThrows(RegistryException.class, () -> binding.bind(second, "/data/b", List.of()));
            assertEquals(RegistryException.Reason.DATA_ROOT_MISMATCH, refused.reason());
            String message = refused.getMessage();
            for (String expected : List.of("/data/a", first.id(), "/data/b", second.id(), es.options.indexPrefix(),
                    "elasticsearch.indexPrefix=" + es.options.indexPrefix() + "-" + second.id().substring(0, 8))) {
                assertTrue(message.contains(expected), "names " + expected + ": " + message);
            }
            assertThrows(RegistryException.class, () -> binding.check(second, "/data/b", List.of()));
            assertThrows(RegistryException.class, () -> binding.isBoundTo(second, "/data/b"));
            RegistryException noId = assertThrows(RegistryException.class, () -> binding.isBoundTo(null, "/data/c"));
            assertTrue(noId.getMessage().contains("/data/c (which has no data-root.json yet)"), noId.getMessage());
            assertEquals(first.id(), binding.owner().dataRootId(), "the refused data root changed nothing");
        }
    }

    @Test
    void aReaderSeesUnboundIndicesAsNotYetBoundAndNeverBindsThem() throws Exception {
        try (TestElasticsearch es = TestElasticsearch.open().withIndices()) {
            DataRootBinding binding = new DataRootBinding(es.client(), es.options);
            assertFalse(binding.isBoundTo(first, "/data/a"));
            assertFalse(binding.isBoundTo(null, "/data/a"));
            assertNull(binding.owner());
            assertNull(binding.ownerLocation());
        }
    }

    @Test
    void indicesFilledBeforeBindingAreClaimedOnlyByTheDataRootWhoseRunsTheyHold() throws Exception {
        try (TestElasticsearch es = TestElasticsearch.open().withIndices()) {
            es.connection.identityRegistry().upsertAll(List.of(new IdentityRecord("id-1",
                    TestElasticsearch.randomVector(new Random(1), 192), 3, List.of("s1"), "run-a1", "run-a2",
                    IdentityStatus.AUTO, null, "m1", List.of())));
            DataRootBinding binding = new DataRootBinding(es.client(), es.options);

            RegistryException fresh = assertThrows(RegistryException.class, () -> binding.bind(second, "/data/b", List.of()));
            assertEquals(RegistryException.Reason.DATA_ROOT_MISMATCH, fresh.reason());
            assertTrue(fresh.getMessage().contains("hold 1 documents") && fresh.getMessage().contains("/data/b"),
                    fresh.getMessage());
            assertThrows(RegistryException.class, () -> binding.bind(second, "/data/b", List.of("run-b1")),
                    "runs of its own that the indices do not hold are no claim");
            assertNull(binding.owner(), "a refused claim binds nothing");

            assertEquals(DataRootBinding.Claim.OWN_UNBOUND_RUNS, binding.check(first, "/data/a", List.of("run-a0", "run-a2")));
            assertEquals(DataRootBinding.Claim.OWN_UNBOUND_RUNS, binding.bind(first, "/data/a", List.of("run-a0", "run-a2")));
            assertTrue(binding.owner().claimedExisting());
            assertEquals(DataRootBinding.Claim.BOUND, binding.bind(first, "/data/a", List.of("run-a0", "run-a2")));
            assertThrows(RegistryException.class, () -> binding.bind(second, "/data/b", List.of("run-a2")),
                    "once claimed, run ids are no longer evidence");
        }
    }

    @Test
    void ofTwoDataRootsBindingAtOnceExactlyOneWins() throws Exception {
        try (TestElasticsearch es = TestElasticsearch.open().withIndices()) {
            List<DataRootId> roots = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                roots.add(DataRootId.generate());
            }
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(roots.size());
            List<Future<Boolean>> outcomes = new ArrayList<>();
            try {
                for (int i = 0; i < roots.size(); i++) {
                    DataRootId id = roots.get(i);
                    String location = "/data/" + i;
                    Callable<Boolean> bind = () -> {
                        start.await();
                        try {
                            new DataRootBinding(es.client(), es.options).bind(id, location, List.of());
                            return true;
                        } catch (RegistryException e) {
                            assertEquals(RegistryException.Reason.DATA_ROOT_MISMATCH, e.reason(), e.getMessage());
                            return false;
                        }
                    };
                    outcomes.add(pool.submit(bind));
                }
                start.countDown();
                int winners = 0;
                for (Future<Boolean> outcome : outcomes) {
                    winners += outcome.get() ? 1 : 0;
                }
                assertEquals(1, winners);
            } finally {
                pool.shutdownNow();
            }
            String owner = new DataRootBinding(es.client(), es.options).owner().dataRootId();
            assertTrue(roots.stream().anyMatch(r -> r.id().equals(owner)));
        }
    }

    @Test
    void theIdFileIsReadBackAsWrittenAndBadFilesAreNamed() {
        DataRootId id = DataRootId.generate();
        assertEquals(id, DataRootId.parse(id.toJson(), "x/data-root.json"));
        assertEquals(new DataRootId("0f5c3c7e-2b64-4d0a-9a51-4cf7a1c0e2d1", Instant.parse("2026-01-02T03:04:05Z")),
                DataRootId.parse("{\"id\": \"0f5c3c7e-2b64-4d0a-9a51-4cf7a1c0e2d1\", \"createdAt\": \"2026-01-02T03:04:05Z\"}",
                        "x"));
        for (String bad : Set.of("", "{}", "[1]", "{\"id\": \"not-a-uuid\", \"createdAt\": \"2026-01-02T03:04:05Z\"}",
                "{\"id\": \"0F5C3C7E-2B64-4D0A-9A51-4CF7A1C0E2D1\", \"createdAt\": \"2026-01-02T03:04:05Z\"}",
                "{\"id\": \"0f5c3c7e-2b64-4d0a-9a51-4cf7a1c0e2d1\", \"createdAt\": \"yesterday\"}")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> DataRootId.parse(bad, "/data/a/data-root.json"), bad);
            assertTrue(e.getMessage().startsWith("/data/a/data-root.json"), e.getMessage());
        }
    }
}
