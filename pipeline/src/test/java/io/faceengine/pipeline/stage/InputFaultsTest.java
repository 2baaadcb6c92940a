package io.faceengine.pipeline.stage;

import io.faceengine.pipeline.config.InputOptions;
import io.faceengine.pipeline.image.ImageLimits;
import io.faceengine.pipeline.testing.LocalSpark;
import io.faceengine.pipeline.testing.TestData;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.faceengine.pipeline.table.FaceTables.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Inputs that used to stop or hang a run (a ':' in a name, a link to /dev/zero, a FIFO, looping
 * and dangling links, directory links to a parent, manifest URIs pointing anywhere) each become
 * one image row with a reason, and ingest completes.
 */
class InputFaultsTest {
    @TempDir
    Path root;
    static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = LocalSpark.session();
    }

    @Test
    void oddEntriesInAFolderAreRecordedWithTheirReason() throws Exception {
        Path set = Files.createDirectories(root.resolve("photos").resolve("album"));
        Files.copy(TestData.lfwImage("Aaron_Eckhart", 1), set.resolve("good.jpg"));
        Files.copy(TestData.lfwImage("George_W_Bush", 1), set.resolve("12:30 party.jpg"));
        Files.createSymbolicLink(set.resolve("zero.jpg"), Path.of("/dev/zero"));
        mkfifo(set.resolve("pipe.jpg"));
        Files.createSymbolicLink(set.resolve("loop-a.jpg"), set.resolve("loop-b.jpg"));
        Files.createSymbolicLink(set.resolve("loop-b.jpg"), set.resolve("loop-a.jpg"));
        Files.createSymbolicLink(set.resolve("gone.jpg"), root.resolve("no-such-file.jpg"));
        Path nested = Files.createDirectories(set.resolve("nested"));
        Files.createSymbolicLink(nested.resolve("self-1"), nested);
        Files.createSymbolicLink(nested.resolve("self-2"), set);

        Map<String, Row> rows = ingest(List.of(root.resolve("photos").toString()), InputOptions.defaults());
        assertEquals("OK", status(rows, "good.jpg"));
        assertEquals("OK", status(rows, "12:30 party.jpg"), "a ':' in a file name is just a character");
        assertEquals("NOT_A_REGULAR_FILE", status(rows, "zero.jpg"));
        assertEquals("NOT_A_REGULAR_FILE", status(rows, "pipe.jpg"));
        assertEquals("SYMLINK_LOOP", status(rows, "loop-a.jpg"));
        assertEquals("SYMLINK_LOOP", status(rows, "loop-b.jpg"));
        assertEquals("DANGLING_SYMLINK", status(rows, "gone.jpg"));
        assertEquals("SYMLINK_LOOP", status(rows, "self-1"));
        assertEquals("SYMLINK_LOOP", status(rows, "self-2"));
        assertEquals(9, rows.size(), "one row per entry, nothing vanished: " + rows.keySet());
        assertTrue(rows.get("gone.jpg").<String>getAs(MESSAGE).contains("no-such-file.jpg"));
        assertEquals("album", rows.get("self-1").getAs(SET_ID));
    }

    @Test
    void aManifestMayOnlyNameAllowedSchemesUnderItsFolderOrConfiguredRoots() throws Exception {
        Path folder = Files.createDirectories(root.resolve("lists"));
        Files.copy(TestData.lfwImage("Aaron_Eckhart", 1), folder.resolve("inside.jpg"));
        Path elsewhere = Files.createDirectories(root.resolve("elsewhere"));
        Files.copy(TestData.lfwImage("George_W_Bush", 1), elsewhere.resolve("allowed-root.jpg"));
        Files.copy(TestData.lfwImage("George_W_Bush", 2), elsewhere.resolve("outside.jpg"));
        Files.createSymbolicLink(folder.resolve("zero.jpg"), Path.of("/dev/zero"));
        Path manifest = folder.resolve("m.csv");
        Files.writeString(manifest, String.join("\n", "set_id,uri",
                "s,inside.jpg",
                "s,zero.jpg",
                "s,http://127.0.0.1:9/remote.jpg",
                "s,file:/etc/passwd",
                "s,../elsewhere/outside.jpg",
                "s," + elsewhere.resolve("allowed-root.jpg").toUri()) + "\n");

        InputOptions onlyTheManifestFolder = InputOptions.defaults();
        Map<String, Row> rows = ingest(List.of(manifest.toString()), onlyTheManifestFolder);
        assertEquals("OK", status(rows, "inside.jpg"));
        assertEquals("NOT_A_REGULAR_FILE", status(rows, "zero.jpg"), "checked when read, not only when listed");
        assertEquals("URI_NOT_ALLOWED", status(rows, "remote.jpg"));
        assertEquals("URI_NOT_ALLOWED", status(rows, "passwd"));
        assertEquals("URI_NOT_ALLOWED", status(rows, "outside.jpg"), "'..' does not leave the manifest's folder");
        assertEquals("URI_NOT_ALLOWED", status(rows, "allowed-root.jpg"));
        assertTrue(rows.get("remote.jpg").<String>getAs(MESSAGE).contains("input.manifestSchemes"));

        InputOptions withRoot = new InputOptions(List.of("file"), List.of(elsewhere.toString()), false);
        Map<String, Row> allowed = ingest(List.of(manifest.toString()), withRoot);
        assertEquals("OK", status(allowed, "allowed-root.jpg"));
        assertEquals("OK", status(allowed, "outside.jpg"), "under a configured root");
        assertEquals("URI_NOT_ALLOWED", status(allowed, "passwd"));
    }

    private Map<String, Row> ingest(List<String> inputs, InputOptions options) throws IOException {
        Dataset<Row> listed = InputListing.list(spark, inputs, options);
        Dataset<Row> probed = new FileProbeStage(ImageLimits.defaults(), HadoopConf.snapshot(spark), null, 2).transform(listed);
        return new IngestStage("run-1", null).transform(probed).collectAsList().stream()
                .collect(Collectors.toMap(r -> name(r.getAs(URI)), r -> r));
    }

    private static String status(Map<String, Row> rows, String name) {
        Row row = rows.get(name);
        return row == null ? "no row for " + name + " in " + rows.keySet() : row.getAs(STATUS);
    }

    private static String name(String uri) {
        return uri.substring(uri.lastIndexOf('/') + 1);
    }

    private static void mkfifo(Path path) throws IOException, InterruptedException {
        Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor(), "mkfifo " + path);
    }
}
