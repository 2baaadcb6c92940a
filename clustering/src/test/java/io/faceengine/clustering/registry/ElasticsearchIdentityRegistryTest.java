package io.faceengine.clustering.registry;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static io.faceengine.clustering.registry.TestElasticsearch.cosine;
import static io.faceengine.clustering.registry.TestElasticsearch.randomVector;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ElasticsearchIdentityRegistryTest {
    private static final int DIMS = 192;

    private static List<IdentityRecord> identities(Random random, int n) {
        List<IdentityRecord> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new IdentityRecord(String.format("identity-%05d", i), randomVector(random, DIMS), 1 + i % 7,
                    List.of("set-" + i % 3), "run-1", "run-1", IdentityStatus.AUTO, null, "mobilefacenet", List.of()));
        }
        return out;
    }

    @Test
    void nearestFindsTheIdentityAndReportsTheTrueCosine() throws Exception {
        try (TestElasticsearch es = TestElasticsearch.open().withIndices()) {
            Random random = new Random(7);
            List<IdentityRecord> records = identities(random, 40);
            IdentityRegistry registry = es.connection.identityRegistry();
            registry.upsertAll(records);

            // A new cluster's centroid close to identity 17: same direction plus noise, another scale.
            float[] target = records.get(17).centroid();
            float[] query = new float[DIMS];
            float[] noise = randomVector(random, DIMS);
            for (int i = 0; i < DIMS; i++) {
                query[i] = 2.5f * target[i] + 0.6f * noise[i];
            }
            List<RegistryMatch> matches = registry.nearest(query, 5, -1f);
            assertEquals(5, matches.size());
            assertEquals("identity-00017", matches.get(0).identityId());
            for (int r = 0; r < matches.size(); r++) {
                RegistryMatch match = matches.get(r);
                float[] centroid = registry.get(match.identityId()).orElseThrow().centroid();
                assertEquals(cosine(query, centroid), match.similarity(), 1e-4, "cosine of " + match.identityId());
                if (r > 0) {
                    assertTrue(matches.get(r - 1).similarity() >= match.similarity(), "most similar first");
                }
            }
            double top = matches.get(0).similarity();
            assertTrue(top > 0.8, "the query was built close to identity 17: " + top);

            // The threshold is on the cosine: halfway between the first and second keeps only the first.
            float between = (matches.get(0).similarity() + matches.get(1).similarity()) / 2;
            List<RegistryMatch> above = registry.nearest(query, 5, between);
            assertEquals(List.of("identity-00017"), above.stream().map(RegistryMatch::identityId).toList());
            assertEquals(List.of(), registry.nearest(query, 5, (float) Math.min(1.0, top + 0.01)));
        }
    }

    @Test
    void knnFindsTheExactNearestOf2000RandomIdentities() throws Exception {
        try (TestElasticsearch es = TestElasticsearch.open().withIndices()) {
            Random random = new Random(2000);
            List<IdentityRecord> records = identities(random, 2000);
            IdentityRegistry registry = es.connection.identityRegistry();
            registry.upsertAll(records);
            assertEquals(2000, registry.count());

            List<float[]> queries = new ArrayList<>();
            for (int q = 0; q < 50; q++) {
                queries.add(randomVector(random, DIMS));
            }
            List<List<RegistryMatch>> found = registry.nearestBatch(queries, 1, -1f);
            assertEquals(50, found.size());
            int hits = 0;
            for (int q = 0; q < queries.size(); q++) {
                float[] query = queries.get(q);
                IdentityRecord exact = records.stream()
                        .max(Comparator.comparingDouble(r -> cosine(query, r.centroid()))).orElseThrow();
                RegistryMatch best = found.get(q).get(0);
                if (best.identityId().equals(exact.identityId())) {
                    hits++;
                    assertEquals(cosine(query, exact.centroid()), best.similarity(), 1e-4);
                }
            }
            double recall = hits / 50.0;
            System.out.printf("kNN top-1 recall on 2000 random %d-d identities: %.2f (numCandidates %d)%n",
                    DIMS, recall, es.options.knnNumCandidates());
            assertTrue(recall >= 0.98, "top-1 recall " + recall);

            // One query alone gives what it gave in the batch.
            assertEquals(found.get(3), registry.nearest(queries.get(3), 1, -1f));

            // The whole registry reads back in id order, across pages.
            List<IdentityRecord> all = registry.all();
            assertEquals(records, all);
        }
    }

    @Test
    void upsertingTheSameIdentitiesAgainChangesNothing() throws Exception {
        try (TestElasticsearch es = TestElasticsearch.open().withIndices()) {
            List<IdentityRecord> records = new ArrayList<>(identities(new Random(3), 300));
            records.set(5, new IdentityRecord("identity-00005", records.get(5).centroid(), 12, List.of("a", "b"),
                    "run-1", "run-2", IdentityStatus.CONFIRMED, "Ada", "mobilefacenet", List.of("identity-00006")));
            IdentityRegistry registry = es.connection.identityRegistry();
            registry.upsertAll(records);
            List<IdentityRecord> first = registry.all();
            assertEquals(records, first);

            registry.upsertAll(records);
            assertEquals(300, registry.count());
            assertEquals(first, registry.all());

            IdentityRecord changed = new IdentityRecord("identity-00010", records.get(10).centroid(), 99,
                    List.of("set-1"), "run-1", "run-3", IdentityStatus.PENDING, null, "mobilefacenet", List.of());
            registry.upsertAll(List.of(changed));
            assertEquals(300, registry.count());
            assertEquals(Optional.of(changed), registry.get("identity-00010"));
            assertEquals(Optional.of(records.get(5)), registry.get("identity-00005"));
            assertEquals(Optional.empty(), registry.get("no-such-identity"));
        }
    }

    @Test
    void aCentroidOfTheWrongLengthIsRefusedBeforeSending() throws Exception {
        try (TestElasticsearch es = TestElasticsearch.open().withIndices()) {
            IdentityRegistry registry = es.connection.identityRegistry();
            IdentityRecord shortOne = new IdentityRecord("x", new float[]{1, 2, 3}, 1, List.of(), "r", "r",
                    IdentityStatus.AUTO, null, "m", List.of());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> registry.upsertAll(List.of(shortOne)));
            assertTrue(e.getMessage().contains("192"), e.getMessage());
            assertEquals(0, registry.count());
        }
    }
}
