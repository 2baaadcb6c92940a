package io.faceengine.jobs.cli;

import io.faceengine.jobs.batch.ExecutionReport;
import io.faceengine.jobs.batch.RunJobs;
import io.faceengine.pipeline.config.FaceEngineConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

/** Recent run executions from the job repository; works without Spark. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show recent run executions (or one) with each step's status.")
final class StatusCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions config;

    @Parameters(index = "0", arity = "0..1", paramLabel = "EXECUTION_ID", description = "Show only this execution")
    Long executionId;

    @Option(names = "--limit", defaultValue = "10", description = "Executions to show (default ${DEFAULT-VALUE})")
    int limit;

    @Override
    public Integer call() {
        FaceEngineConfig cfg = config.load();
        RunJobs jobs = RunJobs.open(cfg.run().jobRepository());
        List<ExecutionReport> reports = executionId != null ? List.of(jobs.report(executionId)) : jobs.recent(limit);
        if (reports.isEmpty()) {
            System.out.println("no runs in the job repository " + cfg.run().jobRepository().url());
        }
        reports.forEach(r -> print(r, System.out));
        return 0;
    }

    static void print(ExecutionReport r, PrintStream out) {
        out.printf("execution %d  run %s  %s  started %s  ended %s%n", r.executionId(), r.runId(), r.batchStatus(),
                time(r.startTime()), time(r.endTime()));
        int width = r.steps().stream().mapToInt(s -> s.step().length()).max().orElse(0);
        for (ExecutionReport.StepReport s : r.steps()) {
            String shown = s.shownStatus();
            String exit = s.exitStatus() == null || s.exitStatus().equals(shown) ? ""
                    : "  " + s.exitStatus().replaceFirst("^" + shown + ": ", "");
            out.printf("  %-" + width + "s  %-9s%s%n", s.step(), shown, exit);
        }
    }

    private static String time(Instant instant) {
        return instant == null ? "-" : instant.toString();
    }
}
