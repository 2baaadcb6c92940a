package io.faceengine.clustering.identity;

import io.faceengine.clustering.cluster.SetClusterer;
import io.faceengine.clustering.cluster.SetClustering;
import io.faceengine.clustering.cluster.SetFaces;
import io.faceengine.clustering.config.ClusteringSettings;
import io.faceengine.clustering.registry.IdentityRecord;
import io.faceengine.clustering.registry.RegistryMatch;
import io.faceengine.clustering.testing.TestVectors;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whole-run identity resolution on synthetic people spread over sets: the same input gives the
 * same identity ids, and a later run with a new set keeps every existing id, only adding or growing.
 */
class RunIdentityResolverTest {
    private static final ClusteringSettings SETTINGS = ClusteringSettings.fromTree(
            io.faceengine.pipeline.config.ConfigLoader.defaultsOnly().clustering());
    private static final float[][] PEOPLE = people(12, new Random(7));

    @Test
    void theSameInputGivesTheSameIdentitiesWhateverTheSetOrder() {
        List<SetClustering> sets = List.of(set("set-a", 0, 8, 4), set("set-b", 4, 12, 4));
        RunIdentities first = resolve("run-1", sets, List.of());
        RunIdentities again = resolve("run-2", List.of(sets.get(1), sets.get(0)), List.of());
        assertEquals(first.identityOfCluster(), again.identityOfCluster());
        assertEquals(12, new HashSet<>(first.identityOfCluster().values()).size(), "12 people, 12 identities");
        assertTrue(first.autoMerges() >= 4, "people 4..7 are in both sets: " + first.autoMerges());
    }

    @Test
    void aNewSetOnlyAddsOrGrowsIdentities() {
        RunIdentities first = resolve("run-1", List.of(set("set-a", 0, 8, 4)), List.of());
        Map<String, Integer> before = new HashMap<>();
        first.registry().forEach(r -> before.put(r.identityId(), r.faceCount()));

        RunIdentities second = resolve("run-2", List.of(set("set-b", 4, 12, 3)), first.registry());
        Map<String, Integer> after = new HashMap<>();
        second.registry().forEach(r -> after.put(r.identityId(), r.faceCount()));
        for (Map.Entry<String, Integer> identity : before.entrySet()) {
            assertTrue(after.containsKey(identity.getKey()), "kept " + identity.getKey());
            assertTrue(after.get(identity.getKey()) >= identity.getValue());
        }
        assertEquals(4, second.grownIdentities(), "people 4..7 grow their identities");
        assertEquals(4, second.newIdentities(), "people 8..11 are new");
        assertEquals(12, second.registry().size());
    }

    private static RunIdentities resolve(String runId, List<SetClustering> sets, List<IdentityRecord> registry) {
        RegistrySearch exact = (queries, k, floor) -> queries.stream().map(q -> registry.stream()
                .map(r -> new RegistryMatch(r.identityId(), TestVectors.dot(TestVectors.unit(q), TestVectors.unit(r.centroid()))))
                .filter(m -> m.similarity() >= floor)
                .sorted(Comparator.comparingDouble(RegistryMatch::similarity).reversed())
                .limit(k).toList()).toList();
        return new RunIdentityResolver(SETTINGS).resolve(runId, sets, registry, exact, "test-model");
    }

    /** People [from, to) with {@code perPerson} faces each, one face per photo. */
    private static SetClustering set(String setId, int from, int to, int perPerson) {
        Random random = new Random(setId.hashCode());
        List<String> faceIds = new ArrayList<>();
        List<float[]> rows = new ArrayList<>();
        for (int p = from; p < to; p++) {
            for (int f = 0; f < perPerson; f++) {
                faceIds.add(String.format("%s-p%02d-f%d", setId, p, f));
                rows.add(TestVectors.face(PEOPLE[p], TestVectors.sigmaForPairwise(0.75), random));
            }
        }
        float[] values = new float[rows.size() * TestVectors.DIMENSION];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, values, i * TestVectors.DIMENSION, TestVectors.DIMENSION);
        }
        return new SetClusterer(SETTINGS).cluster(new SetFaces(setId, faceIds, faceIds.stream().map(id -> "img-" + id).toList(),
                new SetFaces.VectorSetData(rows.size(), TestVectors.DIMENSION, values)));
    }

    private static float[][] people(int n, Random random) {
        float[][] people = new float[n][];
        for (int i = 0; i < n; i++) {
            people[i] = TestVectors.randomUnit(random);
        }
        return people;
    }
}
