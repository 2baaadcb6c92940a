package io.faceengine.jobs.train;

import io.faceengine.jobs.run.RunFiles;
import io.faceengine.jobs.run.RunJson;
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
 * The trained adapters of a data root, one folder per version:
 * {@code <dataRoot>/models/adapters/v<N>/} holds {@code adapter.json}, {@code model.json}
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
    private static final Pattern VERSION_FOLDER = Pattern.compile("v([1-9][0-9]*)");

    /** The content of {@code current.json}. */
    record Current(int version, String adapter) {
    }

    private final Configuration conf;
    private final Path root;
    private final RunFiles files;

    public ModelRegistry(Configuration conf, String dataRoot) {
        this.conf = conf;
        this.root = new Path(dataRoot, FOLDER);
        this.files = new RunFiles(conf);
    }

    /** The promoted adapter of a data root, if any version was promoted. */
    public static Optional<PromotedAdapter> promoted(Configuration conf, String dataRoot) {
        try {
            ModelRegistry registry = new ModelRegistry(conf, dataRoot);
            Optional<Integer> version = registry.currentVersion();
            if (version.isEmpty()) {
                return Optional.empty();
            }
            EmbeddingAdapter adapter = EmbeddingAdapter.load(conf, new Path(registry.versionFolder(version.get()), ADAPTER));
            return Optional.of(new PromotedAdapter(version.get(), adapter));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read the promoted adapter under " + dataRoot + ": " + e.getMessage(), e);
        }
    }

    public Optional<Integer> currentVersion() throws IOException {
        Path current = new Path(root, CURRENT);
        Optional<String> json = files.read(current);
        return json.map(j -> RunJson.read(j, Current.class, current.toString()).version());
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
        files.replaceAtomically(new Path(folder, MODEL), RunJson.write(card));
        if (card.promoted()) {
            setCurrent(card.version());
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
                setCurrent(version);
                return true;
            }
        }
        return false;
    }

    private void setCurrent(int version) throws IOException {
        String adapter = ADAPTERS + "/v" + version + "/" + ADAPTER;
        files.replaceAtomically(new Path(root, CURRENT), RunJson.write(new Current(version, adapter)));
    }
}
