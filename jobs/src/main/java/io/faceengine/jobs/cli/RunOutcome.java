package io.faceengine.jobs.cli;

import io.faceengine.jobs.batch.ExecutionReport;
import io.faceengine.jobs.run.HadoopConfigs;
import io.faceengine.jobs.run.RunLayout;
import io.faceengine.jobs.run.RunParameters;
import io.faceengine.pipeline.io.RunFiles;

import java.io.IOException;
import java.io.PrintStream;

/** What `run` and `restart` print when the execution ends, and their exit code. */
final class RunOutcome {
    /** The command that starts this CLI, for the restart hint (scripts set it). */
    static final String LAUNCHER_PROPERTY = "faceengine.launcher";

    private RunOutcome() {
    }

    /** On success prints the run summary JSON to stdout (0); otherwise where it failed and how to restart (1). */
    static int report(ExecutionReport execution, RunParameters run, String restartOptions, PrintStream out,
                      PrintStream err) throws IOException {
        if (execution.completed()) {
            RunLayout layout = new RunLayout(run.dataRoot(), run.runId());
            String summary = new RunFiles(HadoopConfigs.current()).read(layout.summaryPath())
                    .orElseThrow(() -> new IOException("run " + run.runId() + " completed but "
                            + layout.summaryPath() + " is missing"));
            out.println(summary);
            return 0;
        }
        if (execution.failedStep().isPresent()) {
            ExecutionReport.StepReport failed = execution.failedStep().get();
            err.println("run " + run.runId() + " " + execution.batchStatus() + " in step " + failed.step() + ": "
                    + failed.exitStatus());
        } else {
            err.println("run " + run.runId() + " ended, but the job repository records it as " + execution.batchStatus()
                    + " (see the log); restart it from a new process");
        }
        err.println("execution id: " + execution.executionId());
        err.println("restart with: " + System.getProperty(LAUNCHER_PROPERTY, "face-engine") + " restart "
                + execution.executionId() + restartOptions);
        return 1;
    }
}
