package io.faceengine.training.bench;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.faceengine.pipeline.FaceModels;
import io.faceengine.pipeline.config.ConfigLoader;
import io.faceengine.pipeline.config.FaceEngineConfig;
import io.faceengine.pipeline.embed.FaceEmbedder;
import io.faceengine.pipeline.eval.VerificationScores;
import io.faceengine.pipeline.face.Embedding;
import io.faceengine.pipeline.image.ImageDecoder;
import io.faceengine.pipeline.image.ImageResampler;
import io.faceengine.pipeline.model.FloatTensor;
import io.faceengine.pipeline.model.ImageModel;
import io.faceengine.pipeline.model.ImageTensorEncoder;
import io.faceengine.pipeline.model.ModelDescriptor;
import io.faceengine.pipeline.model.tflite.TfliteModel;
import io.faceengine.pipeline.model.tflite.TfliteReader;
import io.faceengine.training.finetune.FineTuneOptions;
import io.faceengine.training.finetune.LabelledCrop;
import io.faceengine.training.finetune.NetworkFineTuner;
import io.faceengine.training.network.TfliteGraphBlock;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Does fine-tuning pay? Splits a labelled domain's people in two by a hash of their name, fine-tunes
 * the embedder on one half's crops and measures verification on the other half's (people never
 * trained on): TAR at FAR 1e-3 and 1e-4 over every pair of their faces, backbone against the
 * fine-tuned network, through the pipeline's own ONNX embedder. With {@code --also DIR,DIR...} the
 * people of other domains who were not trained on are measured too (the clean photos of a degraded
 * domain, or other sources altogether).
 *
 * With {@code --mix DIR} the training people's crops from a second domain join the training set.
 * With {@code --network FILE} nothing is trained: that ONNX embedder is measured against the backbone.
 *
 * <p>Usage: {@code FineTuneBenchmark --domain DIR [--also DIR,DIR...] [--mix DIR] [--epochs N] [--lr X] [--batch N]
 * [--preservation X] [--checkpoints DIR] [--network ONNX] [--out FILE]}
 */
