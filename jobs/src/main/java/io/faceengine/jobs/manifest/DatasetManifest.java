package io.faceengine.jobs.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import io.faceengine.clustering.stage.IdentityTables;
import io.faceengine.jobs.run.RunLayout;
import io.faceengine.jobs.run.TableCatalog;
import io.faceengine.pipeline.face.FaceOrigin;
import io.faceengine.pipeline.io.RunFiles;
import io.faceengine.pipeline.io.RunJson;
import io.faceengine.pipeline.table.FaceTables;
import io.faceengine.training.retrain.ManifestFaces;
import io.faceengine.training.retrain.Retraining;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

import java.io.IOException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.conv;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.when;

/**
 * A curated, versioned dataset: every face whose identity the engine accepted (automatically or
 * by review), over all committed runs, as Parquet plus a JSON summary. Version N is written inside
 * the run that makes it ({@code runs/<runId>/manifest/}), so it becomes visible exactly when the
 * run commits; its parent is the latest version of the committed runs before it.
 *
 * <p>Train/validation split is by identity (a hash of the identity id), so no person is in both.
 */
public final class DatasetManifest {
    public static final String FOLDER = "manifest";
    public static final String FACES = "faces";
    public static final String SUMMARY = "summary.json";

    public static final String CROP_TABLE = ManifestFaces.CROP_TABLE;
    public static final String HARD_EXAMPLE = ManifestFaces.HARD_EXAMPLE;
    public static final String SPLIT = ManifestFaces.SPLIT;
    public static final String OUTLIER = ManifestFaces.OUTLIER;
    /**
     * {@link FaceOrigin} of the face: DETECTED, or GIVEN_CROP when it was handed in as an aligned crop
     * (input.alignedCrops), so its box, landmarks and detector score are not measurements.
     */
    public static final String FACE_ORIGIN = "face_origin";
    /**
     * The embedding model the face was clustered with, so the one that produced its label: the backbone's
     * version, or {@code <backbone>+adapter-vN}. {@code model_version} stays the backbone's (what the
     * stored embeddings came from, which retraining starts from).
     */
    public static final String LABEL_MODEL_VERSION = "label_model_version";

    private DatasetManifest() {
    }

    /** The published manifest summaries of the committed runs, oldest first. */
    public static List<JsonNode> committed(SparkSession spark, String dataRoot) throws IOException {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        RunFiles files = new RunFiles(conf);
        List<JsonNode> summaries = new ArrayList<>();
        for (String runId : new TableCatalog(dataRoot).committedRunIds(spark)) {
            Path summary = new Path(new RunLayout(dataRoot, runId).stepOutput(FOLDER), SUMMARY);
            Optional<String> json = files.read(summary);
            if (json.isPresent()) {
                summaries.add(RunJson.MAPPER.readTree(json.get()));
            }
        }
        return summaries;
    }

