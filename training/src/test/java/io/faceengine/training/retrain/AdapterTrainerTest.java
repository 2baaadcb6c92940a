package io.faceengine.training.retrain;

import io.faceengine.pipeline.testing.LocalSpark;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.faceengine.pipeline.stage.StageSchemaException;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Adapter training in Spark local mode on synthetic identities written to and read from Parquet. */
class AdapterTrainerTest {
    private static SparkSession spark;

    @TempDir
    Path folder;

    @BeforeAll
    static void startSpark() {
        spark = LocalSpark.session();
    }

    @Test
    void trainingLowersTheLossAndHelpsIdentitiesItNeverSaw() {
        SyntheticTrainingFaces faces = SyntheticTrainingFaces.generate(400, 6, 32, 4, 0.5, 11);
        Dataset<Row> training = parquet(faces.samples(spark, id -> id % 2 == 0), "train");
        TrainingOptions options = TrainingOptions.defaults().withEpochs(4).withBatchSize(64).withShards(3);

        TrainedAdapter trained = new AdapterTrainer(options, folder.resolve("checkpoints").toString()).fit(training);

        double before = faces.verificationAccuracy(EmbeddingAdapter.identity(32), id -> id % 2 == 1);
        double after = faces.verificationAccuracy(trained.adapter(), id -> id % 2 == 1);
        double seenBefore = faces.verificationAccuracy(EmbeddingAdapter.identity(32), id -> id % 2 == 0);
        double seenAfter = faces.verificationAccuracy(trained.adapter(), id -> id % 2 == 0);
        trained.history().forEach(System.out::println);
        System.out.printf("unseen identities: verification %.4f -> %.4f; seen: %.4f -> %.4f; %s%n", before, after,
                seenBefore, seenAfter, trained.data());
        List<EpochSummary> history = trained.history();
        assertTrue(history.get(history.size() - 1).meanLoss() < history.get(0).meanLoss(), "loss falls: " + history);
        assertTrue(after > before + 0.1, "unseen identities: " + before + " -> " + after);
        assertEquals(training.select(TrainingSamples.IDENTITY_ID).distinct().count(), trained.data().classes());
    }

    @Test
    void aTrainingKilledMidEpochResumesToTheSameAdapterBitForBit() {
        SyntheticTrainingFaces faces = SyntheticTrainingFaces.generate(100, 4, 16, 2, 0.5, 5);
        Dataset<Row> training = parquet(faces.samples(spark, id -> true), "restart");
        TrainingOptions options = TrainingOptions.defaults().withEpochs(3).withBatchSize(32).withShards(3).withClassBlock(16);
        TrainedAdapter uninterrupted = new AdapterTrainer(options, folder.resolve("uninterrupted").toString()).fit(training);

        String checkpoints = folder.resolve("killed").toString();
        RuntimeException killed = assertThrows(RuntimeException.class, () -> new AdapterTrainer(options, checkpoints)
                .withHook((epoch, step, total) -> {
                    if (epoch == 2 && step == 5) {
                        throw new IllegalStateException("killed in epoch 2");
                    }
                }).fit(training));
        assertEquals("killed in epoch 2", killed.getMessage());
        TrainedAdapter resumed = new AdapterTrainer(options, checkpoints).fit(training);

        assertEquals(1, resumed.resumedAfterEpoch());
        assertEquals(0, uninterrupted.resumedAfterEpoch());
        assertTrue(uninterrupted.adapter().distanceFromIdentity() > 0.1, "the adapter trained: " + uninterrupted.adapter());
        assertArrayEquals(uninterrupted.adapter().weights(), resumed.adapter().weights());
        assertArrayEquals(uninterrupted.adapter().bias(), resumed.adapter().bias());
        assertEquals(withoutTimes(uninterrupted.history()), withoutTimes(resumed.history()));

        // A finished training asked for more epochs continues; other options or other data are refused.
        assertThrows(IllegalArgumentException.class,
                () -> new AdapterTrainer(options.withSeed(2), checkpoints).fit(training));
        assertThrows(IllegalArgumentException.class,
                () -> new AdapterTrainer(options, checkpoints).fit(training.where("face_id <> 'f0'")));
        TrainedAdapter longer = new AdapterTrainer(options.withEpochs(4), checkpoints).fit(training);
        assertEquals(3, longer.resumedAfterEpoch());
        assertEquals(4, longer.history().size());
        assertThrows(IllegalArgumentException.class, () -> new AdapterTrainer(options, checkpoints).fit(training));
    }

    @Test
    void theStageAppliesTheAdapterToATable() {
        SyntheticTrainingFaces faces = SyntheticTrainingFaces.generate(5, 2, 8, 1, 0.5, 3);
        float[] weights = EmbeddingAdapter.identity(8).weights();
        weights[1] = 0.5f;
        EmbeddingAdapter adapter = new EmbeddingAdapter(8, weights, new float[8]);
        Dataset<Row> table = faces.samples(spark, id -> true);

        List<Row> adapted = new AdapterStage(adapter, TrainingSamples.EMBEDDING, "adapted").transform(table).collectAsList();
        for (Row row : adapted) {
            float[] expected = adapter.apply(Rows.floats(row, row.fieldIndex(TrainingSamples.EMBEDDING)));
            assertArrayEquals(expected, Rows.floats(row, row.fieldIndex("adapted")));
        }
        assertEquals(faces.identity().length, adapted.size());
        assertThrows(StageSchemaException.class,
                () -> new AdapterStage(adapter, "missing", "adapted").transformSchema(table.schema()));
    }

