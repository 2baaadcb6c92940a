package io.faceengine.clustering.registry;

import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.GetResponse;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ReviewQueueIndexTest {
    private static final Instant CREATED = Instant.parse("2026-03-01T10:15:30.123456Z");

    private static ReviewItem item(String run, String id, String set, float priority, String... reasons) {
        ObjectNode details = JsonNodeFactory.instance.objectNode();
        details.put("threshold", 0.42).putArray("edges").add(1).add(2);
        return new ReviewItem(id, run, set, ReviewKind.CLUSTER, List.of(reasons), priority, 0.5f, 4, "c-" + id, null,
                List.of("identity-1", "identity-2"), List.of("f-" + id + "-0", "f-" + id + "-1"), ReviewStatus.OPEN,
                CREATED, details);
    }

    private static List<String> ids(List<ReviewItem> items) {
        return items.stream().map(ReviewItem::itemId).toList();
    }

    @Test
    void replacingARunsItemsIsIdempotentAndLeavesOtherRunsAlone() throws Exception {
        try (TestElasticsearch es = TestElasticsearch.open().withIndices()) {
            ReviewQueueIndex queue = es.connection.reviewQueue();
            List<ReviewItem> runA = List.of(item("run-a", "a1", "s1", 0.9f, "LOW_MARGIN"),
                    item("run-a", "a2", "s1", 0.3f, "MIXED"), item("run-a", "a3", "s2", 0.7f, "LOW_MARGIN"),
                    item("run-a", "a4", "s2", 0.1f, "SMALL"), item("run-a", "a5", "s1", 0.5f, "MIXED", "SMALL"));
            List<ReviewItem> runB = List.of(item("run-b", "b1", "s3", 0.8f, "MIXED"),
                    item("run-b", "b2", "s3", 0.2f, "SMALL"));
            assertEquals(new ReviewQueueIndex.Replacement(5, 0), queue.replaceRunItems("run-a", runA));
            assertEquals(new ReviewQueueIndex.Replacement(2, 0), queue.replaceRunItems("run-b", runB));
            List<ReviewItem> before = queue.top(100, ReviewQueueFilter.any());
            assertEquals(7, before.size());

            // A restarted run publishes the same items: same queue.
            assertEquals(new ReviewQueueIndex.Replacement(5, 0), queue.replaceRunItems("run-a", runA));
            assertEquals(before, queue.top(100, ReviewQueueFilter.any()));

            // A run that now yields fewer items: the stale ones go, other runs stay.
            List<ReviewItem> fewer = List.of(runA.get(0), runA.get(2), item("run-a", "a6", "s2", 0.6f, "MIXED"));
            assertEquals(new ReviewQueueIndex.Replacement(3, 3), queue.replaceRunItems("run-a", fewer));
            assertEquals(List.of("a1", "a3", "a6"), ids(queue.top(100, ReviewQueueFilter.any().withRun("run-a"))));
            assertEquals(2, queue.count(ReviewQueueFilter.any().withRun("run-b")));

            // Replacing with nothing empties the run.
            assertEquals(new ReviewQueueIndex.Replacement(0, 3), queue.replaceRunItems("run-a", List.of()));
            assertEquals(runB, queue.top(100, ReviewQueueFilter.any()));
        }
    }

    @Test
    void topSortsByPriorityThenItemIdAndFilters() throws Exception {
        try (TestElasticsearch es = TestElasticsearch.open().withIndices()) {
            ReviewQueueIndex queue = es.connection.reviewQueue();
            List<ReviewItem> items = new ArrayList<>(List.of(item("r1", "i-c", "s1", 0.5f, "MIXED"),
                    item("r1", "i-a", "s1", 0.5f, "SMALL"), item("r1", "i-d", "s2", 0.95f, "MIXED"),
                    item("r1", "i-b", "s2", 0.05f, "LOW_MARGIN"), item("r1", "i-e", "s1", 0.7f, "MIXED", "SMALL")));
            queue.replaceRunItems("r1", items);
            queue.replaceRunItems("r2", List.of(item("r2", "j-a", "s1", 0.99f, "SMALL")));

            assertEquals(List.of("j-a", "i-d", "i-e", "i-a", "i-c", "i-b"), ids(queue.top(10, ReviewQueueFilter.any())));
            assertEquals(List.of("j-a", "i-d"), ids(queue.top(2, ReviewQueueFilter.any())));
            assertEquals(List.of("i-e", "i-a", "i-c"), ids(queue.top(10, ReviewQueueFilter.any().withRun("r1").withSet("s1"))));
            assertEquals(List.of("j-a", "i-e", "i-a"), ids(queue.top(10, ReviewQueueFilter.any().withReason("SMALL"))));
            assertEquals(List.of(), queue.top(10, ReviewQueueFilter.any().withReason("NO_SUCH_REASON")));
            // Everything the run wrote comes back as it was written, details included.
            assertEquals(items.get(3), queue.top(10, ReviewQueueFilter.any().withReason("LOW_MARGIN")).get(0));
        }
    }

    @Test
    void aRestartDoesNotReopenWhatAnAnnotatorTook() throws Exception {
        try (TestElasticsearch es = TestElasticsearch.open().withIndices()) {
            ReviewQueueIndex queue = es.connection.reviewQueue();
            List<ReviewItem> items = List.of(item("r", "x1", "s", 0.9f, "MIXED"), item("r", "x2", "s", 0.8f, "MIXED"));
            queue.replaceRunItems("r", items);
            // What the review API does when an annotator claims an item.
            String index = RegistryIndex.REVIEW_ITEMS.indexName(es.options);
            es.client().index(i -> i.index(index).id("x1").document(items.get(0).withStatus(ReviewStatus.CLAIMED))
                    .refresh(Refresh.WaitFor));

            queue.replaceRunItems("r", items);
            assertEquals(List.of("x2"), ids(queue.top(10, ReviewQueueFilter.any().withStatus(ReviewStatus.OPEN))));
            assertEquals(List.of(items.get(0).withStatus(ReviewStatus.CLAIMED)),
                    queue.top(10, ReviewQueueFilter.any().withStatus(ReviewStatus.CLAIMED)));
        }
    }

    /** What the review API does when an annotator claims, then decides, an item: conditional writes of the stored document. */
    private static GetResponse<ObjectNode> annotate(TestElasticsearch es, String id, String annotator, boolean decide)
            throws Exception {
        String index = RegistryIndex.REVIEW_ITEMS.indexName(es.options);
        GetResponse<ObjectNode> read = es.client().get(g -> g.index(index).id(id), ObjectNode.class);
        ObjectNode document = read.source().deepCopy();
        document.put("status", decide ? "decided" : "claimed");
        document.put("claimed_by", annotator);
        document.put("claimed_until", "2099-01-01T00:00:00Z");
        if (decide) {
            document.put("decision_id", id + "@1." + read.seqNo());
            document.putObject("decision").put("decision_id", id + "@1." + read.seqNo()).put("kind", "reject")
                    .put("annotator", annotator);
        }
        es.client().index(i -> i.index(index).id(id).document(document).ifSeqNo(read.seqNo())
                .ifPrimaryTerm(read.primaryTerm()).refresh(Refresh.WaitFor));
        return es.client().get(g -> g.index(index).id(id), ObjectNode.class);
    }

    private static GetResponse<ObjectNode> stored(TestElasticsearch es, String id) throws Exception {
        return es.client().get(g -> g.index(RegistryIndex.REVIEW_ITEMS.indexName(es.options)).id(id), ObjectNode.class);
    }

    @Test
    void aDecidedItemIsNeverRewrittenOrRemovedByAnyRun() throws Exception {
        try (TestElasticsearch es = TestElasticsearch.open().withIndices()) {
            ReviewQueueIndex queue = es.connection.reviewQueue();
            queue.replaceRunItems("run-1", List.of(item("run-1", "merge:c-a+c-b", "s", 0.5f, "NEAR_THRESHOLD_MERGE"),
                    item("run-1", "cluster:c-c", "s", 0.4f, "MIXED")));
            GetResponse<ObjectNode> merge = annotate(es, "merge:c-a+c-b", "ann", true);
            GetResponse<ObjectNode> cluster = annotate(es, "cluster:c-c", "ann", true);

            // A later run asks the same question (same id) for another reason, and no longer asks the other.
            ReviewItem again = item("run-2", "merge:c-a+c-b", "s", 0.9f, "CANNOT_LINK_CONFLICT");
            assertEquals(new ReviewQueueIndex.Replacement(0, 0), queue.replaceRunItems("run-2", List.of(again)));
            // A restart of the first run that no longer asks either.
            assertEquals(new ReviewQueueIndex.Replacement(0, 0), queue.replaceRunItems("run-1", List.of()));

            for (GetResponse<ObjectNode> before : List.of(merge, cluster)) {
                GetResponse<ObjectNode> after = stored(es, before.id());
                assertEquals(before.source(), after.source(), before.id());
                assertEquals(before.seqNo(), after.seqNo(), before.id() + " was not written at all");
            }
            assertEquals(0, queue.count(ReviewQueueFilter.any().withStatus(ReviewStatus.OPEN)));
        }
    }

    @Test
    void aClaimedItemAskedAgainByAnotherRunKeepsItsLease() throws Exception {
        try (TestElasticsearch es = TestElasticsearch.open().withIndices()) {
            ReviewQueueIndex queue = es.connection.reviewQueue();
            queue.replaceRunItems("run-1", List.of(item("run-1", "cluster:c-x", "s", 0.5f, "MIXED")));
            annotate(es, "cluster:c-x", "ann", false);

            ReviewItem again = item("run-2", "cluster:c-x", "s", 0.7f, "SMALL");
            queue.replaceRunItems("run-2", List.of(again));
            ObjectNode after = stored(es, "cluster:c-x").source();
            assertEquals("run-2", after.path("run_id").asText(), "the question as the later run asks it");
            assertEquals(List.of("SMALL"), List.of(after.path("reasons").get(0).asText()));
            assertEquals("claimed", after.path("status").asText());
            assertEquals("ann", after.path("claimed_by").asText());
            assertEquals("2099-01-01T00:00:00Z", after.path("claimed_until").asText());
        }
    }

    @Test
    void itemsOfAnotherRunOrRepeatedIdsAreRefused() throws Exception {
        try (TestElasticsearch es = TestElasticsearch.open().withIndices()) {
            ReviewQueueIndex queue = es.connection.reviewQueue();
            assertThrows(IllegalArgumentException.class,
                    () -> queue.replaceRunItems("r1", List.of(item("r2", "x", "s", 1, "MIXED"))));
            assertThrows(IllegalArgumentException.class, () -> queue.replaceRunItems("r1",
                    List.of(item("r1", "x", "s", 1, "MIXED"), item("r1", "x", "s", 2, "MIXED"))));
            assertEquals(0, queue.count(ReviewQueueFilter.any()));
        }
    }
}
