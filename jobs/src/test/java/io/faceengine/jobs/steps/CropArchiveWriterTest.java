package io.faceengine.jobs.steps;

import io.faceengine.clustering.stage.IdentityTables;
import io.faceengine.jobs.run.RunLayout;
import io.faceengine.jobs.testing.TestRuns;
import io.faceengine.pipeline.image.CropCodec;
import io.faceengine.pipeline.image.RgbImage;
import io.faceengine.pipeline.table.ContentIds;
import io.faceengine.pipeline.table.CropArchives;
import io.faceengine.pipeline.table.FaceTables;
import io.faceengine.pipeline.testing.TestData;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Crop archives written from a small faces table of real LFW face crops. */
class CropArchiveWriterTest {
    private static final String RUN = "20260101-000000-c0ffee";
    private static final StructType FACES = new StructType()
            .add(FaceTables.FACE_ID, DataTypes.StringType, false)
            .add(FaceTables.IMAGE_ID, DataTypes.StringType, false)
            .add(FaceTables.SET_ID, DataTypes.StringType, false)
            .add(FaceTables.CROP_JPEG, DataTypes.BinaryType, false)
            .add(FaceTables.QUALITY_PASS, DataTypes.BooleanType, false);
    private static final StructType CLUSTERS = new StructType()
            .add(IdentityTables.FACE_ID, DataTypes.StringType, false)
            .add(IdentityTables.SET_ID, DataTypes.StringType, false)
            .add(IdentityTables.CLUSTER_ID, DataTypes.StringType, false);

    @TempDir
    static Path dir;
    static SparkSession spark;
    static RunLayout layout;
    /** The crops of the faces in the clusters table, by face id; the table also holds faces not clustered. */
    static final Map<String, byte[]> clustered = new TreeMap<>();
    static final List<String> notClustered = new ArrayList<>();

    @BeforeAll
    static void writeTables() throws IOException {
        spark = TestRuns.session();
        layout = new RunLayout(dir.toString(), RUN);
        List<Row> faces = new ArrayList<>();
        List<Row> clusters = new ArrayList<>();
        int n = 0;
        for (String person : List.of("Ari_Fleischer", "Serena_Williams")) {
            for (int i = 1; i <= 4; i++) {
                Path file = TestData.lfwImage(person, i);
                String imageId = ContentIds.sha256Hex(Files.readAllBytes(file));
                String faceId = ContentIds.faceId(imageId, 0);
                byte[] crop = centreCrop(file);
                boolean inCluster = n++ % 4 != 3;
                faces.add(RowFactory.create(faceId, imageId, "album", crop, inCluster));
                if (inCluster) {
                    clusters.add(RowFactory.create(faceId, "album", "c-" + person));
                    clustered.put(faceId, crop);
                } else {
                    notClustered.add(faceId);
                }
            }
        }
        spark.createDataFrame(faces, FACES).write().parquet(layout.stepOutput(StepTables.FACES).toString());
        spark.createDataFrame(clusters, CLUSTERS).write().parquet(layout.stepOutput(IdentityTables.CLUSTERS).toString());
    }

    /** The 112x112 centre of an LFW photo (the face), encoded as the pipeline stores crops. */
    private static byte[] centreCrop(Path file) throws IOException {
        BufferedImage image = ImageIO.read(file.toFile());
        int x = (image.getWidth() - 112) / 2, y = (image.getHeight() - 112) / 2;
        return CropCodec.encode(RgbImage.fromBufferedImage(image.getSubimage(x, y, 112, 112)), 0.9f);
    }