    @Test
    void everyIdentityGetsExactlyOneClassInOneShard() {
        List<Row> ids = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            ids.add(RowFactory.create("person-" + i));
            ids.add(RowFactory.create("person-" + i));
        }
        Dataset<Row> samples = spark.createDataFrame(ids, new StructType().add(TrainingSamples.IDENTITY_ID, DataTypes.StringType));
        int shards = 7;
        List<Row> classes = IdentityShards.classIndex(samples, shards).collectAsList();

        assertEquals(1000, classes.size());
        assertEquals(1000, classes.stream().map(r -> r.getString(0)).distinct().count(), "one row per identity");
        Map<Integer, List<Integer>> indexesByShard = new TreeMap<>();
        for (Row row : classes) {
            indexesByShard.computeIfAbsent(row.getInt(1), s -> new ArrayList<>()).add(row.getInt(2));
        }
        assertEquals(shards, indexesByShard.size(), "every shard holds classes");
        for (List<Integer> indexes : indexesByShard.values()) {
            Collections.sort(indexes);
            for (int i = 0; i < indexes.size(); i++) {
                assertEquals(i, indexes.get(i), "class indexes of a shard are 0..size-1, each once");
            }
        }
        assertEquals(new HashSet<>(classes),
                new HashSet<>(IdentityShards.classIndex(samples.orderBy(functions.rand(3)), shards).collectAsList()),
                "the same classes whatever the input order");
    }

    @Test
    void partialGradientsFromManyShardsAreAllAddedOnce() {
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int partitions = 40;
        List<float[]> parts = new ArrayList<>();
        float[] expected = new float[3];
        for (int p = 0; p < partitions; p++) {
            // Small integers add exactly in any order, so any missed or doubled partition shows.
            float[] part = {p, 1, p % 3};
            parts.add(part);
            for (int k = 0; k < 3; k++) {
                expected[k] += part[k];
            }
        }
        assertArrayEquals(expected, OrderedSum.of(context.parallelize(parts, partitions), 3));
        assertArrayEquals(expected, OrderedSum.of(context.parallelize(parts, 5).coalesce(5), 3));
    }

    @Test
    void manifestTrainingFacesBecomeWeightedSamples() {
        StructType manifestSchema = new StructType()
                .add("face_id", DataTypes.StringType).add("identity_id", DataTypes.StringType)
                .add("hard_example", DataTypes.BooleanType).add("split", DataTypes.StringType)
                .add("outlier", DataTypes.BooleanType).add("set_id", DataTypes.StringType);
        Dataset<Row> manifest = spark.createDataFrame(List.of(
                RowFactory.create("a", "p1", false, "train", false, "s"),
                RowFactory.create("b", "p1", true, "train", false, "s"),
                RowFactory.create("c", "p2", false, "val", false, "s"),
                RowFactory.create("d", "p2", false, "train", true, "s"),
                RowFactory.create("e", "p3", false, "train", false, "s")), manifestSchema);
        StructType facesSchema = new StructType().add("face_id", DataTypes.StringType)
                .add("embedding", DataTypes.createArrayType(DataTypes.FloatType)).add("quality", DataTypes.DoubleType);
        Dataset<Row> faces = spark.createDataFrame(List.of(
                RowFactory.create("a", new float[]{1, 0}, 1.0), RowFactory.create("b", new float[]{0, 1}, 1.0),
                RowFactory.create("c", new float[]{1, 0}, 1.0), RowFactory.create("d", new float[]{1, 0}, 1.0),
                RowFactory.create("e", null, 1.0)), facesSchema);

        Dataset<Row> samples = TrainingSamples.fromManifest(manifest, faces, 3.0);
        TrainingSamples.requireColumns(samples.schema());
        Map<String, Float> weights = new TreeMap<>();
        samples.collectAsList().forEach(r -> weights.put(r.getString(0), r.getFloat(3)));
        // c is validation, d an outlier, e has no embedding; b is a hard example.
        assertEquals(Map.of("a", 1f, "b", 3f), weights);
        assertThrows(StageSchemaException.class, () -> TrainingSamples.requireColumns(samples.drop(TrainingSamples.WEIGHT).schema()));
    }

    private static List<EpochSummary> withoutTimes(List<EpochSummary> history) {
        return history.stream().map(e -> new EpochSummary(e.epoch(), e.steps(), e.samples(), e.meanLoss(), e.trainAccuracy(),
                e.adapterDistance(), 0)).toList();
    }

    private Dataset<Row> parquet(Dataset<Row> rows, String name) {
        String path = folder.resolve(name).toString();
        rows.write().parquet(path);
        return spark.read().parquet(path);
    }
}
