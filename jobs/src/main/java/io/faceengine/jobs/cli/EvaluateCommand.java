package io.faceengine.jobs.cli;

import io.faceengine.clustering.config.ClusteringSettings;
import io.faceengine.jobs.eval.CommittedAssignments;
import io.faceengine.jobs.eval.EvaluationHtml;
import io.faceengine.jobs.eval.LabelledFaces;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** Scores the committed runs under a data root against a labels file. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, description = {
        "Score the committed runs against ground-truth labels (CSV: path,identity[,set]).",
        "Needs Spark: start it through spark-submit or scripts/run-local.sh."})
final class EvaluateCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions config;

    @Option(names = "--labels", required = true, description = "Labels CSV with the header path,identity[,set]")
    Path labelsFile;

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

    @Option(names = "--export-embeddings", paramLabel = "TSV", description = "Also write the labelled faces' embeddings "
            + "(face_id, image_id, set_id, identity, values…) for comparisons with other tools")
    Path exportFile;

    @Override
    public Integer call() throws Exception {
        FaceEngineConfig cfg = config.load();
        SparkClasspath.require("evaluate");
        String rootUri = Locations.absolute(dataRoot != null ? dataRoot : cfg.run().dataRoot());
        Path labelRoot = root != null ? root : labelsFile.toAbsolutePath().getParent();
        var labels = LabelsFile.read(labelsFile, labelRoot);
        DriverSparkSession.Obtained spark = DriverSparkSession.getOrCreate("face-engine evaluate");
        try {
            LabelledFaces.Collected collected = LabelledFaces.collect(spark.session(), new TableCatalog(rootUri), labels);
            if (exportFile != null) {
                export(collected, exportFile);
            }
            ClusteringSettings settings = ClusteringSettings.fromTree(cfg.clustering());
            Map<String, Object> report = RunEvaluation.evaluate(collected,
                    CommittedAssignments.read(spark.session(), new TableCatalog(rootUri)), settings,
                    sweep != null ? sweep : defaultSweep(settings.clustering().threshold()));
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
            for (LabelledFace face : collected.embedded()) {
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
