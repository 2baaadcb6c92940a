package io.faceengine.training.retrain;

import io.faceengine.pipeline.eval.LabelledFaceEmbedder.Outcome;
import io.faceengine.pipeline.eval.LabelledFaceEmbedder;
import io.faceengine.pipeline.eval.LabelsFile;
import io.faceengine.pipeline.eval.PairsFile;
import io.faceengine.pipeline.eval.VerificationPair;
import io.faceengine.pipeline.eval.VerificationProtocol;
import io.faceengine.pipeline.eval.VerificationReport;
import io.faceengine.pipeline.face.Embedding;
import io.faceengine.pipeline.image.ImageDecoder;
import io.faceengine.pipeline.testing.LocalSpark;
import io.faceengine.pipeline.testing.TestData;
import io.faceengine.pipeline.testing.TestModelFiles;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Retraining on real faces: the adapter is trained on the embeddings of lfw-dev people with at least
 * {@value #MIN_IMAGES} photos whose name hashes even (at most {@value #MAX_IMAGES} photos each), and
 * judged by LFW verification (threshold per fold chosen on the other folds) on the pairs of folds
 * 1-2 in which neither person was trained on. The backbone is already about 99% accurate there, so
 * the bar is that the adapter learns its training identities without costing unseen ones anything.
 *
 * <p>A scale check (about a thousand real faces detected, embedded and trained on: minutes on two
 * cores), so not in the default test run: {@code mvn -P scale-tests ...} runs it. The default run keeps
 * training's correctness in {@link AdapterTrainerTest} (synthetic identities) and the retrain step's in
 * {@code RetrainEndToEndTest} (real faces through a run).
 */
@Tag("scale")
class LfwAdapterTrainingTest {
    private static final int MIN_IMAGES = 4;
    private static final int MAX_IMAGES = 4;
    private static final int MAX_FOLD = 2;

    @TempDir
    Path folder;

    @Test
    void adapterTrainedOnSomePeopleDoesNotHurtVerificationOfOthers() throws IOException {
        Path lfw = TestData.lfwDev();
        Map<String, List<Path>> imagesByPerson = new TreeMap<>();
        LabelsFile.read(lfw.resolve("labels.csv"), lfw).rows()
                .forEach(label -> imagesByPerson.computeIfAbsent(label.identity(), k -> new ArrayList<>()).add(Path.of(label.path())));
        Map<Path, String> training = new LinkedHashMap<>();
        imagesByPerson.forEach((person, images) -> {
            if (images.size() >= MIN_IMAGES && person.hashCode() % 2 == 0) {
                images.stream().sorted().limit(MAX_IMAGES).forEach(image -> training.put(image, person));
            }
        });
        Set<String> trainedPeople = new LinkedHashSet<>(training.values());
        List<VerificationPair> unseenPairs = PairsFile.read(lfw.resolve("pairs.csv"), lfw).stream()
                .map(p -> new VerificationPair(normal(p.imageA()), normal(p.imageB()), p.same(), p.fold()))
                .filter(p -> p.fold() <= MAX_FOLD && !trainedPeople.contains(person(p.imageA()))
                        && !trainedPeople.contains(person(p.imageB())))
                .toList();
        LinkedHashSet<Path> images = new LinkedHashSet<>(training.keySet());
        unseenPairs.forEach(p -> {
            images.add(p.imageA());
            images.add(p.imageB());
        });
        Map<Path, Outcome> embedded = new LabelledFaceEmbedder(TestModelFiles.defaultModels(), new ImageDecoder(), 32)
                .embedAll(new ArrayList<>(images));

        SparkSession spark = LocalSpark.session();
        List<Row> rows = new ArrayList<>();
        training.forEach((image, person) -> embedded.get(image).embedding().ifPresent(e ->
                rows.add(RowFactory.create(lfw.relativize(image).toString(), person, e.vector(), 1f))));
        String parquet = folder.resolve("samples").toString();
        spark.createDataFrame(rows, SyntheticTrainingFaces.SCHEMA).write().parquet(parquet);
        Dataset<Row> samples = spark.read().parquet(parquet);
        TrainingOptions options = TrainingOptions.defaults().withEpochs(3).withBatchSize(64).withShards(2);
        TrainedAdapter trained = new AdapterTrainer(options, folder.resolve("checkpoints").toString()).fit(samples);

        VerificationReport before = VerificationProtocol.evaluate(unseenPairs, embedded);
        VerificationReport after = VerificationProtocol.evaluate(unseenPairs, adapted(embedded, trained.adapter()));
        List<EpochSummary> history = trained.history();
        history.forEach(System.out::println);
        System.out.printf("lfw-dev: trained on %d faces of %d people; %d unseen pairs (%d same): accuracy %.4f -> %.4f, "
                        + "TAR@FAR %s -> %s; adapter moved %.4f from the identity%n",
                trained.data().samples(), trained.data().classes(), unseenPairs.size(), before.samePairs(),
                before.meanAccuracy(), after.meanAccuracy(), before.tarAtFar(), after.tarAtFar(),
                trained.adapter().distanceFromIdentity());

        assertEquals(trainedPeople.size(), trained.data().classes());
        assertTrue(unseenPairs.size() >= 300, "unseen pairs: " + unseenPairs.size());
        assertTrue(history.get(history.size() - 1).meanLoss() < history.get(0).meanLoss(), "loss falls: " + history);
        assertTrue(trained.adapter().distanceFromIdentity() > 0.01, "the adapter trained: " + trained.adapter());
        assertTrue(after.meanAccuracy() >= before.meanAccuracy(),
                "verification of unseen people: " + before.meanAccuracy() + " -> " + after.meanAccuracy());
    }

    private static Map<Path, Outcome> adapted(Map<Path, Outcome> outcomes, EmbeddingAdapter adapter) {
        Map<Path, Outcome> out = new LinkedHashMap<>();
        outcomes.forEach((image, o) -> out.put(image, new Outcome(o.image(), o.face(),
                o.embedding().map(e -> new Embedding(adapter.apply(e.vector()), e.rawNorm())), o.failure())));
        return out;
    }

    private static Path normal(Path path) {
        return path.toAbsolutePath().normalize();
    }

    /** lfw-dev/images/&lt;Person&gt;/&lt;Person&gt;_NNNN.jpg */
    private static String person(Path image) {
        return image.getParent().getFileName().toString();
    }

}
