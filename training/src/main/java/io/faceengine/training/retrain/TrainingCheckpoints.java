package io.faceengine.training.retrain;

import io.faceengine.pipeline.io.RunFiles;
import io.faceengine.pipeline.io.RunJson;
import io.faceengine.pipeline.stage.HadoopConf;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Training state after each epoch, under one folder (local, HDFS or object store):
 *
 * <pre>
 * epoch-0003/adapter.json        the adapter after epoch 3, loadable with EmbeddingAdapter.load
 * epoch-0003/adapter-state.bin   W, bias and their momentum, exact
 * epoch-0003/shards/shard-NNNNN.bin  each classifier shard's centres and momentum (written by its executor)
 * epoch-0003/checkpoint.json     epoch, steps, options, data fingerprint, history: written last
 * </pre>
 *
 * Epoch 0 is the starting state. A checkpoint counts only once its {@code checkpoint.json} exists
 * (it is written atomically after everything else), so a run killed while writing leaves the
 * previous checkpoint as the latest. The newest {@link #KEEP} complete checkpoints are kept.
 */
final class TrainingCheckpoints {
    static final int KEEP = 2;
    static final String FORMAT = "faceengine-adapter-checkpoint";
    static final int FORMAT_VERSION = 1;
    private static final String PREFIX = "epoch-";
    private static final String RECORD = "checkpoint.json";
    private static final String ADAPTER = "adapter.json";
    private static final String ADAPTER_STATE = "adapter-state.bin";
    private static final String SHARDS = "shards";

    private final SparkSession spark;
    private final Configuration conf;
    private final Path root;

    TrainingCheckpoints(SparkSession spark, String folder) {
        this.spark = spark;
        this.conf = spark.sparkContext().hadoopConfiguration();
        this.root = new Path(folder);
    }

    /** The checkpoint record: everything but the arrays. */
    record Checkpoint(String format, int formatVersion, int epoch, long completedSteps, TrainingOptions options,
                      TrainingData data, List<EpochSummary> history) {
    }

    Optional<Checkpoint> latest() throws IOException {
        FileSystem fs = fileSystem();
        if (!fs.exists(root)) {
            return Optional.empty();
        }
        FileStatus[] entries = fs.listStatus(root);
        List<Path> epochs = Arrays.stream(entries).filter(FileStatus::isDirectory).map(FileStatus::getPath)
                .filter(p -> p.getName().matches(PREFIX + "\\d{4,}"))
                .sorted(Comparator.comparing((Path p) -> epochOf(p)).reversed()).toList();
        RunFiles files = new RunFiles(conf);
        for (Path folder : epochs) {
            Optional<String> json = files.read(new Path(folder, RECORD));
            if (json.isPresent()) {
                Checkpoint checkpoint = RunJson.read(json.get(), Checkpoint.class, new Path(folder, RECORD).toString());
                if (!FORMAT.equals(checkpoint.format()) || checkpoint.formatVersion() != FORMAT_VERSION) {
                    throw new IOException(folder + " holds a checkpoint of format " + checkpoint.format() + " version "
                            + checkpoint.formatVersion() + "; this version reads " + FORMAT + " version " + FORMAT_VERSION);
                }
                return Optional.of(checkpoint);
            }
        }
        return Optional.empty();
    }

    ShardFiles shardFiles(int epoch) {
        return new ShardFiles(new Path(folder(epoch), SHARDS).toString(), HadoopConf.snapshot(spark));
    }

    /** Removes what a killed run may have left of this epoch, before writing it again. */
    void clear(int epoch) throws IOException {
        fileSystem().delete(folder(epoch), true);
    }

    void writeAdapter(int epoch, TrainableAdapter adapter, TrainingOptions options) throws IOException {
        Path folder = folder(epoch);
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                fileSystem().create(new Path(folder, ADAPTER_STATE), true)))) {
            adapter.write(out);
        }
        adapter.snapshot().save(conf, new Path(folder, ADAPTER), RunJson.MAPPER.valueToTree(
                java.util.Map.of("epoch", epoch, "options", options)));
    }

    TrainableAdapter readAdapter(int epoch) throws IOException {
        Path file = new Path(folder(epoch), ADAPTER_STATE);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(fileSystem().open(file)))) {
            return TrainableAdapter.read(in, file.toString());
        }
    }

    /** Marks the epoch's checkpoint complete, then drops all but the newest {@link #KEEP}. */
    void commit(Checkpoint checkpoint) throws IOException {
        new RunFiles(conf).replaceAtomically(new Path(folder(checkpoint.epoch()), RECORD), RunJson.write(checkpoint));
        FileSystem fs = fileSystem();
        for (FileStatus entry : fs.listStatus(root)) {
            String name = entry.getPath().getName();
            if (entry.isDirectory() && name.matches(PREFIX + "\\d{4,}") && epochOf(entry.getPath()) <= checkpoint.epoch() - KEEP) {
                fs.delete(entry.getPath(), true);
            }
        }
    }

    Path folder(int epoch) {
        return new Path(root, String.format("%s%04d", PREFIX, epoch));
    }

    private static int epochOf(Path folder) {
        return Integer.parseInt(folder.getName().substring(PREFIX.length()));
    }

    private FileSystem fileSystem() throws IOException {
        FileSystem fs = root.getFileSystem(conf);
        return fs instanceof LocalFileSystem local ? local.getRaw() : fs;
    }
}