    @Test
    void everyClusteredFaceIsStoredOnceAndARerunWritesTheSameBytes() throws Exception {
        CropArchiveWriter.Written written = CropArchiveWriter.write(spark, layout, 4);
        assertEquals(clustered.size(), written.faces());
        assertEquals(2, written.archives(), "6 faces at 4 per archive");
        Path folder = Path.of(layout.cropArchivesDir().toString());
        assertEquals(List.of("part-00000.zip", "part-00001.zip"), fileNames(folder));

        Map<String, byte[]> read = new TreeMap<>();
        for (String name : fileNames(folder)) {
            try (ZipFile zip = new ZipFile(folder.resolve(name).toFile())) {
                for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
                    ZipEntry entry = entries.nextElement();
                    assertEquals(ZipEntry.STORED, entry.getMethod(), entry.getName());
                    String faceId = CropArchives.faceIdOf(entry.getName()).orElseThrow();
                    byte[] bytes = zip.getInputStream(entry).readAllBytes();
                    CRC32 crc = new CRC32();
                    crc.update(bytes);
                    assertEquals(crc.getValue(), entry.getCrc());
                    assertEquals(null, read.put(faceId, bytes), faceId + " is in one archive only");
                }
            }
        }
        assertEquals(clustered.keySet(), read.keySet(), "exactly the clustered faces");
        for (String faceId : clustered.keySet()) {
            assertArrayEquals(clustered.get(faceId), read.get(faceId), faceId);
            RgbImage decoded = CropCodec.decode(read.get(faceId));
            assertEquals(112, decoded.width());
        }
        assertTrue(Collections.disjoint(read.keySet(), notClustered));

        Map<String, String> before = checksums(folder);
        // What a killed earlier attempt may leave: a temporary file and an archive of another count.
        Files.write(folder.resolve(".part-00000.zip.dead-task.tmp"), new byte[]{1, 2, 3});
        Files.write(folder.resolve("part-00007.zip"), new byte[]{4, 5, 6});
        Files.write(folder.resolve("part-00000.zip"), new byte[]{7});
        assertEquals(written, CropArchiveWriter.write(spark, layout, 4));
        assertEquals(before, checksums(folder), "same archive names, same bytes");
    }

    @Test
    void facesOfASetClusteredAgainComeFromTheRunsThatDetectedThem() throws Exception {
        Path root = dir.resolve("reclustered");
        String earlier = "20260101-000000-0e0e0e", now = "20260102-000000-1a1a1a";
        List<String> ids = new ArrayList<>(clustered.keySet());
        Map<String, byte[]> expected = new TreeMap<>();
        List<Row> earlierFaces = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            // The first three in the set clustered again, the fourth in a set this run leaves alone.
            earlierFaces.add(RowFactory.create(ids.get(i), "image-" + i, i < 3 ? "album" : "other", clustered.get(ids.get(i)), true));
        }
        RunLayout before = new RunLayout(root.toString(), earlier);
        spark.createDataFrame(earlierFaces, FACES).write().parquet(before.stepOutput(StepTables.FACES).toString());
        Files.writeString(Path.of(before.committedRunsPath().toString()),
                "{\"runs\": [{\"runId\": \"" + earlier + "\", \"committedAt\": \"2026-01-01T01:00:00Z\"}]}");
        RunLayout run = new RunLayout(root.toString(), now);
        String newFace = ids.get(4);
        spark.createDataFrame(List.of(RowFactory.create(newFace, "image-4", "album", clustered.get(newFace), true)), FACES)
                .write().parquet(run.stepOutput(StepTables.FACES).toString());
        List<Row> clusters = new ArrayList<>();
        for (String id : List.of(ids.get(0), ids.get(1), newFace)) {
            clusters.add(RowFactory.create(id, "album", "c-1"));
            expected.put(id, clustered.get(id));
        }
        spark.createDataFrame(clusters, CLUSTERS).write().parquet(run.stepOutput(IdentityTables.CLUSTERS).toString());

        assertEquals(new CropArchiveWriter.Written(3, 1), CropArchiveWriter.write(spark, run, 4));
        Map<String, byte[]> read = new TreeMap<>();
        try (ZipFile zip = new ZipFile(Path.of(run.cropArchivesDir().toString()).resolve("part-00000.zip").toFile())) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                read.put(CropArchives.faceIdOf(entry.getName()).orElseThrow(), zip.getInputStream(entry).readAllBytes());
            }
        }
        assertEquals(expected.keySet(), read.keySet(), "this run's face and the earlier run's faces it clustered again");
        expected.forEach((id, bytes) -> assertArrayEquals(bytes, read.get(id), id));
    }

    private static List<String> fileNames(Path folder) throws IOException {
        try (var files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static Map<String, String> checksums(Path folder) throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (String name : fileNames(folder)) {
            out.put(name, ContentIds.sha256Hex(Files.readAllBytes(folder.resolve(name))));
        }
        assertFalse(out.isEmpty());
        return out;
    }
}
