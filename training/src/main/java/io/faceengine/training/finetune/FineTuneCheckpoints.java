package io.faceengine.training.finetune;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.faceengine.pipeline.io.FileTrees;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The fine-tuning state after each epoch, one folder per epoch:
 *
 * <pre>
 * epoch-0002/network.params   the network's parameters (the engine's own exact format)
 * epoch-0002/head.bin         the classifier centres
 * epoch-0002/optimiser.bin    the momentum of every trained array
 * epoch-0002/checkpoint.json  epoch, options, history: written last, so it marks the folder complete
 * </pre>
 *
 * A folder is written under a temporary name and renamed when complete, so a training killed
 * while saving leaves the previous epoch as the latest. The newest {@link #KEEP} are kept.
 */
final class FineTuneCheckpoints {
    static final int KEEP = 2;
    static final String NETWORK = "network.params";
    static final String HEAD = "head.bin";
    static final String OPTIMISER = "optimiser.bin";
    private static final String RECORD = "checkpoint.json";
    private static final Pattern EPOCH = Pattern.compile("epoch-([0-9]{4})");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Everything in a checkpoint but its arrays. */
    record Checkpoint(int epoch, FineTuneOptions options, int examples, int identities, List<EpochSummary> history) {
    }

    /** Writes one part of a checkpoint into the folder being assembled. */
    interface PartWriter {
        void write(Path folder) throws IOException;
    }

    private final Path root;

    FineTuneCheckpoints(Path root) {
        this.root = root;
    }

    Optional<Checkpoint> latest() {
        return latestFolder().map(folder -> {
            try {
                return JSON.readValue(folder.resolve(RECORD).toFile(), Checkpoint.class);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read fine-tuning checkpoint " + folder.resolve(RECORD), e);
            }
        });
    }

    Path folder(int epoch) {
        return root.resolve(String.format(java.util.Locale.ROOT, "epoch-%04d", epoch));
    }

    void save(Checkpoint checkpoint, PartWriter arrays) throws IOException {
        Files.createDirectories(root);
        Path target = folder(checkpoint.epoch());
        Path partial = root.resolve(target.getFileName() + ".partial");
        FileTrees.deleteRecursively(partial);
        Files.createDirectories(partial);
        arrays.write(partial);
        JSON.writerWithDefaultPrettyPrinter().writeValue(partial.resolve(RECORD).toFile(), checkpoint);
        FileTrees.deleteRecursively(target);
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        List<Path> complete = completeFolders();
        for (int i = 0; i < complete.size() - KEEP; i++) {
            FileTrees.deleteRecursively(complete.get(i));
        }
    }

    private Optional<Path> latestFolder() {
        List<Path> complete = completeFolders();
        return complete.isEmpty() ? Optional.empty() : Optional.of(complete.get(complete.size() - 1));
    }

    private List<Path> completeFolders() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(root)) {
            return entries.filter(p -> EPOCH.matcher(p.getFileName().toString()).matches())
                    .filter(p -> Files.isRegularFile(p.resolve(RECORD)))
                    .sorted(Comparator.comparingInt(FineTuneCheckpoints::epochOf))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list fine-tuning checkpoints in " + root, e);
        }
    }

    private static int epochOf(Path folder) {
        Matcher m = EPOCH.matcher(folder.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException(folder + " is not a checkpoint folder");
        }
        return Integer.parseInt(m.group(1));
    }
}
