package io.faceengine.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The published dataset manifests of a local data root, read with plain file IO (no Spark, no
 * Hadoop). Layout, as the jobs write it: {@code <root>/committed-runs.json} is
 * {@code {"runs": [{"runId": …, "committedAt": …}, …]}} in commit order, and a run that published a
 * manifest has {@code runs/<runId>/manifest/summary.json} plus data files under
 * {@code manifest/faces/}, each with its SHA-256 in the summary's {@code files}. Only committed
 * runs count; only files the summary lists, inside the data root and matching their SHA-256, are served.
 */
final class ManifestStore {
    static final String COMMITTED_RUNS = "committed-runs.json";
    static final String MANIFEST = "manifest";
    static final String FACES = "faces";
    static final String SUMMARY = "summary.json";
    /** The fields of a summary shown in the version list. */
    static final List<String> LISTED = List.of("version", "parentVersion", "runId", "createdAt", "faces", "identities");

    /** A data file's name: one path segment, not hidden. */
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._=-]{0,254}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final DataRootPaths paths;
    private final Path root;
    private final ObjectMapper json;
    /** Data files whose bytes matched their SHA-256, by real path; checked again when size or time changes. */
    private final Map<Path, Verified> verified = new ConcurrentHashMap<>();

    ManifestStore(Path root, ObjectMapper json) {
        this.paths = new DataRootPaths(root);
        this.root = paths.root();
        this.json = json;
    }

    private record Verified(long size, FileTime modified, String sha256) {
    }

    /** A data file ready to send: its bytes, length and checksum. */
    record DataFile(Path path, long size, String sha256, InputStream in) {
    }

    /** The summaries of the committed runs that published a manifest, oldest first. */
    List<JsonNode> summaries() {
        if (!Files.isDirectory(root)) {
            throw unavailable("the data root " + root.getFileName() + " is not a readable folder");
        }
        Optional<String> pointer = read(root.resolve(COMMITTED_RUNS), COMMITTED_RUNS);
        if (pointer.isEmpty()) {
            return List.of(); // nothing committed yet
        }
        JsonNode runs = parse(pointer.get(), COMMITTED_RUNS).path("runs");
        if (!runs.isArray()) {
            throw invalid(COMMITTED_RUNS + " has no \"runs\" array");
        }
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode entry : runs) {
            String runId = entry.path("runId").asText("");
            if (!RunFolders.RUN_ID.matcher(runId).matches()) {
                throw invalid(COMMITTED_RUNS + " lists an invalid run id '" + runId + "'");
            }
            String source = "runs/" + runId + "/" + MANIFEST + "/" + SUMMARY;
            read(manifestFolder(runId).resolve(SUMMARY), source).ifPresent(text -> out.add(parse(text, source)));
        }
        return out;
    }

    /** The version list: a few fields of each summary, oldest first. */
    ArrayNode versions() {
        ArrayNode out = json.createArrayNode();
        for (JsonNode summary : summaries()) {
            ObjectNode row = out.addObject();
            for (String field : LISTED) {
                row.set(field, summary.has(field) ? summary.get(field) : json.nullNode());
            }
        }
        return out;
    }

    /** The summary of a committed version. */
    JsonNode summary(long version) {
        for (JsonNode summary : summaries()) {
            if (summary.path("version").canConvertToLong() && summary.path("version").asLong() == version) {
                return summary;
            }
        }
        throw ApiException.notFound("no committed manifest version " + version + " (see /api/manifests)");
    }

    /**
     * Opens a data file of a committed version. Only a name the summary lists, naming one file
     * directly inside the version's data folder, is served; anything else is not found.
     */
    DataFile open(long version, String name) {
        JsonNode summary = summary(version);
        JsonNode sha = summary.path("files").path(name);
        if (!summary.path("files").isObject() || !sha.isTextual() || !FILE_NAME.matcher(name).matches()) {
            throw ApiException.notFound("manifest version " + version + " has no file '" + name + "'");
        }
        if (!SHA256.matcher(sha.asText()).matches()) {
            throw invalid("the summary of manifest version " + version + " has no valid SHA-256 for " + name);
        }
        String runId = summary.path("runId").asText("");
        if (!RunFolders.RUN_ID.matcher(runId).matches()) {
            throw invalid("the summary of manifest version " + version + " has an invalid run id");
        }
        Path folder = manifestFolder(runId).resolve(FACES);
        Path file = folder.resolve(name).normalize();
        String what = "file " + name + " of manifest version " + version;
        if (!file.getParent().equals(folder)) {
            throw invalid("manifest version " + version + " lists " + name + " but the data root does not hold it");
        }
        FileChannel channel = null;
        try {
            Path real = paths.inside(file, what);
            channel = FileChannel.open(real, StandardOpenOption.READ);
            BasicFileAttributes attributes = Files.readAttributes(real, BasicFileAttributes.class);
            if (!attributes.isRegularFile()) {
                throw invalid(what + " is not a regular file");
            }
            checkSha256(real, attributes, channel, sha.asText(), what);
            channel.position(0);
            return new DataFile(real, attributes.size(), sha.asText(), Channels.newInputStream(channel));
        } catch (NoSuchFileException e) {
            close(channel);
            throw invalid("manifest version " + version + " lists " + name + " but the data root does not hold it");
        } catch (IOException e) {
            close(channel);
            throw unavailable("cannot read " + what + ": " + e.getClass().getSimpleName());
        } catch (RuntimeException e) {
            close(channel);
            throw e;
        }
    }

    /**
     * The bytes must be the ones the summary's SHA-256 names (the ETag promises them): a file that
     * changed or rotted on disk is refused, never served.
     */
    private void checkSha256(Path real, BasicFileAttributes attributes, FileChannel channel, String expected, String what)
            throws IOException {
        Verified known = verified.get(real);
        if (known != null && known.size() == attributes.size() && known.modified().equals(attributes.lastModifiedTime())
                && known.sha256().equals(expected)) {
            return;
        }
        MessageDigest digest = sha256();
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        while (channel.read(buffer) >= 0) {
            buffer.flip();
            digest.update(buffer);
            buffer.clear();
        }
        if (!HexFormat.of().formatHex(digest.digest()).equals(expected)) {
            throw invalid(what + " does not match the SHA-256 its summary lists (changed or damaged on disk)");
        }
        verified.put(real, new Verified(attributes.size(), attributes.lastModifiedTime(), expected));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }

    private static void close(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // opened for reading only: nothing is lost
            }
        }
    }

    private Path manifestFolder(String runId) {
        return root.resolve("runs").resolve(runId).resolve(MANIFEST);
    }

    /** The text of a file of the data root named {@code source}; empty when there is none. */
    private Optional<String> read(Path file, String source) {
        try {
            return Optional.of(Files.readString(paths.inside(file, source)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw unavailable("cannot read " + source + " in the data root: " + e.getClass().getSimpleName());
        }
    }

    private JsonNode parse(String text, String source) {
        try {
            JsonNode node = json.readTree(text);
            if (node == null || !node.isObject()) {
                throw invalid(source + " is not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            // Not the parser's message: it quotes the file's bytes.
            throw invalid(source + " is not valid JSON");
        }
    }

    private static ApiException unavailable(String message) {
        return ApiException.dataRootUnavailable(message);
    }

    private static ApiException invalid(String message) {
        return ApiException.dataRootInvalid(message);
    }
}
