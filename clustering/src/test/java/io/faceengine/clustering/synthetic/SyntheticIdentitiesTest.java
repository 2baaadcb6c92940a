package io.faceengine.clustering.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceengine.clustering.graph.VectorSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyntheticIdentitiesTest {
    private static final int FACES = 20_000;
    private static final SyntheticFaces FIXTURE = SyntheticIdentities.defaults(5).generate(FACES);

    private static Map<Integer, List<Integer>> facesByKey(int[] keys) {
        Map<Integer, List<Integer>> byKey = new HashMap<>();
        for (int i = 0; i < keys.length; i++) {
            byKey.computeIfAbsent(keys[i], k -> new ArrayList<>()).add(i);
        }
        return byKey;
    }

    @Test
    void sameSeedSameFacesOtherSeedOtherFaces() {
        SyntheticFaces again = SyntheticIdentities.defaults(5).generate(FACES);
        assertArrayEquals(FIXTURE.vectors().values(), again.vectors().values());
        assertArrayEquals(FIXTURE.identity(), again.identity());
        assertArrayEquals(FIXTURE.photo(), again.photo());
        assertFalse(Arrays.equals(FIXTURE.identity(), SyntheticIdentities.defaults(6).generate(FACES).identity()));
    }

    @Test
    void sameIdentityFacesAreSimilarOthersAreNot() {
        VectorSet vectors = FIXTURE.vectors();
        assertEquals(192, vectors.dimension());
        double within = 0;
        int withinPairs = 0;
        for (List<Integer> faces : facesByKey(FIXTURE.identity()).values()) {
            for (int i = 1; i < faces.size() && i <= 20; i++) {
                within += vectors.similarity(faces.get(i - 1), faces.get(i));
                withinPairs++;
            }
        }
        double between = 0;
        double betweenSquares = 0;
        int betweenPairs = 0;
        Random random = new Random(1);
        while (betweenPairs < 20_000) {
            int a = random.nextInt(FACES);
            int b = random.nextInt(FACES);
            if (FIXTURE.identity()[a] != FIXTURE.identity()[b]) {
                double s = vectors.similarity(a, b);
                between += s;
                betweenSquares += s * s;
                betweenPairs++;
            }
        }
        double withinMean = within / withinPairs;
        double betweenMean = between / betweenPairs;
        double betweenSd = Math.sqrt(betweenSquares / betweenPairs - betweenMean * betweenMean);
        assertTrue(withinMean > 0.6 && withinMean < 0.7, "within-identity mean cosine " + withinMean);
        assertTrue(Math.abs(betweenMean) < 0.01 && betweenSd < 0.1, "between-identity cosine " + betweenMean + " ± " + betweenSd);
    }

    @Test
    void identitySizesAreHeavyTailedWithManySingletons() {
        List<Integer> sizes = facesByKey(FIXTURE.identity()).values().stream().map(List::size).sorted().toList();
        assertEquals(FIXTURE.identities(), sizes.size());
        long singletons = sizes.stream().filter(s -> s == 1).count();
        assertTrue(singletons > 0.4 * sizes.size(), singletons + " singletons of " + sizes.size());
        assertTrue(sizes.get(sizes.size() - 1) >= 100, "largest identity " + sizes.get(sizes.size() - 1));
    }

    @Test
    void photosHoldDistinctIdentitiesAndAreMostlySingleFaces() {
        Map<Integer, List<Integer>> photos = facesByKey(FIXTURE.photo());
        int multi = 0;
        for (List<Integer> faces : photos.values()) {
            assertTrue(faces.size() <= 4);
            Set<Integer> identities = new HashSet<>();
            for (int face : faces) {
                assertTrue(identities.add(FIXTURE.identity()[face]), "two faces of one identity in a photo");
            }
            multi += faces.size() > 1 ? 1 : 0;
        }
        assertTrue(multi > 0.05 * photos.size() && multi < 0.2 * photos.size(), multi + " of " + photos.size());
        assertNotEquals(0, FIXTURE.cannotLink().items());
    }
}
