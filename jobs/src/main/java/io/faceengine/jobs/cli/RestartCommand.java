package io.faceengine.jobs.cli;

import io.faceengine.jobs.batch.RunJobs;
import io.faceengine.jobs.run.RunParameters;
import io.faceengine.jobs.run.RunPreconditions;
import io.faceengine.pipeline.config.FaceEngineConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** Restarts a failed run from its failed step, in this process (any process with the same job repository). */
@Command(name = "restart", mixinStandardHelpOptions = true, description = {
        "Restart a failed or stopped run execution: the failed step and those after it run again, completed "
                + "steps do not. The run keeps its id, inputs and data root.",
        "--set values are added to the run's own overrides (e.g. --set testing.failOnceInStep=null); "
                + "--config replaces its configuration file. Use the same job repository settings as the run."})
final class RestartCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions config;

    @Parameters(index = "0", paramLabel = "EXECUTION_ID", description = "The failed execution (see `status`)")
    long executionId;

    @Override
    public Integer call() throws Exception {
        FaceEngineConfig cfg = config.load();
        SparkClasspath.require("restart");
        RunJobs jobs = RunJobs.open(cfg.run().jobRepository());
        RunParameters run = jobs.parameters(executionId).withChanges(config.absoluteConfigFile(), config.jobOverrides());
        // fail here, not in the first restarted step, if the changed configuration is invalid
        RunPreconditions.check(run.loadConfig(), run.dataRoot(), run.runId());
        long restarted = jobs.restart(executionId, run);
        System.err.println("run " + run.runId() + ": execution " + restarted + " restarts execution " + executionId);
        return RunOutcome.report(jobs.await(restarted), run, config.launcherOptions(), System.out, System.err);
    }
}
