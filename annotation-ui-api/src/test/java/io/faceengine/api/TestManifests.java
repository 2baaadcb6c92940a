package io.faceengine.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Dataset manifests laid out in a data root as the publish step writes them, with stand-in Parquet bytes. */
final class TestManifests {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestManifests() {
    }

    /**
     * Publishes manifest {@code version} for run {@code runId}: one data file and a summary listing
     * its SHA-256 (plus {@code extraFiles}, name to SHA-256, as a bad summary might); the summary as read back.
     */
    static ObjectNode write(Path root, String runId, int version, Integer parent, String file, byte[] data,
                            Map<String, String> extraFiles) throws IOException {
        Path folder = root.resolve("runs").resolve(runId).resolve("manifest");
        Files.createDirectories(folder.resolve("faces"));
        Files.write(folder.resolve("faces").resolve(file), data);
        ObjectNode summary = JSON.createObjectNode();
        summary.put("version", version);
        if (parent == null) {
            summary.putNull("parentVersion");
        } else {
            summary.put("parentVersion", parent);
        }
        summary.put("runId", runId);
        summary.put("createdAt", "2026-01-0" + (version + 1) + "T00:05:00Z");
        summary.put("faces", 100L * version + 7);
        summary.put("identities", 10L * version + 1);
        summary.putObject("facesBySplit").put("train", 90L * version).put("val", 10L * version + 7);
        summary.put("validationPercent", 10);
        summary.putObject("thresholds").put("merge", 0.6);
        ObjectNode files = summary.putObject("files");
        files.put(file, sha256(data));
        extraFiles.forEach(files::put);
        String text = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(summary);
        Files.writeString(folder.resolve("summary.json"), text);
        return (ObjectNode) JSON.readTree(text); // numbers as a reader of the file sees them

    }

    /** Bytes with Parquet's magic at both ends and a body that differs per seed. */
    static byte[] fakeParquet(int seed, int length) {
        byte[] bytes = new byte[length];
        new java.util.Random(seed).nextBytes(bytes);
        byte[] magic = "PAR1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(magic, 0, bytes, 0, 4);
        System.arraycopy(magic, 0, bytes, length - 4, 4);
        return bytes;
    }

    static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
