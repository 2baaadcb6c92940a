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
            .add(FaceTables.CROP_JPEG, DataTypes.BinaryType, false)
            .add(FaceTables.QUALITY_PASS, DataTypes.BooleanType, false);
    private static final StructType CLUSTERS = new StructType()
            .add(IdentityTables.FACE_ID, DataTypes.StringType, false)
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
                faces.add(RowFactory.create(faceId, imageId, crop, inCluster));
                if (inCluster) {
                    clusters.add(RowFactory.create(faceId, "c-" + person));
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
