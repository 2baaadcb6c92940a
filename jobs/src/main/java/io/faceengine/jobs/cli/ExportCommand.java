package io.faceengine.jobs.cli;

import io.faceengine.jobs.export.TrainingExport;
import io.faceengine.jobs.run.DriverSparkSession;
import io.faceengine.pipeline.config.FaceEngineConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** Writes a committed dataset manifest as a training layout (crop folders per identity, list file, JSONL). */
@Command(name = "export", mixinStandardHelpOptions = true, description = {
        "Write a committed dataset manifest for full-network retraining elsewhere: OUT/images/<label>/<face>.jpg",
        "(the aligned crops, one folder per identity), OUT/list.txt (<path><TAB><class index>), OUT/faces.jsonl",
        "(one object per face) and OUT/export.json (counts, model versions, checksums, faces without a crop).",
        "An existing complete export of the same version and options is reported, not rewritten.",
        "Needs Spark: start it through spark-submit or scripts/run-local.sh."})
final class ExportCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions config;

    @Option(names = "--data-root", paramLabel = "PATH|URI", description = "Data root of the runs. Default: run.dataRoot")
    String dataRoot;

    @Option(names = "--manifest-version", paramLabel = "N", description = "Manifest version (default: the latest committed)")
    Integer manifestVersion;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to create (local); must be absent or empty")
    Path out;

    @Option(names = "--split", paramLabel = "train|val|all", description = "Faces of this split only (default: all)")
    String split = "all";

    @Option(names = "--include-outliers", description = "Also export faces flagged OUTLIER (left out by default)")
    boolean includeOutliers;

    @Override
    public Integer call() throws Exception {
        TrainingExport.Split which;
        try {
            which = TrainingExport.Split.valueOf(split.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--split must be train, val or all, got '" + split + "'");
        }
        FaceEngineConfig cfg = config.load();
        SparkClasspath.require("export");
        String rootUri = Locations.absolute(dataRoot != null ? dataRoot : cfg.run().dataRoot());
        DriverSparkSession.Obtained spark = DriverSparkSession.getOrCreate("face-engine export");
        try {
            TrainingExport.Result result = TrainingExport.run(spark.session(), rootUri, out,
                    new TrainingExport.Options(manifestVersion, which, includeOutliers));
            JsonReport.print(result.report(), null);
            System.err.println((result.existing() ? "already exported, left as it was: " : "exported to ") + result.folder());
            return 0;
        } finally {
            if (spark.created()) {
                spark.session().stop();
            }
        }
    }
}
