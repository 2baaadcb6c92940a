package io.faceengine.clustering.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.faceengine.clustering.config.ClusteringSettings;
import io.faceengine.clustering.eval.ClusteringMetrics;
import io.faceengine.clustering.eval.ClusteringScores;
import io.faceengine.pipeline.FaceModels;
import io.faceengine.pipeline.face.Embedding;
import io.faceengine.pipeline.image.RgbImage;
import io.faceengine.pipeline.testing.TestData;
import io.faceengine.pipeline.testing.TestModelFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Infomap on real faces, through the production path (kNN graph, algorithm, cannot-link): the
 * glint-dev crops, already aligned, embedded by the default model and clustered per set.
 */
class InfomapRealFacesTest {
    /** Infomap's threshold whose worst development domain scores best (the domain study's figure). */
    private static final String THRESHOLD = "0.54";
    // Measured: within-set BCubed F1 0.979-0.990 per set, precision 1.0 (a few faces split off); the floor leaves a margin.
    private static final double MIN_BCUBED_F1 = 0.95;

    private static final Map<String, List<Face>> SETS = new TreeMap<>();
    private static SetClusterer clusterer;

    record Face(String faceId, String identity, float[] embedding) {
    }

    @BeforeAll
    static void embedGlintCrops() throws IOException {
        Path root = TestData.require("glint-dev");
        List<String> lines = Files.readAllLines(root.resolve("labels.csv"));
        List<String[]> rows = new ArrayList<>();
        List<RgbImage> crops = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] row = line.split(",");
            rows.add(row);
            crops.add(TestData.decode(root.resolve(row[0])));
        }
        FaceModels models = TestModelFiles.defaultModels();
        List<Embedding> embeddings = models.embedder().embed(crops);
        for (int i = 0; i < rows.size(); i++) {
            String[] row = rows.get(i);
            SETS.computeIfAbsent(row[2], k -> new ArrayList<>()).add(new Face(row[0], row[1], embeddings.get(i).vector()));
        }
        // The stage takes a set's faces sorted by id.
        SETS.values().forEach(faces -> faces.sort(Comparator.comparing(Face::faceId)));
        clusterer = new SetClusterer(ClusteringSettings.fromTree(TestModelFiles.config(
                "clustering.algorithm=infomap", "clustering.threshold=" + THRESHOLD).clustering()));
    }

    @Test
    void findsThePeopleOfEachSet() {
        assertEquals(3, SETS.size());
        for (Map.Entry<String, List<Face>> set : SETS.entrySet()) {
            List<Face> faces = set.getValue();
            int[] labels = clusterer.partition(setFaces(set.getKey(), faces, Map.of())).labels();
            ClusteringScores scores = score(faces, labels);
            System.out.printf("infomap on glint-dev %s: %d faces, %d identities, %d clusters, BCubed P %.4f R %.4f F1 %.4f%n",
                    set.getKey(), faces.size(), scores.trueIdentities(), scores.predictedClusters(),
                    scores.bcubedPrecision(), scores.bcubedRecall(), scores.bcubedF1());
            assertTrue(scores.bcubedF1() >= MIN_BCUBED_F1, set.getKey() + " BCubed F1 " + scores.bcubedF1());
        }
    }

    @Test
    void facesDeclaredToShareAPhotoAreKeptApart() {
        // Pretend the first two faces of each person were found in one photo: they must split,
        // however similar, while the rest of the set still clusters well.
        List<Face> faces = SETS.values().iterator().next();
        Map<String, String> sharedPhoto = new HashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        for (Face face : faces) {
            if (seen.merge(face.identity(), 1, Integer::sum) <= 2) {
                sharedPhoto.put(face.faceId(), "photo-of-" + face.identity());
            }
        }
        int[] labels = clusterer.partition(setFaces("set", faces, sharedPhoto)).labels();
        for (String identity : seen.keySet()) {
            List<Integer> pair = new ArrayList<>();
            for (int i = 0; i < faces.size(); i++) {
                if (("photo-of-" + identity).equals(sharedPhoto.get(faces.get(i).faceId()))) {
                    pair.add(i);
                }
            }
            assertEquals(2, pair.size());
            assertNotEquals(labels[pair.get(0)], labels[pair.get(1)], identity);
        }
        assertTrue(score(faces, labels).bcubedF1() >= MIN_BCUBED_F1 - 0.05, "F1 " + score(faces, labels).bcubedF1());
    }

    /** The faces as the clustering stage gets them; a face's image is its own unless {@code sharedPhoto} names one. */
    private static SetFaces setFaces(String setId, List<Face> faces, Map<String, String> sharedPhoto) {
        int d = faces.get(0).embedding().length;
        float[] values = new float[faces.size() * d];
        List<String> faceIds = new ArrayList<>();
        List<String> imageIds = new ArrayList<>();
        for (int i = 0; i < faces.size(); i++) {
            System.arraycopy(faces.get(i).embedding(), 0, values, i * d, d);
            faceIds.add(faces.get(i).faceId());
            imageIds.add(sharedPhoto.getOrDefault(faces.get(i).faceId(), faces.get(i).faceId()));
        }
        return new SetFaces(setId, faceIds, imageIds, new SetFaces.VectorSetData(faces.size(), d, values));
    }

    private static ClusteringScores score(List<Face> faces, int[] labels) {
        Map<String, String> truth = new HashMap<>();
        Map<String, String> predicted = new HashMap<>();
        for (int i = 0; i < faces.size(); i++) {
            truth.put(faces.get(i).faceId(), faces.get(i).identity());
            predicted.put(faces.get(i).faceId(), Integer.toString(labels[i]));
        }
        return ClusteringMetrics.evaluate(truth, predicted);
    }
}