    /**
     * Writes the next version from the committed runs' tables plus this run's (not yet committed).
     *
     * @param thresholds the settings that decided the labels, recorded for whoever trains on them
     */
    public static Map<String, Object> publish(SparkSession spark, RunLayout run, TableCatalog catalog,
                                              JsonNode thresholds, int validationPercent) throws IOException {
        List<JsonNode> previous = committed(spark, run.dataRoot().toString());
        int version = nextVersion(new RunFiles(spark.sparkContext().hadoopConfiguration()), run);

        // A set clustered again after human decisions counts as its latest run left it.
        Dataset<Row> clusters = catalog.readLatestPerSet(spark, IdentityTables.CLUSTERS, IdentityTables.SET_ID,
                run.stepOutput(IdentityTables.CLUSTERS).toString()).where(col(IdentityTables.ACCEPTED));
        if (!List.of(clusters.columns()).contains(IdentityTables.MODEL_VERSION)) {
            // Clusters tables written before the labelling model was recorded: only the backbone is known.
            clusters = clusters.withColumn(IdentityTables.MODEL_VERSION, lit(null).cast(DataTypes.StringType));
        }
        Dataset<Row> faces = facesWithLocation(spark, catalog, run);
        Dataset<Row> hard = catalog.readLatestPerSet(spark, IdentityTables.HARD_EXAMPLES, IdentityTables.SET_ID,
                run.stepOutput(IdentityTables.HARD_EXAMPLES).toString());
        Dataset<Row> hardFaces = hard.select(col(IdentityTables.FACE_A).as(FaceTables.FACE_ID))
                .union(hard.select(col(IdentityTables.FACE_B).as(FaceTables.FACE_ID))).distinct()
                .withColumn(HARD_EXAMPLE, lit(true));

        Column bucket = conv(substring(sha2(col(IdentityTables.IDENTITY_ID), 256), 1, 8), 16, 10).cast("long").mod(100);
        Dataset<Row> manifest = clusters
                .select(col(IdentityTables.FACE_ID), col(IdentityTables.IDENTITY_ID), col(IdentityTables.CLUSTER_ID),
                        col(IdentityTables.SET_ID), col(IdentityTables.FACE_FLAGS),
                        col(IdentityTables.MODEL_VERSION).as(LABEL_MODEL_VERSION))
                .join(faces, FaceTables.FACE_ID)
                .withColumn(LABEL_MODEL_VERSION, coalesce(col(LABEL_MODEL_VERSION), col(FaceTables.MODEL_VERSION)))
                .join(hardFaces, scala.jdk.javaapi.CollectionConverters.asScala(List.of(FaceTables.FACE_ID)).toSeq(), "left")
                .withColumn(HARD_EXAMPLE, col(HARD_EXAMPLE).isNotNull())
                .withColumn(SPLIT, when(bucket.lt(validationPercent), lit("val")).otherwise(lit("train")))
                .withColumn(OUTLIER, array_contains(col(IdentityTables.FACE_FLAGS), "OUTLIER"))
                // The faces table marks a given crop by its NaN detector score (FaceOrigin.ofDetScore).
                .withColumn(FACE_ORIGIN, when(isnan(col(FaceTables.DET_SCORE)), lit(FaceOrigin.GIVEN_CROP.name()))
                        .otherwise(lit(FaceOrigin.DETECTED.name())))
                .orderBy(IdentityTables.IDENTITY_ID, FaceTables.FACE_ID);

        Path folder = run.stepOutput(FOLDER);
        Path facesFolder = new Path(folder, FACES);
        manifest.coalesce(1).write().mode("overwrite").parquet(facesFolder.toString());
        Dataset<Row> written = spark.read().parquet(facesFolder.toString());

        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("version", version);
        summary.put("parentVersion", previous.isEmpty() ? null : previous.get(previous.size() - 1).path("version").asInt());
        summary.put("runId", run.runId());
        summary.put("createdAt", Instant.now().toString());
        // Two Spark jobs for all the counts (one per count cost a job each, most of a small publish).
        List<Row> faceGroups = written.groupBy(SPLIT, FaceTables.MODEL_VERSION, LABEL_MODEL_VERSION, HARD_EXAMPLE, FACE_ORIGIN)
                .count().collectAsList();
        Map<String, Long> identitiesBySplit = countsBy(
                written.select(SPLIT, IdentityTables.IDENTITY_ID).distinct(), SPLIT);
        summary.put("faces", sumOf(faceGroups, null));
        // The split is a function of the identity, so no identity is counted in two splits.
        summary.put("identities", identitiesBySplit.values().stream().mapToLong(Long::longValue).sum());
        summary.put("facesBySplit", sumsBy(faceGroups, SPLIT));
        summary.put("identitiesBySplit", identitiesBySplit);
        summary.put("hardExampleFaces", sumOf(faceGroups, HARD_EXAMPLE));
        // Detected, or handed in as aligned crops (input.alignedCrops): then nothing was detected.
        summary.put("facesByOrigin", sumsBy(faceGroups, FACE_ORIGIN));
        // Faces by the backbone their stored embeddings came from, and by the model that labelled them.
        summary.put("modelVersions", sumsBy(faceGroups, FaceTables.MODEL_VERSION));
        summary.put("labelModelVersions", sumsBy(faceGroups, LABEL_MODEL_VERSION));
        summary.put("validationPercent", validationPercent);
        summary.put("thresholds", thresholds);
        summary.put("files", checksums(spark.sparkContext().hadoopConfiguration(), facesFolder));
        new RunFiles(spark.sparkContext().hadoopConfiguration()).write(new Path(folder, SUMMARY), RunJson.write(summary));
        return summary;
    }

