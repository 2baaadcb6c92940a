package io.faceengine.jobs.steps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faceengine.jobs.cli.CliRun;
import io.faceengine.jobs.run.RunLayout;
import io.faceengine.jobs.run.TableCatalog;
import io.faceengine.clustering.registry.ElasticsearchConnection;
import io.faceengine.clustering.registry.ReviewQueueFilter;
import io.faceengine.clustering.stage.IdentityTables;
import io.faceengine.jobs.eval.LabelledFaceRule;
import io.faceengine.jobs.eval.LabelledFaces;
import io.faceengine.jobs.manifest.DatasetManifest;
import io.faceengine.jobs.testing.TestIndices;
import io.faceengine.jobs.testing.TestRuns;
import io.faceengine.pipeline.eval.LabelsFile;
import io.faceengine.pipeline.table.FaceTables;
import io.faceengine.pipeline.testing.TestData;
import io.faceengine.pipeline.testing.TestModelFiles;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whole runs with the real steps, real models, real images (good and bad) and the real
 * Elasticsearch: an uninterrupted run; a run killed on an executor in the middle of the embed step
 * and restarted, which must end with the same tables and identity ids while the completed steps are
 * not run again; a second run over the same input, which must find nothing new, do no model work
 * and change no identity; and a new set added by a later run, which may only add or grow identities.
 */
class RealRunEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    static SparkSession spark;
    static Path inputs;
    static String repository;
    static Path uninterruptedRoot;
    static JsonNode uninterrupted;
    static final Map<Path, TestIndices> INDICES = new HashMap<>();

    @BeforeAll
    static void runUninterrupted() throws IOException {
        spark = TestRuns.session();
        inputs = createInputs(dir.resolve("inputs"));
        repository = TestRuns.repositoryUrl(dir);
        uninterruptedRoot = dir.resolve("uninterrupted");
        CliRun run = CliRun.of(args(uninterruptedRoot));
        assertEquals(0, run.exitCode(), run.err());
        uninterrupted = JSON.readTree(run.out());
    }

    @AfterAll
    static void removeIndicesAndCloseRepository() throws Exception {
        for (TestIndices indices : INDICES.values()) {
            indices.close();
        }
        TestRuns.closeRepository(repository);
    }

    /** Two sets of real faces (one file copied into both), a group photo, and odd or broken files. */
    static Path createInputs(Path root) throws IOException {
        Path a = Files.createDirectories(root.resolve("album-a"));
        Path b = Files.createDirectories(root.resolve("album-b"));
        Path odd = Files.createDirectories(root.resolve("odd-files"));
        for (String person : List.of("Ari_Fleischer", "Serena_Williams")) {
            for (int i = 1; i <= 3; i++) {
                Files.copy(TestData.lfwImage(person, i), a.resolve(person + "_" + i + ".jpg"));
            }
        }
        for (int i = 4; i <= 6; i++) {
            Files.copy(TestData.lfwImage("Serena_Williams", i), b.resolve("serena_" + i + ".jpg"));
        }
        Files.copy(TestData.lfwImage("Ari_Fleischer", 1), b.resolve("same-bytes-as-album-a.jpg"));
        Files.copy(TestData.multiFace().resolve("2008_001009.jpg"), b.resolve("group.jpg"));

        byte[] jpeg = Files.readAllBytes(TestData.lfwImage("Serena_Williams", 7));
        Files.write(odd.resolve("truncated.jpg"), java.util.Arrays.copyOf(jpeg, jpeg.length / 2));
        Files.writeString(odd.resolve("readme.jpg"), "a text file with an image name");
        Files.write(odd.resolve("zero-bytes.jpg"), new byte[0]);
        Files.copy(TestData.multiFace().resolve("dogs.jpg"), odd.resolve("too-many-pixels.jpg"));
        try (InputStream cmyk = RealRunEndToEndTest.class.getResourceAsStream("/images/quadrants-cmyk.jpg")) {
            Files.copy(cmyk, odd.resolve("cmyk-no-face.jpg"));
        }
        BufferedImage colour = ImageIO.read(TestData.lfwImage("Serena_Williams", 8).toFile());
        BufferedImage grey = new BufferedImage(colour.getWidth(), colour.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        grey.getGraphics().drawImage(colour, 0, 0, null);
        ImageIO.write(grey, "jpeg", odd.resolve("greyscale-face.jpg").toFile());
        return root;
    }

    static String[] args(Path dataRoot, String... extra) {
        List<String> args = new ArrayList<>(List.of("run", "--input", inputs.toString(), "--data-root", dataRoot.toString(),
                "--set", "run.jobRepository.url=" + repository,
                "--set", "models.directory=" + TestModelFiles.directory(),
                // dogs.jpg (900x916) is over this limit; every other input is under it.
                "--set", "image.maxPixels=500000"));
        // Each data root has its own registry and review queue, as separate deployments would.
        args.addAll(INDICES.computeIfAbsent(dataRoot, r -> TestIndices.create(r.getFileName().toString())).runOptions());
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    private static Map<String, Row> imagesByName(Path root) {
        return new TableCatalog(root.toString()).read(spark, "images", FaceTables.IMAGES).collectAsList().stream()
                .collect(Collectors.toMap(r -> Path.of(java.net.URI.create(r.<String>getAs(FaceTables.URI))).getFileName().toString(),
                        r -> r));
    }

    @Test
    void everyInputIsRecordedWithItsStatusAndTheRunCompletes() {
        Map<String, Row> images = imagesByName(uninterruptedRoot);
        assertEquals(16, images.size(), "17 files, two with the same bytes: " + images.keySet());
        assertEquals("CORRUPT", images.get("truncated.jpg").getAs(FaceTables.STATUS));
        assertEquals("NOT_AN_IMAGE", images.get("readme.jpg").getAs(FaceTables.STATUS));
        assertEquals("EMPTY_FILE", images.get("zero-bytes.jpg").getAs(FaceTables.STATUS));
        assertEquals("TOO_MANY_PIXELS", images.get("too-many-pixels.jpg").getAs(FaceTables.STATUS));
        for (String bad : List.of("truncated.jpg", "readme.jpg", "zero-bytes.jpg", "too-many-pixels.jpg")) {
            assertNotNull(images.get(bad).getAs(FaceTables.MESSAGE), bad + " has an explanation");
        }
        assertEquals("OK", images.get("cmyk-no-face.jpg").getAs(FaceTables.STATUS));
        assertEquals(0, (int) images.get("cmyk-no-face.jpg").<Integer>getAs(FaceTables.FACE_COUNT));
        assertEquals(1, (int) images.get("greyscale-face.jpg").<Integer>getAs(FaceTables.FACE_COUNT));
        assertEquals(2, (int) images.get("group.jpg").<Integer>getAs(FaceTables.FACE_COUNT));
        Row ari = images.containsKey("Ari_Fleischer_1.jpg") ? images.get("Ari_Fleischer_1.jpg") : images.get("same-bytes-as-album-a.jpg");
        assertEquals(1, ari.getList(ari.fieldIndex(FaceTables.DUPLICATES)).size(), "the copy is listed, not processed twice");

        Dataset<Row> faces = new TableCatalog(uninterruptedRoot.toString()).read(spark, "faces", faceSchema(uninterruptedRoot));
        long total = faces.count();
        assertEquals(faces.select(FaceTables.FACE_ID).distinct().count(), total, "face ids are unique");
        assertTrue(total >= 12, "11 portraits, a greyscale portrait and a group photo: " + total);
        assertEquals(faces.filter(col(FaceTables.QUALITY_PASS)).count(),
                faces.filter(col(FaceTables.QUALITY_PASS).and(col(FaceTables.EMBEDDING).isNotNull())).count(),
                "every face that passed quality has an embedding");
    }

    @Test
    void aRunKilledInsideEmbedRestartsFromEmbedAndEndsWithTheSameTables() throws Exception {
        Path root = dir.resolve("interrupted");
        CliRun failed = CliRun.of(args(root, "--set", "testing.failOnceInStep=embed"));
        assertEquals(1, failed.exitCode(), failed.out());
        assertTrue(failed.err().contains("FAILED in step embed"), failed.err());
        assertTrue(new TableCatalog(root.toString()).committedRunIds(spark).isEmpty(), "a failed run is not visible");
        String runId = runIdOf(root);
        RunLayout layout = new RunLayout(root.toString(), runId);
        Map<String, String> before = new java.util.HashMap<>();
        for (String step : List.of("ingest", "detect", "quality")) {
            before.put(step, Files.readString(Path.of(layout.stepStatsPath(step).toString())));
        }
        assertTrue(Files.notExists(Path.of(layout.stepStatsPath("embed").toString())), "embed did not complete");

        CliRun restarted = CliRun.of("restart", String.valueOf(TestRuns.failedExecutionId(failed)),
                "--set", "run.jobRepository.url=" + repository);
        assertEquals(0, restarted.exitCode(), restarted.err());
        for (String step : before.keySet()) {
            assertEquals(before.get(step), Files.readString(Path.of(layout.stepStatsPath(step).toString())),
                    step + " completed before the crash and was not run again");
        }
        TableCatalog reference = new TableCatalog(uninterruptedRoot.toString());
        TableCatalog actual = new TableCatalog(root.toString());
        assertEquals(List.of(runId), actual.committedRunIds(spark));
        assertEquals(TestRuns.contentOf(reference.read(spark, "images", FaceTables.IMAGES)),
                TestRuns.contentOf(actual.read(spark, "images", FaceTables.IMAGES)));
        List<String> expectedFaces = TestRuns.contentOf(reference.read(spark, "faces", faceSchema(uninterruptedRoot)));
        assertEquals(expectedFaces, TestRuns.contentOf(actual.read(spark, "faces", faceSchema(root))),
                "same faces, same ids, same embeddings, no duplicates");
        assertEquals(TestRuns.contentOf(reference.read(spark, IdentityTables.CLUSTERS, IdentityTables.FACE_CLUSTERS)),
                TestRuns.contentOf(actual.read(spark, IdentityTables.CLUSTERS, IdentityTables.FACE_CLUSTERS)),
                "the same input gives the same clusters and identity ids");
        assertEquals(identityContent(uninterruptedRoot), identityContent(root));
    }

    @Test
    void facesBecomeIdentitiesAcrossSetsAndThePublishedStateMatchesTheTables() throws Exception {
        Map<String, Set<String>> identities = identitiesOfPeople(uninterruptedRoot);
        assertEquals(1, identities.get("Serena_Williams").size(), "Serena's faces from both albums are one identity: " + identities);
        assertEquals(1, identities.get("Ari_Fleischer").size(), identities.toString());
        assertTrue(java.util.Collections.disjoint(identities.get("Serena_Williams"), identities.get("Ari_Fleischer")));

        TableCatalog catalog = new TableCatalog(uninterruptedRoot.toString());
        Dataset<Row> clusters = catalog.read(spark, IdentityTables.CLUSTERS, IdentityTables.FACE_CLUSTERS);
        Dataset<Row> faces = catalog.read(spark, "faces", faceSchema(uninterruptedRoot));
        assertEquals(faces.filter(col(FaceTables.QUALITY_PASS).and(col(FaceTables.EMBEDDING).isNotNull())).count(),
                clusters.count(), "every usable face is clustered");
        for (Row group : clusters.groupBy(IdentityTables.IMAGE_ID).agg(
                org.apache.spark.sql.functions.count("*").as("n"),
                org.apache.spark.sql.functions.countDistinct(IdentityTables.IDENTITY_ID).as("ids")).collectAsList()) {
            assertEquals(group.getLong(1), group.getLong(2), "two faces of one photo are never one identity");
        }

        Set<String> clusteredIds = clusters.select(IdentityTables.FACE_ID).as(org.apache.spark.sql.Encoders.STRING())
                .collectAsList().stream().collect(Collectors.toSet());
        assertEquals(clusteredIds, croppedFaceIds(uninterruptedRoot), "the review API can serve every clustered face's crop");

        List<Row> registry = catalog.read(spark, IdentityTables.IDENTITIES, IdentityTables.IDENTITY).collectAsList();
        assertEquals(clusters.select(IdentityTables.IDENTITY_ID).distinct().count(), registry.size());
        long reviewRows = catalog.read(spark, IdentityTables.REVIEW_ITEMS, IdentityTables.REVIEW_ITEM).count();
        try (ElasticsearchConnection es = INDICES.get(uninterruptedRoot).connect()) {
            assertEquals(registry.size(), es.identityRegistry().count(), "the registry index mirrors the table");
            assertEquals(reviewRows, es.reviewQueue().count(ReviewQueueFilter.any()), "every review item is queued");
        }

        List<JsonNode> manifests = DatasetManifest.committed(spark, uninterruptedRoot.toString());
        assertEquals(1, manifests.size());
        JsonNode manifest = manifests.get(0);
        assertEquals(1, manifest.get("version").asInt());
        assertEquals(clusters.filter(col(IdentityTables.ACCEPTED)).count(), manifest.get("faces").asLong(),
                "the manifest lists exactly the accepted faces");
        assertTrue(manifest.get("files").size() > 0, "data files carry checksums");
    }

    @Test
    void theManifestNamesTheModelThatLabelledEachFaceAndExportsAsATrainingLayout() throws Exception {
        JsonNode summary = DatasetManifest.committed(spark, uninterruptedRoot.toString()).get(0);
        Dataset<Row> manifest = spark.read().parquet(new RunLayout(uninterruptedRoot.toString(), summary.get("runId").asText())
                .stepOutput(DatasetManifest.FOLDER) + "/" + DatasetManifest.FACES);
        Map<String, Row> manifestFaces = new TreeMap<>();
        manifest.collectAsList().forEach(r -> manifestFaces.put(r.getAs(FaceTables.FACE_ID), r));
        assertTrue(manifestFaces.size() >= 6, "accepted faces to export: " + manifestFaces.size());
        for (Row face : manifestFaces.values()) {
            String backbone = face.getAs(FaceTables.MODEL_VERSION);
            assertTrue(backbone.startsWith("mobilefacenet@"), backbone);
            assertEquals(backbone, face.getAs(DatasetManifest.LABEL_MODEL_VERSION), "no adapter promoted: the backbone labelled it");
        }
        assertEquals(summary.get("faces"), summary.get("labelModelVersions").elements().next(), "one labelling model, every face");

        Path out = dir.resolve("training-export");
        CliRun export = CliRun.of("export", "--data-root", uninterruptedRoot.toString(), "--out", out.toString());
        assertEquals(0, export.exitCode(), export.err());
        JsonNode report = JSON.readTree(export.out());
        assertEquals(JSON.readTree(Files.readString(out.resolve("export.json"))), report, "what it prints is what it wrote");
        assertEquals(summary.get("version").asInt(), report.get("manifestVersion").asInt());
        assertEquals(0, report.get("missing").get("faces").asInt(), "every crop is stored");
        Set<String> expected = manifestFaces.values().stream().filter(r -> !r.<Boolean>getAs(DatasetManifest.OUTLIER))
                .map(r -> r.<String>getAs(FaceTables.FACE_ID)).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(expected.size(), report.get("faces").asInt(), "the manifest's faces but its outliers");
        assertEquals(manifestFaces.size(), report.get("manifestFaces").asInt());
        assertEquals(manifestFaces.size() - expected.size(), report.get("leftOut").get("outliers").asInt());

        List<String> list = Files.readAllLines(out.resolve("list.txt"));
        List<String> jsonl = Files.readAllLines(out.resolve("faces.jsonl"));
        assertEquals(list.size(), jsonl.size());
        Map<String, Integer> classOfIdentity = new HashMap<>();
        Map<Integer, String> identityOfClass = new HashMap<>();
        Set<String> exported = new TreeSet<>();
        for (int i = 0; i < list.size(); i++) {
            String[] line = list.get(i).split("\t");
            JsonNode face = JSON.readTree(jsonl.get(i));
            assertEquals(face.get("image").asText(), line[0], "list and JSONL agree line by line");
            int classIndex = Integer.parseInt(line[1]);
            assertEquals(classIndex, face.get("class_index").asInt());
            String identity = face.get("identity_id").asText();
            assertEquals(classIndex, (int) classOfIdentity.computeIfAbsent(identity, k -> classIndex), "one class per identity");
            assertEquals(identity, identityOfClass.computeIfAbsent(classIndex, k -> identity), "one identity per class");
            assertTrue(line[0].startsWith("images/" + identity + "/"), line[0]);
            BufferedImage crop = ImageIO.read(out.resolve(line[0]).toFile());
            assertNotNull(crop, line[0] + " is a decodable JPEG");
            assertEquals(112, crop.getWidth());
            Row source = manifestFaces.get(face.get("face_id").asText());
            assertEquals(source.getAs(IdentityTables.IDENTITY_ID), identity);
            assertEquals(source.getAs(DatasetManifest.LABEL_MODEL_VERSION), face.get("label_model_version").asText());
            assertEquals(source.getAs(DatasetManifest.SPLIT), face.get("split").asText());
            assertTrue(face.get("source_uri").asText().endsWith(".jpg"), face.toString());
            exported.add(face.get("face_id").asText());
        }
        assertEquals(expected, exported);
        assertEquals(new TreeSet<>(identityOfClass.keySet()), new TreeSet<>(java.util.stream.IntStream
                .range(0, report.get("classes").asInt()).boxed().toList()), "classes 0..C-1");

        CliRun again = CliRun.of("export", "--data-root", uninterruptedRoot.toString(), "--out", out.toString());
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.err().contains("already exported"), again.err());
    }

    @Test
    void evaluateScoresTheRunAgainstLabelsAndWritesJsonAndHtml() throws Exception {
        identitiesOfPeople(uninterruptedRoot); // writes the labels file of the test's portraits
        Path labels = dir.resolve("labels-" + uninterruptedRoot.getFileName() + ".csv");
        Path reports = dir.resolve("evaluation");
        CliRun evaluate = CliRun.of("evaluate", "--labels", labels.toString(), "--root", "/", "--data-root",
                uninterruptedRoot.toString(), "--report-dir", reports.toString(), "--sweep", "0.5,0.61,0.7");
        assertEquals(0, evaluate.exitCode(), evaluate.err());
        JsonNode report = JSON.readTree(Files.readString(reports.resolve("report.json")));
        assertEquals(2, report.get("identitiesTrue").asInt());
        assertEquals(2, report.get("identitiesFound").asInt(), "Ari and Serena, each one identity");
        assertEquals(1.0, report.get("identities").get("bcubedF1").asDouble(), 1e-9);
        assertEquals(3, report.get("thresholdSweep").get("points").size());
        String html = Files.readString(reports.resolve("report.html"));
        assertTrue(html.contains("<svg") && html.contains("BCubed"), "the page has its tables and plots");
    }

    @Test
    void aLaterRunWithANewSetOnlyAddsOrGrowsIdentities() throws Exception {
        Path root = dir.resolve("growing");
        Path first = Files.createDirectories(dir.resolve("growing-inputs-1").resolve("album-a"));
        Path second = Files.createDirectories(dir.resolve("growing-inputs-2").resolve("album-b"));
        try (var files = Files.list(inputs.resolve("album-a"))) {
            for (Path f : files.toList()) {
                Files.copy(f, first.resolve(f.getFileName()));
            }
        }
        try (var files = Files.list(inputs.resolve("album-b"))) {
            for (Path f : files.toList()) {
                Files.copy(f, second.resolve(f.getFileName()));
            }
        }
        assertEquals(0, CliRun.of(withInput(args(root), first.getParent())).exitCode());
        Map<String, Integer> before = identitySizes(root);
        Map<String, Set<String>> peopleBefore = identitiesOfPeople(root);
        CliRun later = CliRun.of(withInput(args(root), second.getParent()));
        assertEquals(0, later.exitCode(), later.err());
        Map<String, Integer> after = identitySizes(root);
        for (Map.Entry<String, Integer> identity : before.entrySet()) {
            assertTrue(after.containsKey(identity.getKey()), identity.getKey() + " keeps its id");
            assertTrue(after.get(identity.getKey()) >= identity.getValue(), identity.getKey() + " never shrinks");
        }
        assertEquals(peopleBefore.get("Serena_Williams"), identitiesOfPeople(root).get("Serena_Williams"),
                "Serena's new faces joined her existing identity");
        String serena = peopleBefore.get("Serena_Williams").iterator().next();
        assertTrue(after.get(serena) > before.get(serena), "her identity grew");
        assertEquals(2, DatasetManifest.committed(spark, root.toString()).size(), "each run published a version");
    }

    @Test
    void aSecondRunOverTheSameInputFindsNothingNewAndDoesNoModelWork() throws Exception {
        Path root = dir.resolve("twice");
        assertEquals(0, CliRun.of(args(root)).exitCode());
        CliRun second = CliRun.of(args(root));
        assertEquals(0, second.exitCode(), second.err());
        JsonNode steps = JSON.readTree(second.out()).get("steps");
        Map<String, JsonNode> counts = new java.util.HashMap<>();
        steps.forEach(s -> counts.put(s.get("step").asText(), s.get("counts")));
        assertEquals(0, counts.get("ingest").get("newImages").asLong());
        assertEquals(17, counts.get("ingest").get("alreadyProcessed").asLong(),
                "every file, including the duplicate copy, is known");
        assertEquals(17, counts.get("ingest").get("unchangedNotRead").asLong(),
                "no file the first run read is opened again: size and modification time are unchanged");
        assertEquals(0, counts.get("detect").get("images").asLong(), "nothing to detect");
        assertEquals(0, counts.get("embed").get("faces").asLong(), "nothing to embed");
        steps.forEach(s -> assertEquals(List.of("detect", "quality", "embed", "retrain").contains(s.get("step").asText()),
                s.get("skipped").asBoolean(), s.get("step").asText() + " is skipped exactly when it had nothing to work on"));
        TableCatalog catalog = new TableCatalog(root.toString());
        assertEquals(2, catalog.committedRunIds(spark).size());
        Dataset<Row> images = catalog.read(spark, "images", FaceTables.IMAGES);
        assertEquals(images.count(), images.select(FaceTables.IMAGE_ID).distinct().count(), "no image twice");
        assertNotEquals(0, images.count());
        assertEquals(0, counts.get("cluster").get("faces").asLong(), "nothing new to cluster");
        assertEquals(0, counts.get("publish").get("manifestVersion").asLong(), "no new manifest version");
        List<String> runs = catalog.committedRunIds(spark);
        assertEquals(identityContentOf(root, runs.get(0)), identityContentOf(root, runs.get(1)), "the registry did not change");
        assertTrue(Files.exists(Path.of(new RunLayout(root.toString(), runs.get(0)).stepOutput(IngestStep.PROBED).toUri().getPath())));
        assertFalse(Files.exists(Path.of(new RunLayout(root.toString(), runs.get(1)).stepOutput(IngestStep.PROBED).toUri().getPath())),
                "every file was unchanged, so no Spark task probed any");
    }

    /** The face ids in the committed run's crop archives, each checked to be a readable 112x112 JPEG. */
    private static Set<String> croppedFaceIds(Path root) throws IOException {
        String runId = new TableCatalog(root.toString()).committedRunIds(spark).get(0);
        Path folder = Path.of(new RunLayout(root.toString(), runId).cropArchivesDir().toString());
        Set<String> ids = new TreeSet<>();
        try (var archives = Files.list(folder)) {
            for (Path archive : archives.sorted().toList()) {
                try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(archive.toFile())) {
                    for (java.util.zip.ZipEntry entry : java.util.Collections.list(zip.entries())) {
                        BufferedImage crop = ImageIO.read(zip.getInputStream(entry));
                        assertEquals(112, crop.getWidth(), entry.getName());
                        assertTrue(ids.add(io.faceengine.pipeline.table.CropArchives.faceIdOf(entry.getName()).orElseThrow()));
                    }
                }
            }
        }
        return ids;
    }

    private static String[] withInput(String[] args, Path input) {
        String[] out = args.clone();
        out[2] = input.toString();
        return out;
    }

    /** Each labelled person's identity ids, from the central face of each LFW image in the runs. */
    private static Map<String, Set<String>> identitiesOfPeople(Path root) throws IOException {
        Path labels = dir.resolve("labels-" + root.getFileName() + ".csv");
        StringBuilder csv = new StringBuilder("path,identity\n");
        try (var files = Files.walk(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".jpg")).toList()) {
                String name = f.getFileName().toString();
                String person = name.startsWith("Ari_Fleischer") || name.startsWith("same-bytes") ? "Ari_Fleischer"
                        : name.toLowerCase(java.util.Locale.ROOT).startsWith("serena") ? "Serena_Williams" : null;
                if (person != null) {
                    csv.append(f.toAbsolutePath()).append(',').append(person).append('\n');
                }
            }
        }
        Files.writeString(labels, csv.toString());
        TableCatalog catalog = new TableCatalog(root.toString());
        Map<String, String> identityOfFace = new HashMap<>();
        catalog.read(spark, IdentityTables.CLUSTERS, IdentityTables.FACE_CLUSTERS).collectAsList()
                .forEach(r -> identityOfFace.put(r.getString(0), r.getString(4)));
        Map<String, Set<String>> people = new TreeMap<>();
        for (LabelledFaces.LabelledFace face : LabelledFaces.collect(spark, catalog, LabelsFile.read(labels, Path.of("/")),
                new LabelledFaceRule(LabelledFaceRule.DEFAULT_LARGEST_FACE_MARGIN), identityOfFace.keySet()).faces()) {
            people.computeIfAbsent(face.identity(), k -> new TreeSet<>()).add(identityOfFace.get(face.faceId()));
        }
        return people;
    }

    private static Map<String, Integer> identitySizes(Path root) {
        TableCatalog catalog = new TableCatalog(root.toString());
        List<String> folders = catalog.folders(spark, IdentityTables.IDENTITIES);
        Map<String, Integer> sizes = new TreeMap<>();
        spark.read().schema(IdentityTables.IDENTITY).parquet(folders.get(folders.size() - 1)).collectAsList()
                .forEach(r -> sizes.put(r.getString(0), r.getInt(2)));
        return sizes;
    }

    /** The latest registry snapshot without the run ids, to compare data roots. */
    private static List<String> identityContent(Path root) {
        List<String> runs = new TableCatalog(root.toString()).committedRunIds(spark);
        return identityContentOf(root, runs.get(runs.size() - 1));
    }

    private static List<String> identityContentOf(Path root, String runId) {
        return spark.read().schema(IdentityTables.IDENTITY)
                .parquet(new RunLayout(root.toString(), runId).stepOutput(IdentityTables.IDENTITIES).toString())
                .drop(IdentityTables.CREATED_RUN, IdentityTables.UPDATED_RUN)
                .toJSON().collectAsList().stream().sorted().toList();
    }

    private static String runIdOf(Path root) throws IOException {
        try (var runs = Files.list(root.resolve("runs"))) {
            return runs.map(p -> p.getFileName().toString()).findFirst().orElseThrow();
        }
    }

    /** The faces table's schema as the run wrote it (quality and embedding columns included). */
    private static org.apache.spark.sql.types.StructType faceSchema(Path root) {
        try (var runs = Files.list(root.resolve("runs"))) {
            Path run = runs.filter(p -> Files.isDirectory(p.resolve("faces"))).findFirst().orElseThrow();
            return spark.read().parquet(run.resolve("faces").toString()).schema();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
