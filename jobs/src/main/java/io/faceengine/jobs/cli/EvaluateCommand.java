package io.faceengine.jobs.cli;

import io.faceengine.jobs.eval.LabelledFaces;
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
            System.err.printf("labels %d, labelled images in runs %d, labelled faces found %d, embedded %d%n",
                    collected.labels(), collected.labelledImages(), collected.centralFaces(), collected.embedded().size());
            return 0;
        } finally {
            if (spark.created()) {
                spark.session().stop();
            }
        }
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
