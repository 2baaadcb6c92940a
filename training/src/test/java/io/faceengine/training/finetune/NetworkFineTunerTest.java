package io.faceengine.training.finetune;

import io.faceengine.pipeline.FaceModels;
import io.faceengine.pipeline.config.FaceEngineConfig;
import io.faceengine.pipeline.eval.CentralFacePicker;
import io.faceengine.pipeline.face.DetectedFace;
import io.faceengine.pipeline.image.RgbImage;
import io.faceengine.pipeline.model.ModelDescriptor;
import io.faceengine.pipeline.model.tflite.TfliteModel;
import io.faceengine.pipeline.model.tflite.TfliteReader;
import io.faceengine.pipeline.model.tflite.TfliteTensor;
import io.faceengine.pipeline.testing.TestData;
import io.faceengine.pipeline.testing.TestModelFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Fine-tuning the real embedder on real LFW crops: it learns, and a killed training resumes exactly. */
class NetworkFineTunerTest {
    private static final int PEOPLE = 8;
    private static final int PHOTOS_EACH = 4;

    private static ModelDescriptor descriptor;
    private static TfliteModel backbone;
    private static List<LabelledCrop> examples;

    @BeforeAll
    static void cropPeopleWithSeveralPhotos() throws IOException {
        FaceEngineConfig config = TestModelFiles.config();
        descriptor = config.models().embedder();
        backbone = TfliteReader.read(config.models().directoryPath().resolve(descriptor.file()));
        FaceModels models = TestModelFiles.defaultModels();
        examples = new ArrayList<>();
        int identity = 0;
        try (Stream<Path> dirs = Files.list(TestData.lfwDev().resolve("images"))) {
            for (Path person : dirs.filter(Files::isDirectory).sorted().toList()) {
                List<Path> photos;
                try (Stream<Path> files = Files.list(person)) {
                    photos = files.sorted().limit(PHOTOS_EACH).toList();
                }
                if (photos.size() < PHOTOS_EACH) {
                    continue;
                }
                for (Path photo : photos) {
                    RgbImage image = TestData.decode(photo);
                    List<DetectedFace> faces = models.detector().detect(List.of(image)).get(0);
                    Optional<DetectedFace> face = CentralFacePicker.pick(faces, image.width(), image.height());
                    if (face.isPresent()) {
                        examples.add(new LabelledCrop(models.aligner().align(image, face.get().landmarks()).crop(),
                                identity, 1f));
                    }
                }
                if (++identity == PEOPLE) {
                    break;
                }
            }
        }
        assertTrue(examples.size() >= PEOPLE * PHOTOS_EACH - 4, "too few crops: " + examples.size());
    }

    private static FineTuneOptions small(int epochs) {
        return FineTuneOptions.defaults().withEpochs(epochs).withBatchSize(8);
    }

    @Test
    void trainingLowersTheLossAndChangesTheWeights(@TempDir Path checkpoints) throws IOException {
        NetworkFineTuner.Result result = new NetworkFineTuner(backbone, descriptor, small(4), checkpoints).fit(examples);
        List<EpochSummary> history = result.history();
        System.out.println("fine-tuning " + examples.size() + " LFW crops of " + PEOPLE + " people: " + history);
        assertEquals(4, history.size());
        assertTrue(history.get(3).meanLoss() < history.get(0).meanLoss(),
                "loss did not fall: " + history.get(0).meanLoss() + " -> " + history.get(3).meanLoss());
        boolean changed = false;
        for (int i = 0; i < backbone.tensors().size() && !changed; i++) {
            TfliteTensor before = backbone.tensor(i);
            if (before.isConstant() && before.type() == io.faceengine.pipeline.model.tflite.TfliteTensorType.FLOAT32) {
                changed = !java.util.Arrays.equals(before.floats(), result.network().tensor(i).floats());
            }
        }
        assertTrue(changed, "no weight changed");
    }

    @Test
    void aKilledTrainingResumesAndEndsWithTheSameWeights(@TempDir Path uninterrupted, @TempDir Path killed)
            throws IOException {
        NetworkFineTuner.Result whole = new NetworkFineTuner(backbone, descriptor, small(2), uninterrupted).fit(examples);
        NetworkFineTuner.Result first = new NetworkFineTuner(backbone, descriptor, small(2), killed).fit(examples, 1);
        assertEquals(1, first.history().size());
        NetworkFineTuner.Result resumed = new NetworkFineTuner(backbone, descriptor, small(2), killed).fit(examples);
        assertEquals(1, resumed.resumedAfterEpoch());
        assertEquals(whole.history().get(1).meanLoss(), resumed.history().get(1).meanLoss());
        int compared = 0;
        for (int i = 0; i < backbone.tensors().size(); i++) {
            TfliteTensor t = whole.network().tensor(i);
            if (t.isConstant() && t.type() == io.faceengine.pipeline.model.tflite.TfliteTensorType.FLOAT32) {
                assertArrayEquals(t.floats(), resumed.network().tensor(i).floats(), 0f, "tensor " + t.name());
                compared++;
            }
        }
        assertTrue(compared > 50, "compared only " + compared + " weight tensors");
        assertFalse(java.util.Arrays.equals(backbone.tensor(1).floats(), whole.network().tensor(1).floats())
                && java.util.Arrays.equals(backbone.tensor(2).floats(), whole.network().tensor(2).floats()),
                "training changed nothing");
    }
}
