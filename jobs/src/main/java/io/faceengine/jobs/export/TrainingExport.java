package io.faceengine.jobs.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.faceengine.clustering.stage.IdentityTables;
import io.faceengine.jobs.manifest.DatasetManifest;
import io.faceengine.jobs.run.RunLayout;
import io.faceengine.jobs.run.TableCatalog;
import io.faceengine.pipeline.io.FileTrees;
import io.faceengine.pipeline.io.RunFiles;
import io.faceengine.pipeline.io.RunJson;
import io.faceengine.pipeline.table.ContentIds;
import io.faceengine.pipeline.table.FaceTables;
import io.faceengine.training.retrain.ManifestFaces;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

/**
 * Writes a committed dataset manifest as a common training layout for full-network retraining
 * elsewhere ({@link TrainingLayout}): the aligned crops one folder per identity, {@code list.txt},
 * {@code faces.jsonl} and {@code export.json}. The crops are read from the faces tables the manifest
 * names ({@code crop_table}), which hold every face's crop; the review API's archives hold only the
 * faces each run clustered. Everything is written into a hidden sibling folder that is renamed into
 * place at the end, so a killed export never leaves a folder that looks complete.
 */
public final class TrainingExport {
    /** Which of the manifest's faces to export. */
    public enum Split {
        TRAIN, VAL, ALL;

        String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public record Options(Integer manifestVersion, Split split, boolean includeOutliers) {
        public Options {
            Objects.requireNonNull(split, "split");
        }
    }

    /** The export folder and its {@code export.json}; {@code existing} when a complete export was found there. */
    public record Result(Path folder, JsonNode report, boolean existing) {
    }

    /** Why a manifest face has no crop in the export. */
    enum MissingReason {
        /** The faces table the manifest names is gone. */
        CROP_TABLE_MISSING,
        /** The faces table has no row, or no crop, for the face. */
        CROP_NOT_IN_TABLE,
        /** The stored bytes do not start like a JPEG. */
        NOT_A_JPEG
    }

    private static final String CROP = "crop";
    private static final String MISSING = "missing_reason";
    private static final String QUALITY_JSON = "quality_json";
    private static final byte[] JPEG_START = {(byte) 0xFF, (byte) 0xD8};
    private static final int FORMAT = 1;

    private TrainingExport() {
    }

    public static Result run(SparkSession spark, String dataRoot, Path out, Options options) throws IOException {
        List<JsonNode> manifests = DatasetManifest.committed(spark, dataRoot);
        if (manifests.isEmpty()) {
            throw new IllegalArgumentException("no committed dataset manifest under " + dataRoot
                    + ": a run that labels faces publishes one");
        }
        JsonNode summary = options.manifestVersion() == null ? manifests.get(manifests.size() - 1)
                : manifests.stream().filter(m -> m.path("version").asInt() == options.manifestVersion()).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no committed manifest version " + options.manifestVersion()
                        + " under " + dataRoot + "; committed: " + manifests.stream().map(m -> m.path("version").asText()).toList()));
        int version = summary.path("version").asInt();
        Path folder = out.toAbsolutePath().normalize();
        JsonNode existing = existingExport(folder, version, options);
        if (existing != null) {
            return new Result(folder, existing, true);
        }
        Path partial = folder.resolveSibling("." + folder.getFileName() + ".partial");
        FileTrees.deleteRecursively(partial); // what a killed export left
        Files.createDirectories(partial);

