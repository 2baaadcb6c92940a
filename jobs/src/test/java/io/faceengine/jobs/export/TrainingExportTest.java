package io.faceengine.jobs.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faceengine.jobs.manifest.DatasetManifest;
import io.faceengine.jobs.run.CommittedRuns;
import io.faceengine.jobs.run.RunLayout;
import io.faceengine.jobs.testing.TestRuns;
import io.faceengine.pipeline.image.CropCodec;
import io.faceengine.pipeline.image.RgbImage;
import io.faceengine.pipeline.io.RunFiles;
import io.faceengine.pipeline.table.ContentIds;
import io.faceengine.pipeline.table.FaceTables;
import io.faceengine.pipeline.testing.TestData;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The export on a hand-made data root of one committed run: real crops, and the faces an export
 * cannot write (crop table gone, no crop in the table, bytes that are not a JPEG) counted with their
 * reason, never dropped silently. Restart: a partial folder a killed export left is replaced; a
 * complete export of the same version is reported, not rewritten; other content is never overwritten.
 */
class TrainingExportTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RUN = "run-1";
    private static final StructType QUALITY = new StructType().add("blur", DataTypes.FloatType, false);
    private static final StructType MANIFEST = new StructType()
            .add(FaceTables.FACE_ID, DataTypes.StringType, false).add("identity_id", DataTypes.StringType, false)
            .add("cluster_id", DataTypes.StringType, false).add(FaceTables.SET_ID, DataTypes.StringType, false)
            .add(DatasetManifest.LABEL_MODEL_VERSION, DataTypes.StringType, false)
            .add(FaceTables.IMAGE_ID, DataTypes.StringType, false).add(FaceTables.RUN_ID, DataTypes.StringType, false)
            .add(FaceTables.DET_SCORE, DataTypes.FloatType, false).add(FaceTables.QUALITY, QUALITY, false)
            .add(FaceTables.MODEL_VERSION, DataTypes.StringType, false).add(DatasetManifest.CROP_TABLE, DataTypes.StringType, false)
            .add(DatasetManifest.HARD_EXAMPLE, DataTypes.BooleanType, false).add(DatasetManifest.SPLIT, DataTypes.StringType, false)
            .add(DatasetManifest.OUTLIER, DataTypes.BooleanType, false);
    private static final StructType FACES = new StructType()
            .add(FaceTables.FACE_ID, DataTypes.StringType, false).add(FaceTables.CROP_JPEG, DataTypes.BinaryType, true);

    @TempDir
    static Path dir;
    static SparkSession spark;
    static Path root;
    static final Map<String, byte[]> crops = new TreeMap<>();
    static final Map<String, String> missing = new TreeMap<>();
    static String outlier;

    @BeforeAll
    static void writeDataRoot() throws IOException {
        spark = TestRuns.session();
        root = dir.resolve("data");
        String table = new RunLayout(root.toString(), RUN).stepOutput("faces").toString();
        String goneTable = new RunLayout(root.toString(), "run-0").stepOutput("faces").toString();
        List<Row> manifest = new ArrayList<>();
        List<Row> faces = new ArrayList<>();
        String[][] people = {{"Ari_Fleischer", "id-00aa", "train"}, {"Serena_Williams", "odd id/2", "val"}};
        for (String[] person : people) {
            for (int i = 1; i <= 4; i++) {
                Path file = TestData.lfwImage(person[0], i);
                String imageId = ContentIds.sha256Hex(Files.readAllBytes(file));
                String faceId = ContentIds.faceId(imageId, 0);
                byte[] crop = centreCrop(file);
                String cropTable = table;
                boolean isOutlier = false;
                if (i == 2 && person[2].equals("train")) {
                    cropTable = goneTable;
                    missing.put(faceId, "CROP_TABLE_MISSING");
                } else if (i == 3 && person[2].equals("train")) {
                    faces.add(RowFactory.create(faceId, "not a jpeg".getBytes(StandardCharsets.UTF_8)));
                    missing.put(faceId, "NOT_A_JPEG");
                } else if (i == 2) {
                    missing.put(faceId, "CROP_NOT_IN_TABLE");
                } else {
                    faces.add(RowFactory.create(faceId, crop));
                    isOutlier = i == 4 && person[2].equals("val");
                    if (isOutlier) {
                        outlier = faceId;
                    } else {
                        crops.put(faceId, crop);
                    }
                }
                manifest.add(RowFactory.create(faceId, person[1], "c-" + person[0], "album", "mobilefacenet@x+adapter-v2", imageId,
                        RUN, 0.99f, RowFactory.create(0.5f), "mobilefacenet@x", cropTable, i == 1, person[2], isOutlier));
            }
        }
        RunLayout run = new RunLayout(root.toString(), RUN);
        org.apache.hadoop.fs.Path manifestFolder = run.stepOutput(DatasetManifest.FOLDER);
        spark.createDataFrame(manifest, MANIFEST).coalesce(1).write()
                .parquet(new org.apache.hadoop.fs.Path(manifestFolder, DatasetManifest.FACES).toString());
        spark.createDataFrame(faces, FACES).write().parquet(table);
        new RunFiles(new Configuration()).write(new org.apache.hadoop.fs.Path(manifestFolder, DatasetManifest.SUMMARY),
                "{\"version\": 1, \"runId\": \"" + RUN + "\"}");
        new CommittedRuns(root.toString(), new Configuration()).commit(RUN);
    }

    private static byte[] centreCrop(Path file) throws IOException {
        BufferedImage image = ImageIO.read(file.toFile());
        int x = (image.getWidth() - 112) / 2, y = (image.getHeight() - 112) / 2;
        return CropCodec.encode(RgbImage.fromBufferedImage(image.getSubimage(x, y, 112, 112)), 0.9f);
    }

    private static TrainingExport.Options all() {
        return new TrainingExport.Options(null, TrainingExport.Split.ALL, false);
    }

    @Test
    void writesEveryCropAndCountsEveryFaceItCouldNotWrite() throws Exception {
        Path out = dir.resolve("export-all");
        TrainingExport.Result result = TrainingExport.run(spark, root.toString(), out, all());
        assertFalse(result.existing());
        JsonNode report = JSON.readTree(Files.readString(out.resolve(TrainingLayout.EXPORT_JSON)));
        assertEquals(report, result.report());
        assertEquals(1, report.get("manifestVersion").asInt());
        assertEquals(crops.size(), report.get("faces").asInt());
        assertEquals(2, report.get("classes").asInt());
        assertEquals(missing.size(), report.get("missing").get("faces").asInt());
        assertEquals(8, report.get("manifestFaces").asInt());
        assertEquals(0, report.get("leftOut").get("otherSplit").asInt());
        assertEquals(1, report.get("leftOut").get("outliers").asInt());
        Map<String, String> reasons = new TreeMap<>();
        report.get("missing").get("list").forEach(m -> reasons.put(m.get("face_id").asText(), m.get("reason").asText()));
        assertEquals(missing, reasons);
        assertEquals(crops.size(), report.get("labelModelVersions").get("mobilefacenet@x+adapter-v2").asInt());

        List<String> list = Files.readAllLines(out.resolve(TrainingLayout.LIST));
        List<String> jsonl = Files.readAllLines(out.resolve(TrainingLayout.FACES_JSONL));
        assertEquals(crops.size(), list.size());
        assertEquals(crops.size(), jsonl.size());
        for (int i = 0; i < list.size(); i++) {
            JsonNode face = JSON.readTree(jsonl.get(i));
            String[] fields = list.get(i).split("\t");
            assertEquals(face.get("image").asText(), fields[0], "the list and the JSONL agree line by line");
            assertEquals(face.get("class_index").asInt(), Integer.parseInt(fields[1]));
            assertArrayEquals(crops.get(face.get("face_id").asText()), Files.readAllBytes(out.resolve(fields[0])));
            assertEquals(face.get("identity_id").asText().equals("id-00aa") ? 0 : 1, face.get("class_index").asInt(),
                    "classes in label order: 'id-00aa' before 'odd_id_2-…'");
            assertEquals(0.5, face.get("quality").get("blur").asDouble(), 1e-6);
        }
        assertTrue(list.stream().noneMatch(l -> l.contains(outlier.replace(':', '_'))), "outliers are left out by default");
        try (var leftovers = Files.list(dir)) {
            assertTrue(leftovers.noneMatch(p -> p.getFileName().toString().endsWith(".partial")), "no partial folder stays");
        }
    }

    @Test
    void aKilledExportIsRedoneAndACompleteOneIsLeftAsItWas() throws Exception {
        Path out = dir.resolve("export-train");
        Path partial = dir.resolve(".export-train.partial");
        Files.createDirectories(partial.resolve("images").resolve("id-00aa"));
        Files.writeString(partial.resolve(TrainingLayout.LIST), "half a list");
        TrainingExport.Options train = new TrainingExport.Options(1, TrainingExport.Split.TRAIN, true);
        TrainingExport.Result first = TrainingExport.run(spark, root.toString(), out, train);
        assertFalse(Files.exists(partial));
        List<String> list = Files.readAllLines(out.resolve(TrainingLayout.LIST));
        assertEquals(2, list.size(), "the two train faces with a good crop: " + list);
        assertEquals(1, first.report().get("classes").asInt());
        assertEquals(4, first.report().get("leftOut").get("otherSplit").asInt());
        assertEquals(0, first.report().get("leftOut").get("outliers").asInt(), "outliers included");

        String exportJson = Files.readString(out.resolve(TrainingLayout.EXPORT_JSON));
        TrainingExport.Result again = TrainingExport.run(spark, root.toString(), out, train);
        assertTrue(again.existing());
        assertEquals(exportJson, Files.readString(out.resolve(TrainingLayout.EXPORT_JSON)), "not rewritten");

        IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
                () -> TrainingExport.run(spark, root.toString(), out, all()), "another selection into the same folder is refused");
        // The default export names the version it chose, and what the folder holds.
        assertTrue(other.getMessage().startsWith("not writing manifest version 1 (split all, outliers left out) (the latest) into "),
                other.getMessage());
        assertTrue(other.getMessage().contains("it holds an export of manifest version 1 (split train, outliers included)"),
                other.getMessage());
        Path busy = Files.createDirectories(dir.resolve("busy"));
        Files.writeString(busy.resolve("notes.txt"), "someone's file");
        IllegalArgumentException notEmpty = assertThrows(IllegalArgumentException.class,
                () -> TrainingExport.run(spark, root.toString(), busy, all()));
        assertTrue(notEmpty.getMessage().startsWith("not writing manifest version 1 (split all, outliers left out) (the latest)"),
                notEmpty.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TrainingExport.run(spark, root.toString(), dir.resolve("v9"),
                new TrainingExport.Options(9, TrainingExport.Split.ALL, false)));
    }
}
