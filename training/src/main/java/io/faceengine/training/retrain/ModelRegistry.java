package io.faceengine.training.retrain;

import io.faceengine.pipeline.io.RunFiles;
import io.faceengine.pipeline.io.RunJson;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The trained models of a data root, one folder per version:
 * {@code <dataRoot>/models/adapters/v<N>/} holds {@code adapter.json} (an adapter version) or
 * {@code embedder.onnx} and {@code network.params} (a fine-tuned network), {@code model.json}
 * ({@link ModelCard}; written last, it marks the version complete), {@code started.json}
 * ({@link TrainingClaim}) and the training checkpoints. {@code <dataRoot>/models/current.json} names
 * the promoted version and is replaced atomically, so readers see the old or the new one.
 *
 * <p>Versions are never overwritten: a new training takes the next number, except that an
 * unfinished highest version (a retrain that crashed) is taken over, keeping its checkpoints when
 * it was started from the same manifest and settings, so numbers are not skipped. One retrain at a
 * time per data root (runs execute their steps one after the other).
 */
public final class ModelRegistry {
    public static final String FOLDER = "models";
    public static final String ADAPTERS = "adapters";
    public static final String CURRENT = "current.json";
    public static final String ADAPTER = "adapter.json";
    public static final String MODEL = "model.json";
    public static final String STARTED = "started.json";
    public static final String CHECKPOINTS = "checkpoints";
    public static final String EMBEDDER = "embedder.onnx";
    public static final String NETWORK_WEIGHTS = "network.params";
    private static final Pattern VERSION_FOLDER = Pattern.compile("v([1-9][0-9]*)");

    /** The content of {@code current.json}: the promoted version's adapter or embedder graph, relative to models/. */
    record Current(int version, String adapter, String embedder) {
    }

    /** A promoted network: its ONNX graph (what the run embeds with) and its trained weights file. */
    public record PromotedNetwork(int version, byte[] onnx, Path weights) {
    }

    private final Configuration conf;
    private final Path root;
    private final RunFiles files;

    public ModelRegistry(Configuration conf, String dataRoot) {
        this.conf = conf;
        this.root = new Path(dataRoot, FOLDER);
        this.files = new RunFiles(conf);
    }

    /** The promoted adapter of a data root, if the promoted version is an adapter. */
    public static Optional<PromotedAdapter> promoted(Configuration conf, String dataRoot) {
        try {
            ModelRegistry registry = new ModelRegistry(conf, dataRoot);
            Optional<Current> current = registry.current();
            if (current.isEmpty() || current.get().adapter() == null) {
                return Optional.empty();
            }
            int version = current.get().version();
            EmbeddingAdapter adapter = EmbeddingAdapter.load(conf, new Path(registry.versionFolder(version), ADAPTER));
            return Optional.of(new PromotedAdapter(version, adapter));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read the promoted adapter under " + dataRoot + ": " + e.getMessage(), e);
        }
    }

