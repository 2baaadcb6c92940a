package io.faceengine.pipeline.stage;

import io.faceengine.pipeline.config.InputOptions;
import io.faceengine.pipeline.testing.LocalSpark;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class InputListingTest {
    private static SparkSession spark;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        spark = LocalSpark.session();
    }

    @Test
    void aFlatFolderOfPhotosIsOneSetNamedAfterTheFolder() throws IOException {
        Path photos = Files.createDirectories(dir.resolve("holiday-2025"));
        Files.write(photos.resolve("b.jpg"), new byte[]{1});
        Files.write(photos.resolve("a.png"), new byte[]{2});
        Files.write(photos.resolve(".thumbs.db"), new byte[]{3});

        List<Row> rows = InputListing.list(spark, List.of(photos.toString()), InputOptions.defaults()).collectAsList();

        assertEquals(List.of("holiday-2025", "holiday-2025"), rows.stream().map(r -> r.getString(0)).toList());
        assertEquals(List.of(photos.resolve("a.png").toUri().toString(), photos.resolve("b.jpg").toUri().toString()),
                rows.stream().map(r -> r.getString(1)).map(InputListingTest::normalised).toList());
    }

    @Test
    void subfoldersAreSetsAndLooseFilesBelongToTheParentsSet() throws IOException {
        Path root = Files.createDirectories(dir.resolve("input"));
        Files.createDirectories(root.resolve("set-a/nested"));
        Files.write(root.resolve("set-a/nested/one.jpg"), new byte[]{1});
        Files.write(root.resolve("loose.jpg"), new byte[]{2});

        List<Row> rows = InputListing.list(spark, List.of(root.toString()), InputOptions.defaults()).collectAsList();

        assertEquals(List.of("input", "set-a"), rows.stream().map(r -> r.getString(0)).toList());
    }

    private static String normalised(String uri) {
        return Path.of(java.net.URI.create(uri.startsWith("file:") ? uri : "file:" + uri)).toUri().toString();
    }
}
