package io.faceengine.pipeline.stage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faceengine.pipeline.config.InputOptions;
import io.faceengine.pipeline.image.DecodeFailure;
import io.faceengine.pipeline.table.FaceTables;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;

/**
 * Turns the run's inputs into (set_id, uri) rows. An input is either a directory whose
 * subdirectories are the sets (files directly inside it form a set named after it), or a
 * manifest: .jsonl lines {"set_id": …, "uri": …} or .csv with header {@code set_id,uri}.
 * Manifest URIs may be relative to the manifest's folder, and must stay within the allowed
 * schemes and roots ({@link InputOptions}). Paths may be any Hadoop URI.
 * Hidden files (names starting with '.' or '_') are ignored, as Hadoop tools do.
 * <p>An entry that is found but will not be read (a FIFO, a looping or dangling link, a refused
 * manifest URI) gets a status and message here, so it is recorded instead of dropped.
 */
public final class InputListing {
    public static final StructType SCHEMA = new StructType()
            .add(FaceTables.SET_ID, DataTypes.StringType, false)
            .add(FaceTables.URI, DataTypes.StringType, false)
            .add(FaceTables.STATUS, DataTypes.StringType, true)
            .add(FaceTables.MESSAGE, DataTypes.StringType, true);
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Entry(String setId, String uri, String status, String message) {
        static Entry readable(String setId, String uri) {
            return new Entry(setId, uri, null, null);
        }
    }

    private InputListing() {
    }

    /** One row per input file, sorted by set and URI so runs are reproducible. */
    public static Dataset<Row> list(SparkSession spark, List<String> inputs, InputOptions options) throws IOException {
        return spark.createDataFrame(rows(spark.sparkContext().hadoopConfiguration(), inputs, options), SCHEMA);
    }

    /** The rows of {@link #list} as the driver holds them, for work the driver does on every entry. */
    public static List<Row> rows(Configuration conf, List<String> inputs, InputOptions options) throws IOException {
        List<Entry> entries = new ArrayList<>();
        for (String input : inputs) {
            Path path = new Path(input);
            FileSystem fs = path.getFileSystem(conf);
            if (!fs.exists(path)) {
                throw new IOException("input " + input + " does not exist");
            }
            FileStatus status = fs.getFileStatus(path);
            if (status.isDirectory() && isLocal(fs)) {
                listLocalDirectory(localPath(status.getPath()), entries);
            } else if (status.isDirectory()) {
                listDirectory(fs, status.getPath(), entries);
            } else {
                readManifest(fs, status.getPath(), new ManifestUris(options, status.getPath(), conf), entries);
            }
        }
        entries.sort(Comparator.comparing(Entry::setId).thenComparing(Entry::uri));
        return entries.stream().map(e -> RowFactory.create(e.setId(), e.uri(), e.status(), e.message())).toList();
    }

    static boolean isLocal(FileSystem fs) {
        return "file".equals(fs.getScheme());
    }

    /** The local file a qualified {@code file:} path names. */
    static java.nio.file.Path localPath(Path path) {
        return java.nio.file.Path.of(path.toUri().getPath());
    }

    /** A local path as the URI string Hadoop paths print, the form every table stores. */
    static String uriOf(java.nio.file.Path file) {
        return new Path("file", null, file.toAbsolutePath().toString()).toString();
    }

