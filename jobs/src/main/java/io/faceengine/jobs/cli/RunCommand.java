package io.faceengine.jobs.cli;

import io.faceengine.jobs.batch.RunJobs;
import io.faceengine.jobs.run.RunId;
import io.faceengine.jobs.run.RunParameters;
import io.faceengine.jobs.run.RunPreconditions;
import io.faceengine.pipeline.config.FaceEngineConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** Starts a run of the engine as a batch job and waits for it. */
@Command(name = "run", mixinStandardHelpOptions = true, description = {
        "Run the engine on the inputs: ingest, detect, quality, embed, decisions, cluster, publish, commit.",
        "Prints the run summary JSON on success (exit 0); on failure prints the execution id and the restart "
                + "command (exit 1). Needs Spark: start it through spark-submit or scripts/run-local.sh."})
final class RunCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions config;

    @Option(names = "--input", paramLabel = "DIR|MANIFEST", description = "A directory whose subfolders are sets, "
            + "or a manifest (.jsonl / .csv with set_id,uri); a path or URI (repeatable). Default: run.inputs")
    List<String> inputs = new ArrayList<>();

    @Option(names = "--data-root", paramLabel = "PATH|URI", description = "Where the run's tables go. "
            + "Default: run.dataRoot")
    String dataRoot;

    @Override
    public Integer call() throws Exception {
        FaceEngineConfig cfg = config.load();
        SparkClasspath.require("run");
        List<String> chosenInputs = inputs.isEmpty() ? cfg.run().inputs() : inputs;
        if (chosenInputs.isEmpty()) {
            throw new IllegalArgumentException("no inputs: give --input (or set run.inputs)");
        }
        String root = dataRoot != null ? dataRoot : cfg.run().dataRoot();
        if (root == null || root.isBlank()) {
            throw new IllegalArgumentException("no data root: give --data-root (or set run.dataRoot)");
        }
        RunParameters run = new RunParameters(RunId.generate(), Locations.absolute(root),
                chosenInputs.stream().map(Locations::absolute).toList(), config.absoluteConfigFile(),
                config.jobOverrides());
        // Before any model work; among the checks, a data root never uses indices another data root owns.
        RunPreconditions.check(cfg, run.dataRoot(), run.runId());
        RunJobs jobs = RunJobs.open(cfg.run().jobRepository());
        long executionId = jobs.start(run);
        System.err.println("run " + run.runId() + ": execution " + executionId + " started");
        return RunOutcome.report(jobs.await(executionId), run, config.launcherOptions(), System.out, System.err);
    }
}
