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
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.faceengine.pipeline.table.FaceTables.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * A second ingest over files an earlier run read does not open them while their size and
 * modification time are the same, and reads them again as soon as either differs.
 */
class UnchangedFilesTest {
    @TempDir
    Path input;
    static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = LocalSpark.session();
    }

    @Test
    void unchangedFilesAreNotReadAndChangedOnesAre() throws IOException {
        Path set = Files.createDirectories(input.resolve("album"));
        Path kept = copy("Aaron_Eckhart", 1, set.resolve("kept.jpg"));
        Path rewritten = copy("George_W_Bush", 1, set.resolve("rewritten.jpg"));
        Path touched = copy("George_W_Bush", 2, set.resolve("touched.jpg"));
        Path resized = copy("George_W_Bush", 3, set.resolve("resized.jpg"));

        Dataset<Row> first = probe(null);
        assertEquals(Map.of("kept.jpg", "OK", "rewritten.jpg", "OK", "touched.jpg", "OK", "resized.jpg", "OK"), statuses(first));
        Dataset<Row> known = FileProbeStage.filesRead(first, "run-1").cache();
        assertEquals(4, known.count(), "every file read is recorded for the next run");

        // Same size, same modification time, different bytes: were it read, it would hash to a new id.
        FileTime stamp = Files.getLastModifiedTime(rewritten);
        byte[] garbage = new byte[(int) Files.size(rewritten)];
        Arrays.fill(garbage, (byte) 7);
        Files.write(rewritten, garbage);
        Files.setLastModifiedTime(rewritten, stamp);
        // Same bytes, newer modification time: read again, and the hash shows it is the same image.
        Files.setLastModifiedTime(touched, FileTime.fromMillis(Files.getLastModifiedTime(touched).toMillis() + 60_000));
        // Different size: read again.
        Files.write(resized, new byte[]{1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);

        Dataset<Row> second = probe(known);
        Map<String, String> statuses = statuses(second);
        assertEquals("UNCHANGED", statuses.get("kept.jpg"));
        assertEquals("UNCHANGED", statuses.get("rewritten.jpg"),
                "not opened: same size and time is trusted (the documented limit)");
        assertEquals("OK", statuses.get("touched.jpg"), "read again because its time changed");
        assertEquals("OK", statuses.get("resized.jpg"), "trailing bytes after a JPEG still decode: read again");
        Map<String, String> firstIds = ids(first);
        Map<String, String> secondIds = ids(second);
        assertEquals(firstIds.get("kept.jpg"), secondIds.get("kept.jpg"), "the known id is reused");
        assertEquals(firstIds.get("rewritten.jpg"), secondIds.get("rewritten.jpg"), "the garbage was never hashed");
        assertEquals(firstIds.get("touched.jpg"), secondIds.get("touched.jpg"), "re-hashed to the same id");
        assertNotEquals(firstIds.get("resized.jpg"), secondIds.get("resized.jpg"), "new bytes, new id");

        Dataset<Row> images = new IngestStage("run-2", known.select(IMAGE_ID)).transform(second);
        assertEquals(List.of("resized.jpg"), images.collectAsList().stream().map(r -> name(r.getAs(URI))).toList(),
                "only the changed image is new");
        assertEquals(List.of("touched.jpg", "resized.jpg").stream().sorted().toList(),
                FileProbeStage.filesRead(second, "run-2").collectAsList().stream().map(r -> name(r.getAs(URI))).sorted().toList(),
                "the files read again are recorded with their new size and time");
    }

    @Test
    void aRerunOverUnchangedFilesLeavesNothingToProbeAndListedFaultsAreAlwaysProbed() throws IOException {
        Path set = Files.createDirectories(input.resolve("album"));
        copy("Aaron_Eckhart", 1, set.resolve("a.jpg"));
        copy("George_W_Bush", 1, set.resolve("b.jpg"));
        Dataset<Row> known = FileProbeStage.filesRead(probe(null), "run-1").cache();

        UnchangedFiles.Split again = UnchangedFiles.split(spark, listedRows(), known);
        assertEquals(2, again.listed());
        assertEquals(2, again.unchanged().size());
        assertEquals(0, again.toProbeCount(), "nothing for a Spark task to read");
        assertEquals(0, again.toProbe().count());

        copy("George_W_Bush", 2, set.resolve("c.jpg"));
        Files.createSymbolicLink(set.resolve("dangling.jpg"), input.resolve("nowhere.jpg"));
        UnchangedFiles.Split grown = UnchangedFiles.split(spark, listedRows(), known);
        assertEquals(4, grown.listed());
        assertEquals(2, grown.unchanged().size());
        assertEquals(List.of("c.jpg", "dangling.jpg"), grown.toProbe().collectAsList().stream()
                .map(r -> name(r.getAs(URI))).sorted().toList(), "the new file and the listed fault are left to the probe");
        // Driver-side rows in FileProbeStage.PROBED order: image_id, set_id, uri, …, status.
        assertEquals(Map.of("a.jpg", "UNCHANGED", "b.jpg", "UNCHANGED"), grown.unchanged().stream()
                .collect(Collectors.toMap(r -> name(r.getString(2)), r -> r.getString(8))));
        assertEquals(ids(probe(null)).get("a.jpg"), grown.unchanged().stream().filter(r -> name(r.getString(2)).equals("a.jpg"))
                .findFirst().orElseThrow().getString(0), "the id of the unchanged file is the one the first run hashed");

        assertEquals(4, UnchangedFiles.split(spark, listedRows(), null).toProbeCount(), "no earlier run: everything is probed");
    }

    private List<Row> listedRows() throws IOException {
        return InputListing.rows(spark.sparkContext().hadoopConfiguration(), List.of(input.toString()), InputOptions.defaults());
    }

    private Dataset<Row> probe(Dataset<Row> knownFiles) throws IOException {
        Dataset<Row> listed = InputListing.list(spark, List.of(input.toString()), InputOptions.defaults());
        return new FileProbeStage(ImageLimits.defaults(), HadoopConf.snapshot(spark), knownFiles, 2).transform(listed).cache();
    }

    private static Path copy(String person, int index, Path to) throws IOException {
        return Files.copy(TestData.lfwImage(person, index), to);
    }

    private static Map<String, String> statuses(Dataset<Row> probed) {
        return probed.collectAsList().stream().collect(Collectors.toMap(r -> name(r.getAs(URI)), r -> r.getAs(STATUS)));
    }

    private static Map<String, String> ids(Dataset<Row> probed) {
        return probed.collectAsList().stream().collect(Collectors.toMap(r -> name(r.getAs(URI)), r -> r.getAs(IMAGE_ID)));
    }

    private static String name(String uri) {
        return uri.substring(uri.lastIndexOf('/') + 1);
    }
}