        String runId = summary.path("runId").asText();
        Dataset<Row> faces = exportedFaces(spark, dataRoot, runId, options).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            Map<String, Object> report = write(faces, partial, options);
            Map<String, Object> header = new LinkedHashMap<>();
            header.put("format", FORMAT);
            header.put("manifestVersion", version);
            header.put("manifestRunId", runId);
            header.put("split", options.split().value());
            header.put("includeOutliers", options.includeOutliers());
            header.put("createdAt", Instant.now().toString());
            header.putAll(leftOut(spark, dataRoot, runId, options));
            header.putAll(report);
            Files.writeString(partial.resolve(TrainingLayout.EXPORT_JSON), RunJson.write(header));
        } finally {
            faces.unpersist();
        }
        if (Files.isDirectory(folder)) {
            Files.delete(folder); // empty: existingExport refused anything else
        }
        Files.createDirectories(folder.getParent());
        Files.move(partial, folder, StandardCopyOption.ATOMIC_MOVE);
        return new Result(folder, RunJson.MAPPER.readTree(folder.resolve(TrainingLayout.EXPORT_JSON).toFile()), false);
    }

    /**
     * The complete export of the same version and options in the folder, or null when the folder is
     * free (absent or empty). Anything else there is refused rather than overwritten.
     */
    /** Names what was about to be written, so a refused default export says which version it chose. */
    private static String refusal(Path folder, int version, Options options) {
        return "not writing " + selection(String.valueOf(version), options.split().value(), options.includeOutliers())
                + (options.manifestVersion() == null ? " (the latest)" : "") + " into " + folder + ": ";
    }

    private static String selection(String version, String split, boolean includeOutliers) {
        return "manifest version " + version + " (split " + split + ", outliers " + (includeOutliers ? "included" : "left out") + ")";
    }

    private static JsonNode existingExport(Path folder, int version, Options options) throws IOException {
        Path exportJson = folder.resolve(TrainingLayout.EXPORT_JSON);
        if (Files.isRegularFile(exportJson)) {
            JsonNode report = RunJson.MAPPER.readTree(exportJson.toFile());
            boolean same = report.path("manifestVersion").asInt() == version
                    && report.path("split").asText().equals(options.split().value())
                    && report.path("includeOutliers").asBoolean() == options.includeOutliers();
            if (same) {
                return report;
            }
            throw new IllegalArgumentException(refusal(folder, version, options) + "it holds an export of "
                    + selection(report.path("manifestVersion").asText(), report.path("split").asText(),
                    report.path("includeOutliers").asBoolean()) + "; choose another --out");
        }
        if (Files.exists(folder)) {
            if (!Files.isDirectory(folder)) {
                throw new IllegalArgumentException(refusal(folder, version, options) + "it is a file, not a folder");
            }
            try (Stream<Path> entries = Files.list(folder)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalArgumentException(refusal(folder, version, options)
                            + "it is not empty and holds no complete export; choose another --out");
                }
            }
        }
        return null;
    }

    /**
     * The manifest's faces to export, with their crop (or why there is none), the identity's name, the
     * source image's URI and the quality metrics as JSON.
     */
    static Dataset<Row> exportedFaces(SparkSession spark, String dataRoot, String runId, Options options) throws IOException {
        RunLayout run = new RunLayout(dataRoot, runId);
        Dataset<Row> chosen = manifestFaces(spark, run).where(inSplit(options).and(outlierKept(options)));
        if (!List.of(chosen.columns()).contains(DatasetManifest.LABEL_MODEL_VERSION)) {
            // Manifests published before the labelling model was recorded: only the backbone is known.
            chosen = chosen.withColumn(DatasetManifest.LABEL_MODEL_VERSION, col(FaceTables.MODEL_VERSION));
        }

        Configuration conf = spark.sparkContext().hadoopConfiguration();
        RunFiles files = new RunFiles(conf);
        List<String> tables = new ArrayList<>();
        for (String table : ManifestFaces.faceTables(chosen)) {
            if (files.exists(new org.apache.hadoop.fs.Path(table))) {
                tables.add(table);
            }
        }
        Dataset<Row> crops = tables.isEmpty()
                ? spark.createDataFrame(List.of(), new org.apache.spark.sql.types.StructType()
                .add(FaceTables.FACE_ID, DataTypes.StringType).add(CROP, DataTypes.BinaryType))
                : spark.read().parquet(tables.toArray(String[]::new))
                .select(col(FaceTables.FACE_ID), col(FaceTables.CROP_JPEG).as(CROP)).dropDuplicates(FaceTables.FACE_ID);
        // The registry after the manifest's run holds the names people gave.
        org.apache.hadoop.fs.Path registry = run.stepOutput(IdentityTables.IDENTITIES);
        Dataset<Row> names = files.exists(registry)
                ? spark.read().schema(IdentityTables.IDENTITY).parquet(registry.toString())
                .select(IdentityTables.IDENTITY_ID, IdentityTables.NAME)
                : spark.createDataFrame(List.of(), new org.apache.spark.sql.types.StructType()
                .add(IdentityTables.IDENTITY_ID, DataTypes.StringType).add(IdentityTables.NAME, DataTypes.StringType));
        Dataset<Row> uris = new TableCatalog(dataRoot).read(spark, "images", FaceTables.IMAGES)
                .select(FaceTables.IMAGE_ID, FaceTables.URI).dropDuplicates(FaceTables.IMAGE_ID);

        Column missing = when(not(col(DatasetManifest.CROP_TABLE).isin(tables.toArray())),
                lit(MissingReason.CROP_TABLE_MISSING.name()))
                .when(col(CROP).isNull(), lit(MissingReason.CROP_NOT_IN_TABLE.name()))
                .when(not(substring(col(CROP), 1, JPEG_START.length).equalTo(lit(JPEG_START))), lit(MissingReason.NOT_A_JPEG.name()));
        return chosen
                .join(crops, scala.jdk.javaapi.CollectionConverters.asScala(List.of(FaceTables.FACE_ID)).toSeq(), "left")
                .join(names, scala.jdk.javaapi.CollectionConverters.asScala(List.of(IdentityTables.IDENTITY_ID)).toSeq(), "left")
                .join(uris, scala.jdk.javaapi.CollectionConverters.asScala(List.of(FaceTables.IMAGE_ID)).toSeq(), "left")
                .withColumn(MISSING, missing)
                .withColumn(QUALITY_JSON, to_json(col(FaceTables.QUALITY)));
    }

    private static Dataset<Row> manifestFaces(SparkSession spark, RunLayout run) {
        return spark.read().parquet(new org.apache.hadoop.fs.Path(run.stepOutput(DatasetManifest.FOLDER),
                DatasetManifest.FACES).toString());
    }

    private static Column inSplit(Options options) {
        return options.split() == Split.ALL ? lit(true) : col(DatasetManifest.SPLIT).equalTo(options.split().value());
    }

    private static Column outlierKept(Options options) {
        return options.includeOutliers() ? lit(true) : not(col(DatasetManifest.OUTLIER));
    }

    /** How many of the manifest's faces the options leave out, and why, so none goes unaccounted for. */
    private static Map<String, Object> leftOut(SparkSession spark, String dataRoot, String runId, Options options) {
        Dataset<Row> manifest = manifestFaces(spark, new RunLayout(dataRoot, runId));
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("manifestFaces", manifest.count());
        Map<String, Long> leftOut = new LinkedHashMap<>();
        leftOut.put("otherSplit", manifest.where(not(inSplit(options))).count());
        leftOut.put("outliers", manifest.where(inSplit(options).and(not(outlierKept(options)))).count());
        counts.put("leftOut", leftOut);
        return counts;
    }

    /**
     * Writes the crops and the two lists; returns the counts for {@code export.json}. The driver writes
     * every file: the export is a local folder to copy elsewhere, which executors on other machines
     * cannot reach, and {@code toLocalIterator} holds one partition at a time in the driver's memory.
     */
    private static Map<String, Object> write(Dataset<Row> faces, Path folder, Options options) throws IOException {
        List<String> present = faces.where(col(MISSING).isNull()).select(IdentityTables.IDENTITY_ID).distinct()
                .as(Encoders.STRING()).collectAsList();
        Map<String, Integer> classes = TrainingLayout.classIndices(present);
        List<Map<String, String>> missing = new ArrayList<>();
        for (Row r : faces.where(col(MISSING).isNotNull()).orderBy(FaceTables.FACE_ID)
                .select(FaceTables.FACE_ID, IdentityTables.IDENTITY_ID, MISSING).collectAsList()) {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("face_id", r.getString(0));
            m.put("identity_id", r.getString(1));
            m.put("reason", r.getString(2));
            missing.add(m);
        }

        Map<String, Long> bySplit = new TreeMap<>();
        Map<String, Long> byLabelModel = new TreeMap<>();
        Map<String, Long> byBackbone = new TreeMap<>();
        long written = 0;
        long hard = 0;
        MessageDigest listDigest = ContentIds.sha256();
        MessageDigest jsonlDigest = ContentIds.sha256();
        try (BufferedWriter list = writer(folder.resolve(TrainingLayout.LIST), listDigest);
             BufferedWriter jsonl = writer(folder.resolve(TrainingLayout.FACES_JSONL), jsonlDigest)) {
            Iterator<Row> rows = faces.where(col(MISSING).isNull()).orderBy(IdentityTables.IDENTITY_ID, FaceTables.FACE_ID)
                    .toLocalIterator();
            while (rows.hasNext()) {
                Row r = rows.next();
                String faceId = r.getAs(FaceTables.FACE_ID);
                String identityId = r.getAs(IdentityTables.IDENTITY_ID);
                String path = TrainingLayout.imagePath(identityId, faceId);
                Path file = folder.resolve(path);
                Files.createDirectories(file.getParent());
                Files.write(file, r.<byte[]>getAs(CROP));
                int classIndex = classes.get(identityId);
                list.write(TrainingLayout.listLine(path, classIndex));
                jsonl.write(RunJson.writeCompact(jsonLine(r, path, classIndex)));
                jsonl.write('\n');
                written++;
                hard += r.<Boolean>getAs(DatasetManifest.HARD_EXAMPLE) ? 1 : 0;
                bySplit.merge(r.getAs(DatasetManifest.SPLIT), 1L, Long::sum);
                byLabelModel.merge(String.valueOf(r.<String>getAs(DatasetManifest.LABEL_MODEL_VERSION)), 1L, Long::sum);
                byBackbone.merge(String.valueOf(r.<String>getAs(FaceTables.MODEL_VERSION)), 1L, Long::sum);
            }
        }
        Map<String, Long> missingByReason = new TreeMap<>();
        missing.forEach(m -> missingByReason.merge(m.get("reason"), 1L, Long::sum));
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("faces", written);
        report.put("classes", classes.size());
        report.put("facesBySplit", bySplit);
        report.put("hardExampleFaces", hard);
        report.put("labelModelVersions", byLabelModel);
        report.put("backboneModelVersions", byBackbone);
        Map<String, Object> missingReport = new LinkedHashMap<>();
        missingReport.put("faces", (long) missing.size());
        missingReport.put("byReason", missingByReason);
        missingReport.put("list", missing);
        report.put("missing", missingReport);
        Map<String, String> sums = new TreeMap<>();
        sums.put(TrainingLayout.LIST, ContentIds.hex(listDigest));
        sums.put(TrainingLayout.FACES_JSONL, ContentIds.hex(jsonlDigest));
        report.put("files", sums);
        return report;
    }

    private static ObjectNode jsonLine(Row r, String path, int classIndex) throws IOException {
        ObjectNode line = RunJson.MAPPER.createObjectNode();
        line.put("face_id", r.<String>getAs(FaceTables.FACE_ID));
        line.put("identity_id", r.<String>getAs(IdentityTables.IDENTITY_ID));
        line.put("class_index", classIndex);
        line.put("label", TrainingLayout.label(r.getAs(IdentityTables.IDENTITY_ID)));
        line.put("name", r.<String>getAs(IdentityTables.NAME));
        line.put("image", path);
        line.put("split", r.<String>getAs(DatasetManifest.SPLIT));
        line.put("hard_example", r.<Boolean>getAs(DatasetManifest.HARD_EXAMPLE));
        line.put("outlier", r.<Boolean>getAs(DatasetManifest.OUTLIER));
        line.put("label_model_version", r.<String>getAs(DatasetManifest.LABEL_MODEL_VERSION));
        line.put("backbone_model_version", r.<String>getAs(FaceTables.MODEL_VERSION));
        line.put("set_id", r.<String>getAs(IdentityTables.SET_ID));
        line.put("cluster_id", r.<String>getAs(IdentityTables.CLUSTER_ID));
        line.put("image_id", r.<String>getAs(FaceTables.IMAGE_ID));
        line.put("source_uri", r.<String>getAs(FaceTables.URI));
        Float detScore = r.getAs(FaceTables.DET_SCORE);
        // A face given as an aligned crop has no detector score (NaN): null, not a string "NaN".
        line.put("det_score", detScore == null || detScore.isNaN() ? null : detScore);
        String quality = r.getAs(QUALITY_JSON);
        line.set("quality", quality == null ? null : RunJson.MAPPER.readTree(quality));
        return line;
    }

    private static BufferedWriter writer(Path file, MessageDigest digest) throws IOException {
        OutputStream out = new DigestOutputStream(Files.newOutputStream(file), digest);
        return new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
    }
}