public final class FineTuneBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();

    private FineTuneBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> a = arguments(args);
        Path domain = Path.of(required(a, "domain"));
        FineTuneOptions options = FineTuneOptions.defaults()
                .withEpochs(Integer.parseInt(a.getOrDefault("epochs", "4")))
                .withBatchSize(Integer.parseInt(a.getOrDefault("batch", "64")))
                .withLearningRate(Double.parseDouble(a.getOrDefault("lr", "1e-4")))
                .withPreservation(Double.parseDouble(a.getOrDefault("preservation",
                        String.valueOf(FineTuneOptions.defaults().preservation()))));
        FaceEngineConfig config = ConfigLoader.load(null, List.of());
        FaceModels models = FaceModels.load(config);
        ImageDecoder decoder = new ImageDecoder(config.image());
        ModelDescriptor descriptor = config.models().embedder();
        TfliteModel backbone = TfliteReader.read(config.models().directoryPath().resolve(descriptor.file()));

        LabelledDomain faces = LabelledDomain.read(domain, models, decoder);
        ObjectNode report = JSON.createObjectNode();
        report.put("domain", domain.toString());
        List<LabelledDomain.Face> train = new ArrayList<>();
        List<LabelledDomain.Face> heldOut = new ArrayList<>();
        for (LabelledDomain.Face face : faces.faces()) {
            (trainingPerson(face.identity()) ? train : heldOut).add(face);
        }
        if (a.containsKey("mix")) {
            // The training people's crops from a second domain too (same names, same classes): say the
            // clean photos beside the degraded ones, so the network learns the new domain without
            // forgetting the old.
            LabelledDomain mixed = LabelledDomain.read(Path.of(a.get("mix")), models, decoder);
            mixed.faces().stream().filter(f -> trainingPerson(f.identity())).forEach(train::add);
            report.put("mixedDomain", a.get("mix"));
        }
        List<LabelledCrop> examples = labelled(train);

        report.put("photos", faces.photos());
        report.put("photosWithoutFace", faces.withoutFace());
        report.put("trainingCrops", examples.size());
        report.put("trainingIdentities", examples.stream().mapToInt(LabelledCrop::identity).max().orElse(-1) + 1);
        report.put("heldOutFaces", heldOut.size());
        report.putPOJO("options", options);

        byte[] tunedOnnx;
        if (a.containsKey("network")) {
            // A network trained elsewhere (say the one a run's retrain promoted): measured, not trained.
            tunedOnnx = Files.readAllBytes(Path.of(a.get("network")));
            report.put("network", a.get("network"));
        } else {
            Path checkpoints = Path.of(a.getOrDefault("checkpoints", Files.createTempDirectory("finetune").toString()));
            long started = System.nanoTime();
            NetworkFineTuner.Result tuned = new NetworkFineTuner(backbone, descriptor, options, checkpoints).fit(examples);
            report.put("trainingSeconds", (System.nanoTime() - started) / 1e9);
            report.putPOJO("history", tuned.history());
            report.set("forwardOnly", forwardRates(backbone, descriptor, config, examples, options.batchSize()));
            tunedOnnx = tuned.onnx();
        }
        FaceEmbedder before = models.embedder();
        FaceEmbedder after = FaceModels.loadEmbedder(config, d -> tunedOnnx, config.models().runtimeOptions());
        report.set("heldOut", compare(heldOut, before, after));
        if (a.containsKey("also")) {
            java.util.Set<String> trained = new java.util.HashSet<>();
            train.forEach(f -> trained.add(f.identity()));
            ObjectNode also = report.putObject("also");
            for (String folder : a.get("also").split(",")) {
                LabelledDomain other = LabelledDomain.read(Path.of(folder), models, decoder);
                List<LabelledDomain.Face> unseen = other.faces().stream()
                        .filter(f -> !trained.contains(f.identity())).toList();
                also.set(folder, compare(unseen, before, after));
            }
        }
        String text = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report);
        System.out.println(text);
        if (a.containsKey("out")) {
            Files.writeString(Path.of(a.get("out")), text, StandardCharsets.UTF_8);
        }
    }

    /**
     * Images per second of the forward pass alone, on the same engine as training (DJL, no
     * gradients) and on the pipeline's (ONNX Runtime), at the training batch size: the yardstick
     * for the training rate.
     */
    private static ObjectNode forwardRates(TfliteModel backbone, ModelDescriptor descriptor, FaceEngineConfig config,
                                           List<LabelledCrop> examples, int batch) {
        int width = descriptor.inputWidth();
        int height = descriptor.inputHeight();
        List<float[]> pixels = examples.stream().limit(batch)
                .map(c -> ImageResampler.resize(c.crop(), width, height)).toList();
        FloatTensor input = new ImageTensorEncoder(descriptor).encode(pixels, width, height);
        int rounds = 10;
        ObjectNode node = JSON.createObjectNode();
        try (NDManager manager = NDManager.newBaseManager()) {
            TfliteGraphBlock block = new TfliteGraphBlock(backbone, manager);
            long started = 0;
            for (int r = -2; r < rounds; r++) { // two warm-up rounds
                if (r == 0) {
                    started = System.nanoTime();
                }
                try (NDManager step = manager.newSubManager()) {
                    block.forward(new ParameterStore(step, false),
                            new NDList(step.create(input.data(), new Shape(input.shape()))), false);
                }
            }
            node.put("djlImagesPerSecond", rounds * pixels.size() / ((System.nanoTime() - started) / 1e9));
        }
        ImageModel onnx = ImageModel.load(descriptor, config.models().directoryPath(), config.models().runtimeOptions());
        long started = 0;
        for (int r = -2; r < rounds; r++) {
            if (r == 0) {
                started = System.nanoTime();
            }
            onnx.run(pixels, width, height);
        }
        node.put("onnxRuntimeImagesPerSecond", rounds * pixels.size() / ((System.nanoTime() - started) / 1e9));
        node.put("batch", pixels.size());
        return node;
    }

    /** Half the people, by a hash of the name that does not depend on the domain's order. */
    static boolean trainingPerson(String identity) {
        return (identity.hashCode() & 1) == 0;
    }

    private static List<LabelledCrop> labelled(List<LabelledDomain.Face> faces) {
        Map<String, Long> counts = new HashMap<>();
        faces.forEach(f -> counts.merge(f.identity(), 1L, Long::sum));
        Map<String, Integer> index = new LinkedHashMap<>();
        List<LabelledCrop> examples = new ArrayList<>();
        for (LabelledDomain.Face face : faces) {
            // One photo teaches the margin loss nothing about a person's other photos.
            if (counts.get(face.identity()) >= 2) {
                int id = index.computeIfAbsent(face.identity(), k -> index.size());
                examples.add(new LabelledCrop(face.crop(), id, 1f));
            }
        }
        return examples;
    }

    private static ObjectNode compare(List<LabelledDomain.Face> faces, FaceEmbedder before, FaceEmbedder after) {
        ObjectNode node = JSON.createObjectNode();
        node.put("faces", faces.size());
        node.put("people", faces.stream().map(LabelledDomain.Face::identity).distinct().count());
        node.set("backbone", verification(faces, before::embed));
        node.set("fineTuned", verification(faces, after::embed));
        return node;
    }

    private static ObjectNode verification(List<LabelledDomain.Face> faces,
                                           Function<List<io.faceengine.pipeline.image.RgbImage>, List<Embedding>> embed) {
        List<Embedding> embeddings = embed.apply(faces.stream().map(LabelledDomain.Face::crop).toList());
        Map<String, Integer> numbers = new HashMap<>();
        int[] identities = faces.stream().mapToInt(f -> numbers.computeIfAbsent(f.identity(), k -> numbers.size())).toArray();
        VerificationScores scores = VerificationScores.everyPair(identities,
                (x, y) -> embeddings.get(x).cosine(embeddings.get(y)));
        ObjectNode node = JSON.createObjectNode();
        node.put("samePairs", scores.positivePairs());
        node.put("differentPairs", scores.negativePairs());
        node.put("tarAtFar1e3", scores.trueAcceptRateAt(1e-3).orElse(Double.NaN));
        node.put("tarAtFar1e4", scores.trueAcceptRateAt(1e-4).orElse(Double.NaN));
        node.put("bestBalancedAccuracy", scores.accuracyAt(scores.bestThreshold()));
        return node;
    }

    private static Map<String, String> arguments(String[] args) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
            }
            map.put(args[i].substring(2), args[i + 1]);
        }
        return map;
    }

    private static String required(Map<String, String> a, String name) {
        String value = a.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }
}
