package io.faceengine.training.retrain;

import io.faceengine.pipeline.FaceModels;
import io.faceengine.pipeline.config.FaceEngineConfig;
import io.faceengine.pipeline.embed.FaceEmbedder;
import io.faceengine.pipeline.face.Embedding;
import io.faceengine.pipeline.image.CropCodec;
import io.faceengine.pipeline.image.RgbImage;
import io.faceengine.pipeline.model.ModelDescriptor;
import io.faceengine.pipeline.model.ModelSessions;
import io.faceengine.pipeline.model.tflite.TfliteModel;
import io.faceengine.pipeline.model.tflite.TfliteReader;
import io.faceengine.pipeline.stage.ExecutorModels;
import io.faceengine.training.finetune.LabelledCrop;
import io.faceengine.training.finetune.NetworkFineTuner;
import io.faceengine.training.network.TfliteWeights;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.xxhash64;

/**
 * One retrain of the whole embedding network ({@code training.method: network}): fine-tunes the
 * current embedder (the promoted network, else the configured backbone) on the manifest's stored
 * training crops, judges it against the current model on the same verification faces, each
 * network embedding the stored crops itself, and promotes it as {@link PromotionRule} says. The
 * registry version then holds the ONNX graph the run embeds with and the trained weights the next
 * retrain starts from. Runs on the driver; checkpoints per epoch under the version folder, so a
 * crashed retrain resumes where it stopped and ends with the same weights.
 */