    /**
     * One more than the highest version any other run under the data root wrote, committed or not: a run
     * that failed after publishing may still commit after later runs, and a version is served as immutable,
     * so a number once written is never given to other content.
     */
    static int nextVersion(RunFiles files, RunLayout run) throws IOException {
        int highest = 0;
        Path pattern = new Path(new Path(new Path(run.dataRoot(), RunLayout.RUNS), "*"), FOLDER + "/" + SUMMARY);
        for (Path summary : files.glob(pattern)) {
            if (!summary.getParent().getParent().getName().equals(run.runId())) {
                highest = Math.max(highest, RunJson.MAPPER.readTree(files.read(summary).orElseThrow()).path("version").asInt());
            }
        }
        return highest + 1;
    }

    /** What retraining reads of a published manifest: its summary and where its faces table is. */
    public static Retraining.ManifestSource trainingSource(String dataRoot, JsonNode summary) {
        String runId = summary.path("runId").asText();
        return Retraining.ManifestSource.of(summary,
                new Path(new RunLayout(dataRoot, runId).stepOutput(FOLDER), FACES).toString());
    }

    /** A table of the committed runs plus this run's own, with the same columns. */
    static Dataset<Row> unionWithRun(SparkSession spark, TableCatalog catalog, RunLayout run, String table) {
        List<String> folders = new ArrayList<>(catalog.folders(spark, table));
        String own = run.stepOutput(table).toString();
        if (!folders.contains(own)) {
            folders.add(own);
        }
        return spark.read().parquet(folders.toArray(String[]::new));
    }

    /** Face quality and model version, plus where the face's aligned crop is stored. */
    private static Dataset<Row> facesWithLocation(SparkSession spark, TableCatalog catalog, RunLayout run) {
        return unionWithRun(spark, catalog, run, "faces")
                .where(col(FaceTables.EMBEDDING).isNotNull())
                .select(col(FaceTables.FACE_ID), col(FaceTables.IMAGE_ID), col(FaceTables.RUN_ID), col(FaceTables.DET_SCORE),
                        col(FaceTables.QUALITY), col(FaceTables.MODEL_VERSION))
                .withColumn(CROP_TABLE, org.apache.spark.sql.functions.concat(
                        lit(run.dataRoot().toString() + "/runs/"), col(FaceTables.RUN_ID), lit("/faces")));
    }

    private static Map<String, Long> countsBy(Dataset<Row> rows, String column) {
        Map<String, Long> counts = new TreeMap<>();
        for (Row row : rows.groupBy(column).count().collectAsList()) {
            counts.put(String.valueOf(row.get(0)), row.getLong(1));
        }
        return counts;
    }

    /** Counts of grouped rows ({@code count} last) summed by one grouping column's value. */
    private static Map<String, Long> sumsBy(List<Row> groups, String column) {
        Map<String, Long> sums = new TreeMap<>();
        for (Row group : groups) {
            sums.merge(String.valueOf(group.get(group.fieldIndex(column))), group.getLong(group.length() - 1), Long::sum);
        }
        return sums;
    }

    /** Counts of grouped rows summed over all groups, or over those whose boolean {@code flag} is true. */
    private static long sumOf(List<Row> groups, String flag) {
        long sum = 0;
        for (Row group : groups) {
            if (flag == null || group.getBoolean(group.fieldIndex(flag))) {
                sum += group.getLong(group.length() - 1);
            }
        }
        return sum;
    }

    /** SHA-256 of each data file, so a consumer can check what it downloaded. */
    private static Map<String, String> checksums(Configuration conf, Path folder) throws IOException {
        FileSystem fs = folder.getFileSystem(conf);
        Map<String, String> sums = new TreeMap<>();
        for (var status : fs.listStatus(folder)) {
            String name = status.getPath().getName();
            if (!status.isFile() || name.startsWith("_") || name.startsWith(".")) {
                continue;
            }
            try (FSDataInputStream in = fs.open(status.getPath())) {
                MessageDigest digest = io.faceengine.pipeline.table.ContentIds.sha256();
                byte[] buffer = new byte[1 << 16];
                for (int read; (read = in.read(buffer)) > 0; ) {
                    digest.update(buffer, 0, read);
                }
                sums.put(name, io.faceengine.pipeline.table.ContentIds.hex(digest));
            }
        }
        return sums;
    }
}
