package io.faceengine.pipeline.embed;

import io.faceengine.pipeline.FaceModels;
import io.faceengine.pipeline.config.FaceEngineConfig;
import io.faceengine.pipeline.eval.CentralFacePicker;
import io.faceengine.pipeline.face.DetectedFace;
import io.faceengine.pipeline.face.Embedding;
import io.faceengine.pipeline.image.RgbImage;
import io.faceengine.pipeline.model.ImageModel;
import io.faceengine.pipeline.testing.TestData;
import io.faceengine.pipeline.testing.TestModelFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MobileFaceNet on aligned LFW faces: identity separation and batch independence. */
class FaceEmbedderTest {
    /** A fixed choice of five people with at least three photos each in lfw-dev. */
    private static final List<String> PEOPLE = List.of("Al_Gore", "Angela_Merkel", "Ben_Affleck", "Alan_Greenspan",
            "Amelia_Vega");
    private static final int PHOTOS_EACH = 3;
    // Measured: same-person mean 0.753, different-person mean -0.057 (see the printout); the floors leave a wide margin.
    private static final double MIN_SAME_MEAN = 0.55;
    private static final double MIN_GAP = 0.4;

    private static List<String> identities;
    private static List<RgbImage> crops;
    private static List<Embedding> embeddings;

    @BeforeAll
    static void embedCentralFaces() {
        FaceModels models = TestModelFiles.defaultModels();
        identities = new ArrayList<>();
        List<RgbImage> images = new ArrayList<>();
        for (String person : PEOPLE) {
            for (int i = 1; i <= PHOTOS_EACH; i++) {
                identities.add(person);
                images.add(TestData.decode(TestData.lfwImage(person, i)));
            }
        }
        List<List<DetectedFace>> detections = models.detector().detect(images);
        crops = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            RgbImage image = images.get(i);
            Optional<DetectedFace> face = CentralFacePicker.pick(detections.get(i), image.width(), image.height());
            assertTrue(face.isPresent(), "no central face in " + identities.get(i) + " photo " + (i % PHOTOS_EACH + 1));
            crops.add(models.aligner().align(image, face.get().landmarks()).crop());
        }
        embeddings = models.embedder().embed(crops);
    }

    @Test
    void samePersonIsMuchCloserThanDifferentPeople() {
        double same = 0;
        double different = 0;
        int sameCount = 0;
        int differentCount = 0;
        for (int i = 0; i < embeddings.size(); i++) {
            for (int j = i + 1; j < embeddings.size(); j++) {
                double cosine = embeddings.get(i).cosine(embeddings.get(j));
                if (identities.get(i).equals(identities.get(j))) {
                    same += cosine;
                    sameCount++;
                } else {
                    different += cosine;
                    differentCount++;
                }
            }
        }
        same /= sameCount;
        different /= differentCount;
        System.out.printf("MobileFaceNet on %d LFW faces: mean cosine same person %.3f (%d pairs), different %.3f (%d pairs)%n",
                embeddings.size(), same, sameCount, different, differentCount);

        assertTrue(same >= MIN_SAME_MEAN, "same-person mean cosine " + same);
        assertTrue(same - different >= MIN_GAP, "same " + same + " vs different " + different);
    }

    @Test
    void everyFaceIsClosestToItsOwnPerson() {
        // Nearest-centroid identification among the five: a coarse but direct check of identity information.
        for (int i = 0; i < embeddings.size(); i++) {
            String best = null;
            double bestMean = -2;
            for (String person : PEOPLE) {
                double sum = 0;
                int n = 0;
                for (int j = 0; j < embeddings.size(); j++) {
                    if (j != i && identities.get(j).equals(person)) {
                        sum += embeddings.get(i).cosine(embeddings.get(j));
                        n++;
                    }
                }
                if (sum / n > bestMean) {
                    bestMean = sum / n;
                    best = person;
                }
            }
            assertEquals(identities.get(i), best, "face " + i);
        }
    }

    @Test
    void embeddingsAreUnitVectorsWithAPositiveRawNorm() {
        int dim = embeddings.get(0).vector().length;
        for (Embedding e : embeddings) {
            assertEquals(dim, e.vector().length);
            assertTrue(e.rawNorm() > 0 && Float.isFinite(e.rawNorm()), "raw norm " + e.rawNorm());
            assertEquals(1.0, e.cosine(e), 1e-5);
        }
    }

    @Test
    void batchEqualsOneByOne() {
        // A batch limit of 4 splits the 15 crops into uneven chunks; one-by-one uses batches of 1.
        FaceEngineConfig config = TestModelFiles.config();
        ImageModel model = ImageModel.load(config.models().embedder(), config.models().directoryPath(),
                config.models().runtimeOptions());
        List<Embedding> chunked = new FaceEmbedder(model, 4, config.embedding().flipAugment()).embed(crops);
        FaceEmbedder single = new FaceEmbedder(model, 1, config.embedding().flipAugment());
        assertEquals(crops.size(), chunked.size());
        for (int i = 0; i < crops.size(); i++) {
            Embedding alone = single.embed(List.of(crops.get(i))).get(0);
            for (Embedding other : List.of(embeddings.get(i), chunked.get(i))) {
                for (int k = 0; k < alone.vector().length; k++) {
                    assertEquals(alone.vector()[k], other.vector()[k], 1e-4f, "crop " + i + " component " + k);
                }
                assertEquals(alone.rawNorm(), other.rawNorm(), 1e-4f * alone.rawNorm(), "crop " + i + " raw norm");
            }
        }
    }

    @Test
    void flipAugmentedEmbeddingIsTheSameForACropAndItsMirror() {
        FaceEngineConfig config = TestModelFiles.config();
        ImageModel model = ImageModel.load(config.models().embedder(), config.models().directoryPath(),
                config.models().runtimeOptions());
        FaceEmbedder flip = new FaceEmbedder(model, 8, true);
        List<RgbImage> mirrors = crops.stream().map(FaceEmbedderTest::mirror).toList();
        List<Embedding> plain = new FaceEmbedder(model, 8, false).embed(crops);
        List<Embedding> a = flip.embed(crops);
        List<Embedding> b = flip.embed(mirrors);
        for (int i = 0; i < crops.size(); i++) {
            assertEquals(1.0, a.get(i).cosine(b.get(i)), 1e-5, "crop " + i);
            // The plain embedding of a crop and of its mirror differ; flip augmentation removes that.
            assertTrue(plain.get(i).cosine(a.get(i)) > 0.9, "flip-averaged stays close to the plain one");
        }
    }

    private static RgbImage mirror(RgbImage image) {
        byte[] out = new byte[image.rgb().length];
        int w = image.width();
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < w; x++) {
                System.arraycopy(image.rgb(), (y * w + x) * 3, out, (y * w + (w - 1 - x)) * 3, 3);
            }
        }
        return new RgbImage(w, image.height(), out);
    }
}