final class NetworkRetraining {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkRetraining.class);

    private NetworkRetraining() {
    }

    static Retraining.Outcome run(SparkSession spark, FaceEngineConfig config, String dataRoot,
                                  Retraining.ManifestSource manifest, TrainingSettings settings) throws IOException {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        ModelRegistry registry = new ModelRegistry(conf, dataRoot);
        TrainingClaim claim = new TrainingClaim(manifest.version(), manifest.runId(), settings.options(),
                settings.pairs(), settings.network());
        Optional<Retraining.Outcome> finished = Retraining.alreadyTrained(registry, claim);
        if (finished.isPresent()) {
            return finished.get();
        }
        // DJL must not reach for the network: libtorch comes from the native jar on the classpath.
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
        int version = registry.start(claim);

        ModelDescriptor descriptor = config.models().embedder();
        java.nio.file.Path backboneFile = config.models().directoryPath().resolve(descriptor.file());
        if (!java.nio.file.Files.isRegularFile(backboneFile)) {
            throw new IllegalArgumentException("the embedder to fine-tune, " + backboneFile + ", is missing (models.directory "
                    + config.models().directory() + "; scripts/setup.sh fetches the models)");
        }
        TfliteModel backbone = TfliteReader.read(backboneFile);
        Optional<ModelRegistry.PromotedNetwork> currentNetwork = ModelRegistry.promotedNetwork(conf, dataRoot);
        Optional<PromotedAdapter> currentAdapter = ModelRegistry.promoted(conf, dataRoot);
        TfliteModel start = backbone;
        if (currentNetwork.isPresent()) {
            Path weights = currentNetwork.get().weights();
            try (var in = weights.getFileSystem(conf).open(weights)) {
                start = TfliteWeights.withParameterValues(backbone, in.readAllBytes());
            }
        }
        List<LabelledCrop> examples = new ArrayList<>();
        int identities = trainingCrops(spark, manifest, settings, examples);
        int faces = examples.size();
        LOG.info("fine-tuning network v{} from {} on {} crops of {} identities (manifest v{}, run {})", version,
                currentNetwork.map(n -> "network v" + n.version()).orElse("the backbone"), examples.size(), identities,
                manifest.version(), manifest.runId());
        NetworkFineTuner.Result trained = new NetworkFineTuner(start, descriptor, settings.network().options(),
                localPath(registry.checkpoints(version))).fit(examples);
        examples.clear(); // the decoded crops are the largest thing held here; verification needs none of them
        byte[] candidateOnnx = trained.onnx();

        byte[] currentOnnx = currentNetwork.map(ModelRegistry.PromotedNetwork::onnx)
                .orElseGet(() -> ModelSessions.onnxBytes(descriptor, descriptor.resolveFile(config.models().directoryPath())));
        Optional<Integer> currentVersion = currentNetwork.map(ModelRegistry.PromotedNetwork::version)
                .or(() -> currentAdapter.map(PromotedAdapter::version));
        VerificationEvaluation evaluation = VerificationEvaluation.ofManifestCrops(spark, manifest.facesFolder(),
                settings.pairs());
        PromotionRule.Judgement judged = PromotionRule.judge(evaluation,
                () -> evaluation.evaluate(embedding(config, candidateOnnx, null)),
                () -> evaluation.evaluate(embedding(config, currentOnnx,
                        currentAdapter.map(PromotedAdapter::adapter).orElse(null))),
                currentVersion, settings.pairs().minSamePairs());
        NetworkTraining network = new NetworkTraining(settings.network(), faces, identities,
                currentNetwork.map(ModelRegistry.PromotedNetwork::version).orElse(null), trained.history(),
                trained.resumedAfterEpoch(), ExecutorModels.embedderVersion(descriptor, candidateOnnx));
        ModelCard card = new ModelCard(version, Instant.now().toString(), manifest.modelVersions(), manifest.version(),
                manifest.runId(), settings.options(), settings.pairs(), null, List.of(), judged.candidate(),
                currentVersion.orElse(null), judged.current(), judged.promoted(), judged.decision(), network);
        registry.completeNetwork(card, candidateOnnx, TfliteWeights.parameterValues(trained.network()));
        LOG.info("network v{}: {}", version, judged.decision());
        return new Retraining.Outcome(card, registry.versionFolder(version).toString(), false);
    }

    /**
     * Collects the manifest's training crops onto the driver, at most {@code maxFaces}, whole
     * identities first in a seeded hash order; returns how many identities they cover.
     */
    private static int trainingCrops(SparkSession spark, Retraining.ManifestSource manifest, TrainingSettings settings,
                                     List<LabelledCrop> into) {
        List<Row> rows = TrainingSamples.readManifestCrops(spark, manifest.facesFolder(),
                        settings.options().hardExampleWeight())
                .orderBy(xxhash64(col(TrainingSamples.IDENTITY_ID), lit(settings.options().seed())),
                        col(TrainingSamples.IDENTITY_ID), col(TrainingSamples.FACE_ID))
                .limit(settings.network().maxFaces())
                .collectAsList();
        if (rows.size() < 2) {
            throw new IllegalArgumentException("manifest v" + manifest.version() + " has " + rows.size()
                    + " training faces with crops; fine-tuning needs at least 2");
        }
        Map<String, Integer> classes = new HashMap<>();
        for (Row row : rows) {
            int identity = classes.computeIfAbsent(row.getString(1), id -> classes.size());
            RgbImage crop = CropCodec.decode(row.getAs(2));
            into.add(new LabelledCrop(crop, identity, ((Number) row.get(3)).floatValue()));
        }
        return classes.size();
    }

    /** A network as verification sees it: stored crops through the pipeline's embedder, then the adapter if any. */
    private static VerificationEvaluation.CropEmbedding embedding(FaceEngineConfig config, byte[] onnx,
                                                                 EmbeddingAdapter adapter) {
        FaceEmbedder embedder = FaceModels.loadEmbedder(config, d -> onnx, config.models().runtimeOptions());
        return crops -> {
            List<RgbImage> images = crops.stream().map(CropCodec::decode).toList();
            List<Embedding> embeddings = embedder.embed(images);
            float[][] unit = new float[embeddings.size()][];
            for (int i = 0; i < unit.length; i++) {
                float[] vector = embeddings.get(i).vector();
                unit[i] = adapter == null ? vector : adapter.apply(vector);
            }
            return unit;
        };
    }

    /** Fine-tuning checkpoints are local files: the data root must be on this machine's file system. */
    private static java.nio.file.Path localPath(Path path) {
        URI uri = path.toUri();
        if (uri.getScheme() != null && !"file".equals(uri.getScheme())) {
            throw new IllegalArgumentException("training.method network keeps its checkpoints beside the model "
                    + "version, on a local data root; " + path + " is not local");
        }
        return java.nio.file.Path.of(uri.getPath());
    }
}
