package io.faceengine.jobs.cli;

import io.faceengine.clustering.config.ClusteringSettings;
import io.faceengine.jobs.eval.CommittedAssignments;
import io.faceengine.jobs.eval.EvaluationHtml;
import io.faceengine.jobs.eval.LabelledFaceRule;
import io.faceengine.jobs.eval.LabelledFaces;
import io.faceengine.jobs.eval.RunEstimates;
import io.faceengine.jobs.eval.RunEvaluation;
import io.faceengine.jobs.eval.LabelledFaces.LabelledFace;
import io.faceengine.jobs.run.DriverSparkSession;
import io.faceengine.jobs.run.TableCatalog;
import io.faceengine.pipeline.config.FaceEngineConfig;
import io.faceengine.pipeline.eval.LabelsFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** Scores the committed runs under a data root against a labels file. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, description = {
        "Score the committed runs against ground-truth labels: a CSV with the header path,identity[,set]",
        "(one person per photo) or path,identity,x,y,w,h[,set] (face boxes in pixels, top-left origin).",
        "Needs Spark: start it through spark-submit or scripts/run-local.sh."})
final class EvaluateCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions config;

    @Option(names = "--labels", required = true, description = "Labels CSV; its header says what a row labels: "
            + "path,identity[,set] a photo, path,identity,x,y,w,h[,set] a face box")
    Path labelsFile;

    @Option(names = "--largest-face-margin", paramLabel = "FRACTION", description = "Photo labels: faces whose area is more "
            + "than this fraction of the largest face's compete with it, and the one nearest the image centre is the "
            + "labelled face (default: ${DEFAULT-VALUE}; 1 = always the largest, 0 = always the nearest the centre)")
    double largestFaceMargin = LabelledFaceRule.DEFAULT_LARGEST_FACE_MARGIN;

    @Option(names = "--root", description = "Folder the label paths are relative to (default: the labels file's folder)")
    Path root;

    @Option(names = "--data-root", paramLabel = "PATH|URI", description = "Data root of the runs. Default: run.dataRoot")
    String dataRoot;

    @Option(names = "--report-dir", description = "Write report.json and report.html here (default: evaluation/ under "
            + "the current folder)")
    Path reportDir = Path.of("evaluation");

    @Option(names = "--sweep", split = ",", description = "Clustering thresholds for the precision-recall plot "
            + "(default: the configured threshold and steps of 0.05 around it)")
    List<Float> sweep;

    @Option(names = "--export-embeddings", paramLabel = "TSV", description = "Also write the scored labelled faces' embeddings "
            + "(face_id, image_id, set_id, identity, values…) for comparisons with other tools")
    Path exportFile;

    @Override
    public Integer call() throws Exception {
        FaceEngineConfig cfg = config.load();
        SparkClasspath.require("evaluate");
        String rootUri = Locations.absolute(dataRoot != null ? dataRoot : cfg.run().dataRoot());
        Path labelRoot = root != null ? root : labelsFile.toAbsolutePath().getParent();
        LabelsFile.Labels labels = LabelsFile.read(labelsFile, labelRoot);
        LabelledFaceRule rule = new LabelledFaceRule(largestFaceMargin);
        DriverSparkSession.Obtained spark = DriverSparkSession.getOrCreate("face-engine evaluate");
        try {
            TableCatalog catalog = new TableCatalog(rootUri);
            Map<String, RunEvaluation.Assignment> assignments = CommittedAssignments.read(spark.session(), catalog);
            LabelledFaces.Collected collected = LabelledFaces.collect(spark.session(), catalog, labels, rule,
                    assignments.keySet());
            if (exportFile != null) {
                export(collected, exportFile);
            }
            ClusteringSettings settings = ClusteringSettings.fromTree(cfg.clustering());
            Map<String, Object> report = new LinkedHashMap<>();
            List<String> runs = catalog.committedRunIds(spark.session());
            report.put("whatWasScored", whatWasScored(rootUri, runs, labels, labelRoot, rule, settings));
            report.putAll(RunEvaluation.evaluate(collected, assignments, settings,
                    sweep != null ? sweep : defaultSweep(settings.clustering().threshold())));
            report.put("runsEstimate", RunEstimates.read(spark.session().sparkContext().hadoopConfiguration(), rootUri, runs));
            Files.createDirectories(reportDir);
            Files.writeString(reportDir.resolve("report.html"), EvaluationHtml.render(report));
            JsonReport.print(report, reportDir.resolve("report.json"));
            System.err.println("evaluation written to " + reportDir.toAbsolutePath().normalize());
            return 0;
        } finally {
            if (spark.created()) {
                spark.session().stop();
            }
        }
    }

    private Map<String, Object> whatWasScored(String rootUri, List<String> runs, LabelsFile.Labels labels, Path labelRoot,
                                              LabelledFaceRule rule, ClusteringSettings settings) {
        Map<String, Object> scope = new LinkedHashMap<>();
        scope.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        scope.put("dataRoot", rootUri);
        scope.put("runs", runs);
        scope.put("labelsFile", labelsFile.toAbsolutePath().normalize().toString());
        scope.put("labelsRoot", labelRoot.toAbsolutePath().normalize().toString());
        scope.put("labels", labels.size());
        scope.put("labelKind", labels.kind() == LabelsFile.Kind.BOX ? "a face box" : "a photo");
        scope.put("labelledFaceRule", labels.kind() == LabelsFile.Kind.BOX
                ? "the detected face with the highest IoU with the box, at least " + LabelledFaceRule.MIN_BOX_IOU
                : "the only face; else the largest, unless faces of more than " + rule.largestFaceMargin()
                + " times its area compete: then the one nearest the image centre");
        if (labels.kind() == LabelsFile.Kind.PHOTO) {
            scope.put("largestFaceMargin", rule.largestFaceMargin());
        }
        scope.put("configFile", config.absoluteConfigFile() == null ? "defaults" : config.absoluteConfigFile());
        scope.put("overrides", config.overrides.stream().filter(o -> !o.toLowerCase(Locale.ROOT).contains("password")).toList());
        scope.put("clustering", settings.clustering());
        return scope;
    }

    static List<Float> defaultSweep(float threshold) {
        List<Float> thresholds = new ArrayList<>();
        for (int step = -6; step <= 6; step++) {
            float t = Math.round((threshold + step * 0.05f) * 1000) / 1000f;
            if (t > 0 && t < 1) {
                thresholds.add(t);
            }
        }
        return thresholds;
    }

    private static void export(LabelledFaces.Collected collected, Path file) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            out.write("face_id\timage_id\tset_id\tidentity\tembedding...\n");
            for (LabelledFace face : collected.faces()) {
                StringBuilder line = new StringBuilder(face.faceId()).append('\t').append(face.imageId()).append('\t')
                        .append(face.setId()).append('\t').append(face.identity());
                for (float v : face.embedding()) {
                    line.append('\t').append(v);
                }
                out.write(line.append('\n').toString());
            }
        }
    }
}
