package io.faceengine.training.finetune;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.faceengine.pipeline.image.ImageResampler;
import io.faceengine.pipeline.io.FloatStreams;
import io.faceengine.pipeline.model.FloatTensor;
import io.faceengine.pipeline.model.ImageTensorEncoder;
import io.faceengine.pipeline.model.ModelDescriptor;
import io.faceengine.pipeline.model.tflite.TfliteModel;
import io.faceengine.pipeline.model.tflite.TfliteToOnnxConverter;
import io.faceengine.training.network.TfliteGraphBlock;
import io.faceengine.training.network.TfliteWeights;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Fine-tunes the whole embedding network on labelled aligned crops with a CosFace head, from
 * the backbone's own weights. Each epoch ends with a checkpoint; given the same checkpoint folder
 * again, a killed training resumes from the last complete epoch and ends with the same weights
 * as one that was never interrupted (shuffling and augmentations are drawn from the seed, the
 * epoch and the example, and the optimiser's momentum is saved exactly).
 */
public final class NetworkFineTuner {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkFineTuner.class);
    private static final int EMBED_BATCH = 64;

    private final TfliteModel backbone;
    private final FineTuneOptions options;
    private final FineTuneCheckpoints checkpoints;
    private final ImageTensorEncoder encoder;
    private final int width;
    private final int height;

    public NetworkFineTuner(TfliteModel backbone, ModelDescriptor descriptor, FineTuneOptions options, Path checkpoints) {
        this.backbone = backbone;
        this.options = options;
        this.checkpoints = new FineTuneCheckpoints(checkpoints);
        this.encoder = new ImageTensorEncoder(descriptor);
        this.width = descriptor.inputWidth();
        this.height = descriptor.inputHeight();
    }

    /** The trained network (the backbone's graph with new weights) and what each epoch did. */
    public record Result(TfliteModel network, List<EpochSummary> history, int resumedAfterEpoch) {
        public byte[] onnx() {
            return TfliteToOnnxConverter.convert(network, false);
        }
    }

    /** Trains (or resumes) up to the configured number of epochs. */
    public Result fit(List<LabelledCrop> examples) throws IOException {
        return fit(examples, Integer.MAX_VALUE);
    }

    /** Stops after at most {@code epochLimit} epochs of this call (a test's stand-in for a killed process). */
    Result fit(List<LabelledCrop> examples, int epochLimit) throws IOException {
        if (examples.size() < 2) {
            throw new IllegalArgumentException("fine-tuning needs at least 2 examples, got " + examples.size());
        }
        int identities = examples.stream().mapToInt(LabelledCrop::identity).max().orElseThrow() + 1;
        Optional<FineTuneCheckpoints.Checkpoint> saved = checkpoints.latest();
        saved.ifPresent(c -> requireSameTraining(c, examples.size(), identities));
        try (NDManager manager = NDManager.newBaseManager()) {
            TfliteGraphBlock block = new TfliteGraphBlock(backbone, manager);
            // The backbone's own embedding of every crop, before any checkpoint is loaded: the anchor
            // of the preservation term and the head's starting centres.
            float[][] anchors = backboneEmbeddings(block, manager, examples);
            CosFaceHead head;
            List<EpochSummary> history = new ArrayList<>();
            int startEpoch = 0;
            if (saved.isPresent()) {
                startEpoch = saved.get().epoch();
                history.addAll(saved.get().history());
                Path folder = checkpoints.folder(startEpoch);
                try (DataInputStream in = open(folder.resolve(FineTuneCheckpoints.NETWORK))) {
                    block.readValues(in);
                }
                try (DataInputStream in = open(folder.resolve(FineTuneCheckpoints.HEAD))) {
                    float[] centres = FloatStreams.read(in, in.readInt());
                    int dimension = in.readInt();
                    head = new CosFaceHead(manager, centres, identities, dimension, options.scale(), options.margin());
                }
                LOG.info("resuming fine-tuning after epoch {}", startEpoch);
            } else {
                float[][] centres = identityMeans(anchors, examples, identities);
                head = new CosFaceHead(manager, flatten(centres), identities, centres[0].length, options.scale(),
                        options.margin());
            }
            List<SgdMomentum.Slot> slots = new ArrayList<>();
            for (Pair<String, Parameter> p : block.getParameters()) {
                NDArray value = p.getValue().getArray();
                value.setRequiresGradient(true);
                slots.add(new SgdMomentum.Slot(value, 1, p.getValue().getType() == Parameter.Type.WEIGHT));
            }
            slots.add(new SgdMomentum.Slot(head.centres(), options.headLearningRateFactor(), false));
            SgdMomentum optimiser = new SgdMomentum(slots, options.momentum(), options.weightDecay());
            if (saved.isPresent()) {
                try (DataInputStream in = open(checkpoints.folder(startEpoch).resolve(FineTuneCheckpoints.OPTIMISER))) {
                    optimiser.load(in);
                }
            }
            int stepsPerEpoch = Math.max(1, examples.size() / options.batchSize());
            int endEpoch = (int) Math.min(options.epochs(), (long) startEpoch + epochLimit);
            CropAugmenter augmenter = new CropAugmenter(options.augmentation(), width, height);
            for (int epoch = startEpoch + 1; epoch <= endEpoch; epoch++) {
                EpochSummary summary = trainEpoch(epoch, examples, anchors, stepsPerEpoch, block, head, optimiser,
                        augmenter, manager);
                history.add(summary);
                LOG.info("epoch {}/{}: loss {} accuracy {} ({} images/s)", epoch, options.epochs(),
                        String.format("%.4f", summary.meanLoss()), String.format("%.3f", summary.trainAccuracy()),
                        String.format("%.1f", summary.imagesPerSecond()));
                saveCheckpoint(new FineTuneCheckpoints.Checkpoint(epoch, options, examples.size(), identities,
                        List.copyOf(history)), block, head, optimiser);
            }
            TfliteModel network = TfliteWeights.replace(backbone, block.exportWeights());
            return new Result(network, List.copyOf(history), saved.map(FineTuneCheckpoints.Checkpoint::epoch).orElse(0));
        }
    }

    private void requireSameTraining(FineTuneCheckpoints.Checkpoint c, int examples, int identities) {
        if (!c.options().equals(options) || c.examples() != examples || c.identities() != identities) {
            throw new IllegalStateException("the checkpoints under this folder are of another training (epoch "
                    + c.epoch() + ", " + c.examples() + " examples of " + c.identities() + " identities, " + c.options()
                    + "); use a new folder or remove them");
        }
    }

    private EpochSummary trainEpoch(int epoch, List<LabelledCrop> examples, float[][] anchors, int stepsPerEpoch,
                                    TfliteGraphBlock block,
                                    CosFaceHead head, SgdMomentum optimiser, CropAugmenter augmenter,
                                    NDManager manager) {
        long started = System.nanoTime();
        int[] order = shuffled(examples.size(), epoch);
        int batch = Math.min(options.batchSize(), examples.size());
        long totalSteps = (long) stepsPerEpoch * options.epochs();
        double lossSum = 0;
        long correct = 0;
        long seen = 0;
        for (int step = 0; step < stepsPerEpoch; step++) {
            int from = step * batch;
            int[] members = java.util.Arrays.copyOfRange(order, from, from + batch);
            int epochIndex = epoch;
            List<float[]> pixels = IntStream.range(0, members.length).parallel()
                    .mapToObj(i -> augmenter.augment(examples.get(members[i]).crop(), options.seed(), epochIndex, members[i]))
                    .toList();
            try (NDManager stepManager = manager.newSubManager()) {
                FloatTensor input = encoder.encode(pixels, width, height);
                NDArray x = stepManager.create(input.data(), new Shape(input.shape()));
                NDArray labels = stepManager.create(IntStream.of(members).map(i -> examples.get(i).identity()).toArray());
                float[] weights = new float[members.length];
                for (int i = 0; i < members.length; i++) {
                    weights[i] = examples.get(members[i]).weight();
                }
                NDArray w = stepManager.create(weights);
                NDArray anchor = stepManager.create(rows(anchors, members));
                CosFaceHead.BatchLoss loss;
                NDArray total;
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray embeddings = block.forward(new ParameterStore(stepManager, false), new NDList(x), true)
                            .singletonOrThrow();
                    loss = head.loss(embeddings, labels, w);
                    total = loss.loss();
                    if (options.preservation() > 0) {
                        NDArray unit = embeddings.div(embeddings.norm(new int[]{1}, true).add(1e-6f));
                        NDArray drift = unit.mul(anchor).sum(new int[]{1}).neg().add(1f).mean();
                        total = total.add(drift.mul((float) options.preservation()));
                    }
                    collector.backward(total);
                }
                long globalStep = (long) (epoch - 1) * stepsPerEpoch + step;
                optimiser.step(learningRate(globalStep, totalSteps));
                lossSum += total.getFloat();
                correct += loss.cosine().argMax(1).toType(DataType.INT32, false).eq(labels.toType(DataType.INT32, false))
                        .sum().getLong();
                seen += members.length;
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return new EpochSummary(epoch, stepsPerEpoch, lossSum / stepsPerEpoch, (double) correct / seen, seconds,
                seen / seconds);
    }

    /** Cosine decay from the configured rate to 1% of it over the whole training. */
    private double learningRate(long step, long totalSteps) {
        double progress = (double) step / Math.max(1, totalSteps);
        return options.learningRate() * (0.01 + 0.99 * 0.5 * (1 + Math.cos(Math.PI * progress)));
    }

    private int[] shuffled(int n, int epoch) {
        int[] order = IntStream.range(0, n).toArray();
        Random random = new Random(CropAugmenter.mix(options.seed(), epoch, -1));
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** Each crop's unit embedding under the starting network, crops as they are. */
    private float[][] backboneEmbeddings(TfliteGraphBlock block, NDManager manager, List<LabelledCrop> examples) {
        float[][] embeddings = new float[examples.size()][];
        for (int from = 0; from < examples.size(); from += EMBED_BATCH) {
            List<LabelledCrop> chunk = examples.subList(from, Math.min(examples.size(), from + EMBED_BATCH));
            List<float[]> pixels = chunk.stream().map(c -> ImageResampler.resize(c.crop(), width, height)).toList();
            try (NDManager stepManager = manager.newSubManager()) {
                FloatTensor input = encoder.encode(pixels, width, height);
                NDArray out = block.forward(new ParameterStore(stepManager, false),
                        new NDList(stepManager.create(input.data(), new Shape(input.shape()))), false).singletonOrThrow();
                NDArray unit = out.div(out.norm(new int[]{1}, true).add(1e-6f));
                float[] values = unit.toFloatArray();
                int dim = Math.toIntExact(unit.getShape().get(1));
                for (int i = 0; i < chunk.size(); i++) {
                    embeddings[from + i] = java.util.Arrays.copyOfRange(values, i * dim, (i + 1) * dim);
                }
            }
        }
        return embeddings;
    }

    /** Each identity's mean of its crops' unit embeddings. */
    private static float[][] identityMeans(float[][] embeddings, List<LabelledCrop> examples, int identities) {
        float[][] sums = new float[identities][embeddings[0].length];
        for (int i = 0; i < examples.size(); i++) {
            float[] sum = sums[examples.get(i).identity()];
            for (int d = 0; d < sum.length; d++) {
                sum[d] += embeddings[i][d];
            }
        }
        return sums;
    }

    /** The chosen rows as one (n, dim) matrix. */
    private static float[][] rows(float[][] matrix, int[] members) {
        float[][] chosen = new float[members.length][];
        for (int i = 0; i < members.length; i++) {
            chosen[i] = matrix[members[i]];
        }
        return chosen;
    }

    private void saveCheckpoint(FineTuneCheckpoints.Checkpoint checkpoint, TfliteGraphBlock block, CosFaceHead head,
                                SgdMomentum optimiser) throws IOException {
        checkpoints.save(checkpoint, folder -> {
            try (DataOutputStream out = create(folder.resolve(FineTuneCheckpoints.NETWORK))) {
                block.writeValues(out);
            }
            try (DataOutputStream out = create(folder.resolve(FineTuneCheckpoints.HEAD))) {
                float[] centres = head.centres().toFloatArray();
                out.writeInt(centres.length);
                FloatStreams.write(out, centres);
                out.writeInt(Math.toIntExact(head.centres().getShape().get(1)));
            }
            try (DataOutputStream out = create(folder.resolve(FineTuneCheckpoints.OPTIMISER))) {
                optimiser.save(out);
            }
        });
    }

    private static float[] flatten(float[][] rows) {
        float[] flat = new float[rows.length * rows[0].length];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * rows[0].length, rows[0].length);
        }
        return flat;
    }

    private static DataInputStream open(Path file) throws IOException {
        return new DataInputStream(new BufferedInputStream(Files.newInputStream(file)));
    }

    private static DataOutputStream create(Path file) throws IOException {
        return new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)));
    }
}
