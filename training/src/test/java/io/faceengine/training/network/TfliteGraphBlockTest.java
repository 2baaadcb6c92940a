package io.faceengine.training.network;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.faceengine.pipeline.FaceModels;
import io.faceengine.pipeline.config.FaceEngineConfig;
import io.faceengine.pipeline.eval.CentralFacePicker;
import io.faceengine.pipeline.face.DetectedFace;
import io.faceengine.pipeline.image.ImageResampler;
import io.faceengine.pipeline.image.RgbImage;
import io.faceengine.pipeline.model.FloatTensor;
import io.faceengine.pipeline.model.ImageModel;
import io.faceengine.pipeline.model.ImageTensorEncoder;
import io.faceengine.pipeline.model.ModelDescriptor;
import io.faceengine.pipeline.model.ModelSession;
import io.faceengine.pipeline.model.ModelSessions;
import io.faceengine.pipeline.model.RuntimeOptions;
import io.faceengine.pipeline.model.tflite.TfliteModel;
import io.faceengine.pipeline.model.tflite.TfliteReader;
import io.faceengine.pipeline.testing.TestData;
import io.faceengine.pipeline.testing.TestModelFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embedder run by DJL from the TFLite weights against the same weights translated to ONNX
 * and run by ONNX Runtime, on aligned crops of real LFW photos; and the export path back.
 */
class TfliteGraphBlockTest {
    private static final int PEOPLE = 12;
    /** The bound on the two engines' difference, on raw (unnormalised) embeddings. */
    private static final double TOLERANCE = 1e-4;

    private static NDManager manager;
    private static ModelDescriptor descriptor;
    private static TfliteModel graph;
    private static FloatTensor input;
    private static FloatTensor onnxOutput;

    @BeforeAll
    static void embedRealCrops() throws IOException {
        FaceEngineConfig config = TestModelFiles.config();
        descriptor = config.models().embedder();
        graph = TfliteReader.read(config.models().directoryPath().resolve(descriptor.file()));
        FaceModels models = TestModelFiles.defaultModels();
        List<RgbImage> crops = new ArrayList<>();
        for (Path person : people()) {
            RgbImage image = TestData.decode(Files.list(person).sorted().findFirst().orElseThrow());
            List<DetectedFace> faces = models.detector().detect(List.of(image)).get(0);
            Optional<DetectedFace> face = CentralFacePicker.pick(faces, image.width(), image.height());
            face.ifPresent(f -> crops.add(models.aligner().align(image, f.landmarks()).crop()));
        }
        assertTrue(crops.size() >= PEOPLE - 2, "too few faces found: " + crops.size());
        int width = descriptor.inputWidth();
        int height = descriptor.inputHeight();
        List<float[]> pixels = crops.stream().map(c -> ImageResampler.resize(c, width, height)).toList();
        input = new ImageTensorEncoder(descriptor).encode(pixels, width, height);
        ImageModel onnx = ImageModel.load(descriptor, config.models().directoryPath(), RuntimeOptions.defaults());
        onnxOutput = onnx.run(pixels, width, height).get("embedding");
        manager = NDManager.newBaseManager();
    }

    private static List<Path> people() throws IOException {
        try (Stream<Path> dirs = Files.list(TestData.lfwDev().resolve("images"))) {
            return dirs.filter(Files::isDirectory).sorted().limit(PEOPLE).toList();
        }
    }

    @AfterAll
    static void close() {
        if (manager != null) {
            manager.close();
        }
    }

    private static float[] forward(TfliteGraphBlock block) {
        try (NDManager step = manager.newSubManager()) {
            NDArray x = step.create(input.data(), new Shape(input.shape()));
            NDList out = block.forward(new ParameterStore(step, false), new NDList(x), false);
            assertEquals(new Shape(onnxOutput.shape()), out.singletonOrThrow().getShape());
            return out.singletonOrThrow().toFloatArray();
        }
    }

    private static double maxDifference(float[] a, float[] b) {
        assertEquals(a.length, b.length);
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    @Test
    void djlForwardEqualsOnnxRuntimeOnRealCrops() {
        TfliteGraphBlock block = new TfliteGraphBlock(graph, manager);
        float[] djl = forward(block);
        double difference = maxDifference(djl, onnxOutput.data());
        double scale = 0;
        for (float v : onnxOutput.data()) {
            scale = Math.max(scale, Math.abs(v));
        }
        System.out.printf("DJL (PyTorch CPU) vs ONNX Runtime, MobileFaceNet on %d real LFW crops: max |difference| %.2e"
                + " (largest raw output %.3f)%n", onnxOutput.dim(0), difference, scale);
        assertTrue(difference <= TOLERANCE, "max difference " + difference);
    }

    @Test
    void exportedWeightsRunInThePipelinesOnnxPathAsTheyRunInDjl() {
        TfliteGraphBlock block = new TfliteGraphBlock(graph, manager);
        // Change every trainable constant, so an export that dropped or mis-laid any would show.
        for (Pair<String, Parameter> entry : block.getParameters()) {
            NDArray array = entry.getValue().getArray();
            array.muli(1.01f).addi(0.001f);
        }
        float[] djl = forward(block);
        byte[] onnx = TfliteWeights.toOnnx(block);
        ModelSession session = ModelSessions.get(descriptor, "trained-weights-test", () -> onnx, RuntimeOptions.defaults());
        Map<String, FloatTensor> outputs = session.run(descriptor.inputName(), input);
        float[] exported = outputs.get(descriptor.outputs().get("embedding")).data();
        double toOriginal = maxDifference(exported, onnxOutput.data());
        double toDjl = maxDifference(exported, djl);
        System.out.printf("changed weights: exported ONNX vs DJL max |difference| %.2e; vs the original weights %.2e%n",
                toDjl, toOriginal);
        assertTrue(toOriginal > 100 * TOLERANCE, "the change did not reach the exported graph: " + toOriginal);
        assertTrue(toDjl <= TOLERANCE, "exported graph differs from DJL by " + toDjl);
    }
}
