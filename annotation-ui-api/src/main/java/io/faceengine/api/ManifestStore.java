package io.faceengine.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The published dataset manifests of a local data root, read with plain file IO (no Spark, no
 * Hadoop). Layout, as the jobs write it: {@code <root>/committed-runs.json} is
 * {@code {"runs": [{"runId": …, "committedAt": …}, …]}} in commit order, and a run that published a
 * manifest has {@code runs/<runId>/manifest/summary.json} plus data files under
 * {@code manifest/faces/}, each with its SHA-256 in the summary's {@code files}. Only committed
 * runs count; only files the summary lists are served.
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

    private final Path root;
    private final ObjectMapper json;

    ManifestStore(Path root, ObjectMapper json) {
        this.root = root.toAbsolutePath().normalize();
        this.json = json;
    }

    /** A data file ready to send: its bytes, length and checksum. */
    record DataFile(Path path, long size, String sha256, InputStream in) {
    }

    /** The summaries of the committed runs that published a manifest, oldest first. */
    List<JsonNode> summaries() {
        if (!Files.isDirectory(root)) {
            throw unavailable("the data root " + root.getFileName() + " is not a readable folder");
        }
        Optional<String> pointer = read(root.resolve(COMMITTED_RUNS));
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
            Path summary = manifestFolder(runId).resolve(SUMMARY);
            read(summary).ifPresent(text -> out.add(parse(text, "runs/" + runId + "/" + MANIFEST + "/" + SUMMARY)));
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
        if (!file.getParent().equals(folder) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw invalid("manifest version " + version + " lists " + name + " but the data root does not hold it");
        }
        try {
            long size = Files.size(file);
            return new DataFile(file, size, sha.asText(), Files.newInputStream(file));
        } catch (NoSuchFileException e) {
            throw invalid("manifest version " + version + " lists " + name + " but the data root does not hold it");
        } catch (IOException e) {
            throw unavailable("cannot read " + name + " of manifest version " + version + ": "
                    + e.getClass().getSimpleName());
        }
    }

    private Path manifestFolder(String runId) {
        return root.resolve("runs").resolve(runId).resolve(MANIFEST);
    }

    private static Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw unavailable("cannot read " + file.getFileName() + " in the data root: " + e.getClass().getSimpleName());
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
            throw invalid(source + " is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static ApiException unavailable(String message) {
        return ApiException.dataRootUnavailable(message);
    }

    private static ApiException invalid(String message) {
        return ApiException.dataRootInvalid(message);
    }
}