    /** The promoted network of a data root, if the promoted version is a fine-tuned network. */
    public static Optional<PromotedNetwork> promotedNetwork(Configuration conf, String dataRoot) {
        try {
            ModelRegistry registry = new ModelRegistry(conf, dataRoot);
            Optional<Current> current = registry.current();
            if (current.isEmpty() || current.get().embedder() == null) {
                return Optional.empty();
            }
            int version = current.get().version();
            Path folder = registry.versionFolder(version);
            Path onnx = new Path(folder, EMBEDDER);
            try (var in = onnx.getFileSystem(conf).open(onnx)) {
                return Optional.of(new PromotedNetwork(version, in.readAllBytes(), new Path(folder, NETWORK_WEIGHTS)));
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read the promoted network under " + dataRoot + ": " + e.getMessage(), e);
        }
    }

    private Optional<Current> current() throws IOException {
        Path current = new Path(root, CURRENT);
        return files.read(current).map(j -> RunJson.read(j, Current.class, current.toString()));
    }

    public Optional<Integer> currentVersion() throws IOException {
        return current().map(Current::version);
    }

    public Path versionFolder(int version) {
        return new Path(new Path(root, ADAPTERS), "v" + version);
    }

    public Path checkpoints(int version) {
        return new Path(versionFolder(version), CHECKPOINTS);
    }

    /** The version numbers that have a folder, ascending. */
    public List<Integer> versions() throws IOException {
        Path adapters = new Path(root, ADAPTERS);
        FileSystem fs = adapters.getFileSystem(conf);
        if (!fs.exists(adapters)) {
            return List.of();
        }
        return Arrays.stream(fs.listStatus(adapters)).filter(FileStatus::isDirectory)
                .map(s -> VERSION_FOLDER.matcher(s.getPath().getName())).filter(Matcher::matches)
                .map(m -> Integer.parseInt(m.group(1))).sorted().toList();
    }

    /** The record of a complete version; empty while it is being trained. */
    public Optional<ModelCard> card(int version) throws IOException {
        Path model = new Path(versionFolder(version), MODEL);
        return files.read(model).map(json -> RunJson.read(json, ModelCard.class, model.toString()));
    }

    /** The latest complete version trained from exactly this claim (a retrain that already finished). */
    public Optional<ModelCard> completed(TrainingClaim claim) throws IOException {
        List<Integer> versions = versions();
        for (int k = versions.size() - 1; k >= 0; k--) {
            Optional<ModelCard> card = card(versions.get(k));
            if (card.isPresent() && card.get().claim().equals(claim)) {
                return card;
            }
        }
        return Optional.empty();
    }

    /**
     * The version a training from {@code claim} writes to: the unfinished highest version if there is
     * one (its checkpoints dropped unless it was started from the same claim), else the next number.
     */
    public int start(TrainingClaim claim) throws IOException {
        List<Integer> versions = versions();
        int version;
        if (!versions.isEmpty() && card(versions.get(versions.size() - 1)).isEmpty()) {
            version = versions.get(versions.size() - 1);
            Optional<String> started = files.read(new Path(versionFolder(version), STARTED));
            boolean same = started.isPresent() && RunJson.read(started.get(), TrainingClaim.class, STARTED).equals(claim);
            if (same) {
                return version;
            }
            Path checkpoints = checkpoints(version);
            checkpoints.getFileSystem(conf).delete(checkpoints, true);
        } else {
            version = versions.isEmpty() ? 1 : versions.get(versions.size() - 1) + 1;
        }
        files.replaceAtomically(new Path(versionFolder(version), STARTED), RunJson.write(claim));
        return version;
    }

    /**
     * Completes a version: the adapter, then its record (which marks it complete), then, when it was
     * promoted, the current pointer. A crash before the pointer is repaired by {@link #finishPromotion}.
     * The checkpoints go last: a complete version is never resumed, and at many identities each
     * epoch's class centres weigh as much as the classifier.
     */
    public void complete(ModelCard card, EmbeddingAdapter adapter) throws IOException {
        Path folder = versionFolder(card.version());
        adapter.save(conf, new Path(folder, ADAPTER), RunJson.MAPPER.valueToTree(card.claim()));
        finish(card);
    }

    /** As {@link #complete(ModelCard, EmbeddingAdapter)}, for a fine-tuned network: its graph and weights first. */
    public void completeNetwork(ModelCard card, byte[] onnx, byte[] weights) throws IOException {
        Path folder = versionFolder(card.version());
        files.replaceAtomically(new Path(folder, EMBEDDER), out -> out.write(onnx));
        files.replaceAtomically(new Path(folder, NETWORK_WEIGHTS), out -> out.write(weights));
        finish(card);
    }

    private void finish(ModelCard card) throws IOException {
        files.replaceAtomically(new Path(versionFolder(card.version()), MODEL), RunJson.write(card));
        if (card.promoted()) {
            setCurrent(card);
        }
        Path checkpoints = checkpoints(card.version());
        checkpoints.getFileSystem(conf).delete(checkpoints, true);
    }

    /** Points current.json at the latest promoted version if a crash left it behind; true if it did. */
    public boolean finishPromotion() throws IOException {
        List<Integer> versions = versions();
        Optional<Integer> current = currentVersion();
        for (int k = versions.size() - 1; k >= 0; k--) {
            int version = versions.get(k);
            if (current.isPresent() && current.get() >= version) {
                return false;
            }
            Optional<ModelCard> card = card(version);
            if (card.isPresent() && card.get().promoted()) {
                setCurrent(card.get());
                return true;
            }
        }
        return false;
    }

    private void setCurrent(ModelCard card) throws IOException {
        String folder = ADAPTERS + "/v" + card.version() + "/";
        Current current = card.wholeNetwork() ? new Current(card.version(), null, folder + EMBEDDER)
                : new Current(card.version(), folder + ADAPTER, null);
        files.replaceAtomically(new Path(root, CURRENT), RunJson.write(current));
    }
}