    /**
     * Local folders are walked with java.nio rather than Hadoop's local file system: Hadoop parses
     * each name as a URI (a ':' in a file name fails the listing), reads owner and permissions of
     * every file by starting a process when its native library is missing, drops dangling links
     * silently and follows directory links in circles.
     */
    private static void listLocalDirectory(java.nio.file.Path root, List<Entry> entries) throws IOException {
        String rootSet = root.getFileName() == null ? "/" : root.getFileName().toString();
        Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(java.nio.file.Path dir, BasicFileAttributes attrs) {
                return !dir.equals(root) && hidden(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(java.nio.file.Path file, BasicFileAttributes attrs) {
                if (!hidden(file)) {
                    add(file, LocalFiles.State.of(file, attrs));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(java.nio.file.Path file, IOException e) {
                if (hidden(file)) {
                    return FileVisitResult.CONTINUE;
                }
                if (e instanceof FileSystemLoopException) {
                    add(file, LocalFiles.directoryLoop(file));
                } else {
                    entries.add(new Entry(setOf(file), uriOf(file), DecodeFailure.UNREADABLE.name(),
                            "cannot list " + file + ": " + e));
                }
                return FileVisitResult.CONTINUE;
            }

            private void add(java.nio.file.Path file, LocalFiles.State state) {
                entries.add(new Entry(setOf(file), uriOf(file), state.fault() == null ? null : state.fault().name(),
                        state.message()));
            }

            private String setOf(java.nio.file.Path file) {
                java.nio.file.Path relative = root.relativize(file);
                return relative.getNameCount() == 1 ? rootSet : relative.getName(0).toString();
            }
        });
    }

    private static boolean hidden(java.nio.file.Path path) {
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
        return name.startsWith(".") || name.startsWith("_");
    }

    private static void listDirectory(FileSystem fs, Path dir, List<Entry> entries) throws IOException {
        for (FileStatus child : fs.listStatus(dir)) {
            if (hidden(child.getPath())) {
                continue;
            }
            if (child.isDirectory()) {
                String setId = child.getPath().getName();
                RemoteIterator<LocatedFileStatus> files = fs.listFiles(child.getPath(), true);
                while (files.hasNext()) {
                    Path file = files.next().getPath();
                    if (!hidden(file)) {
                        entries.add(Entry.readable(setId, file.toString()));
                    }
                }
            } else {
                entries.add(Entry.readable(dir.getName(), child.getPath().toString()));
            }
        }
    }

    private static void readManifest(FileSystem fs, Path manifest, ManifestUris uris, List<Entry> entries) throws IOException {
        String name = manifest.getName().toLowerCase(java.util.Locale.ROOT);
        boolean jsonl = name.endsWith(".jsonl") || name.endsWith(".json");
        if (!jsonl && !name.endsWith(".csv")) {
            throw new IOException("input " + manifest + " is a file but not a manifest: use .jsonl or .csv (set_id,uri)");
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(fs.open(manifest), StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank() || (!jsonl && number == 1)) {
                    if (!jsonl && number == 1 && !line.replace(" ", "").equalsIgnoreCase("set_id,uri")) {
                        throw new IOException(manifest + ": the CSV header must be 'set_id,uri', got '" + line + "'");
                    }
                    continue;
                }
                String setId;
                String uri;
                if (jsonl) {
                    JsonNode node = JSON.readTree(line);
                    setId = node.path(FaceTables.SET_ID).asText(null);
                    uri = node.path(FaceTables.URI).asText(null);
                } else {
                    String[] fields = line.split(",", 2);
                    setId = fields[0].trim();
                    uri = fields.length > 1 ? fields[1].trim() : null;
                }
                if (setId == null || setId.isEmpty() || uri == null || uri.isEmpty()) {
                    throw new IOException(manifest + " line " + number + ": needs both set_id and uri");
                }
                entries.add(entryOf(setId, uri, uris, manifest, number));
            }
        }
    }

    private static Entry entryOf(String setId, String uri, ManifestUris uris, Path manifest, int line) {
        Path target;
        try {
            target = uris.resolve(uri);
        } catch (IllegalArgumentException e) {
            return new Entry(setId, uri, DecodeFailure.UNREADABLE.name(),
                    manifest + " line " + line + ": '" + uri + "' is not a valid path or URI (" + e.getMessage() + ")");
        }
        String refusal = uris.refusal(target);
        return refusal == null ? Entry.readable(setId, target.toString())
                : new Entry(setId, target.toString(), InputFault.URI_NOT_ALLOWED.name(),
                manifest + " line " + line + ": " + refusal);
    }

    private static boolean hidden(Path path) {
        String name = path.getName();
        return name.startsWith(".") || name.startsWith("_");
    }
}
