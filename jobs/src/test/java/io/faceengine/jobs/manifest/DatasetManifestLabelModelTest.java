package io.faceengine.jobs.manifest;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.faceengine.clustering.stage.IdentityTables;
import io.faceengine.jobs.run.CommittedRuns;
import io.faceengine.jobs.run.RunLayout;
import io.faceengine.jobs.run.TableCatalog;
import io.faceengine.jobs.testing.TestRuns;
import io.faceengine.pipeline.table.FaceTables;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The labelling model version of manifest faces on hand-made tables: a set clustered by an earlier run keeps
 * the version it was clustered with, and clusters tables written before the version was recorded count as
 * labelled by the backbone, whether or not another table has the column.
 */
class DatasetManifestLabelModelTest {
    private static final String BACKBONE = "mobilefacenet@test";
    private static final String ADAPTED = BACKBONE + "+adapter-v3";
    private static final StructType QUALITY = new StructType().add("blur", DataTypes.FloatType, false);
    private static final StructType FACES = new StructType()
            .add(FaceTables.FACE_ID, DataTypes.StringType, false).add(FaceTables.IMAGE_ID, DataTypes.StringType, false)
            .add(FaceTables.RUN_ID, DataTypes.StringType, false).add(FaceTables.DET_SCORE, DataTypes.FloatType, false)
            .add(FaceTables.QUALITY, QUALITY, false).add(FaceTables.MODEL_VERSION, DataTypes.StringType, true)
            .add(FaceTables.EMBEDDING, DataTypes.createArrayType(DataTypes.FloatType, false), true);
    /** The clusters table as runs wrote it before the labelling model was recorded. */
    private static final StructType OLD_CLUSTERS = new StructType(Arrays.stream(IdentityTables.FACE_CLUSTERS.fields())
            .filter(f -> !f.name().equals(IdentityTables.MODEL_VERSION)).toArray(StructField[]::new));

    @TempDir
    static Path dir;
    static SparkSession spark;

    @BeforeAll
    static void session() {
        spark = TestRuns.session();
    }

    @Test
    void anEarlierRunsSetKeepsItsModelAndOldTablesCountAsTheBackbone() throws Exception {
        String root = dir.resolve("mixed").toString();
        writeRun(root, "run-1", "old-set", null);
        new CommittedRuns(root, new Configuration()).commit("run-1");
        RunLayout own = writeRun(root, "run-2", "new-set", ADAPTED);
        Map<String, String> labels = publish(own, root);
        assertEquals(Map.of("old-set:0", BACKBONE, "old-set:1", BACKBONE, "new-set:0", ADAPTED, "new-set:1", ADAPTED), labels);
    }

    @Test
    void withOnlyOldTablesEveryFaceCountsAsLabelledByTheBackbone() throws Exception {
        String root = dir.resolve("old").toString();
        RunLayout own = writeRun(root, "run-1", "old-set", null);
        assertEquals(Map.of("old-set:0", BACKBONE, "old-set:1", BACKBONE), publish(own, root));
    }

    /** Publishes and returns each face's labelling model; checks the summary counts the same. */
    private static Map<String, String> publish(RunLayout own, String root) throws Exception {
        Map<String, Object> summary = DatasetManifest.publish(spark, own, new TableCatalog(root),
                JsonNodeFactory.instance.objectNode(), 0);
        Map<String, String> labels = new TreeMap<>();
        Map<String, Long> counts = new TreeMap<>();
        Map<String, Long> facesBySplit = new TreeMap<>();
        Map<String, Set<String>> identitiesBySplit = new TreeMap<>();
        long hard = 0;
        for (Row r : spark.read().parquet(new org.apache.hadoop.fs.Path(own.stepOutput(DatasetManifest.FOLDER),
                DatasetManifest.FACES).toString()).collectAsList()) {
            labels.put(r.getAs(FaceTables.FACE_ID), r.getAs(DatasetManifest.LABEL_MODEL_VERSION));
            assertEquals(BACKBONE, r.getAs(FaceTables.MODEL_VERSION), "model_version stays the backbone's");
            counts.merge(r.getAs(DatasetManifest.LABEL_MODEL_VERSION), 1L, Long::sum);
            facesBySplit.merge(r.getAs(DatasetManifest.SPLIT), 1L, Long::sum);
            identitiesBySplit.computeIfAbsent(r.getAs(DatasetManifest.SPLIT), k -> new TreeSet<>())
                    .add(r.getAs(IdentityTables.IDENTITY_ID));
            hard += r.<Boolean>getAs(DatasetManifest.HARD_EXAMPLE) ? 1 : 0;
        }
        assertEquals(counts, summary.get("labelModelVersions"));
        assertEquals(Map.of(BACKBONE, (long) labels.size()), summary.get("modelVersions"));
        // The other counts of the summary, against the rows it describes.
        assertEquals((long) labels.size(), summary.get("faces"));
        assertEquals(facesBySplit, summary.get("facesBySplit"));
        Map<String, Long> identityCounts = new TreeMap<>();
        identitiesBySplit.forEach((split, ids) -> identityCounts.put(split, (long) ids.size()));
        assertEquals(identityCounts, summary.get("identitiesBySplit"));
        assertEquals(identitiesBySplit.values().stream().flatMap(Set::stream).distinct().count(), summary.get("identities"));
        assertEquals(hard, summary.get("hardExampleFaces"));
        return labels;
    }

    /** A run that embedded and clustered two faces of one set; {@code labelModel} null: the old clusters table. */
    private static RunLayout writeRun(String root, String runId, String setId, String labelModel) {
        RunLayout run = new RunLayout(root, runId);
        List<Row> faces = new ArrayList<>();
        List<Row> clusters = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String faceId = setId + ":" + i;
            faces.add(RowFactory.create(faceId, setId + "-image-" + i, runId, 0.99f, RowFactory.create(0.5f), BACKBONE,
                    new float[]{1f, 0f}));
            List<Object> cluster = new ArrayList<>(List.of(faceId, setId + "-image-" + i, setId, setId + "-c", "id-" + setId,
                    0.9f, new String[0], true, runId));
            if (labelModel != null) {
                cluster.add(labelModel);
            }
            clusters.add(RowFactory.create(cluster.toArray()));
        }
        spark.createDataFrame(faces, FACES).write().parquet(run.stepOutput("faces").toString());
        spark.createDataFrame(clusters, labelModel == null ? OLD_CLUSTERS : IdentityTables.FACE_CLUSTERS).write()
                .parquet(run.stepOutput(IdentityTables.CLUSTERS).toString());
        spark.createDataFrame(List.of(), IdentityTables.HARD_EXAMPLE).write()
                .parquet(run.stepOutput(IdentityTables.HARD_EXAMPLES).toString());
        return run;
    }
}
