package io.faceengine.jobs.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The face engine's command line: one entry point for operators, users trying models, and spark-submit. */
@Command(name = "face-engine", mixinStandardHelpOptions = true, version = "face-engine 0.1.0",
        description = "Face auto-annotation data engine.",
        subcommands = {RunCommand.class, RestartCommand.class, StatusCommand.class, DetectCommand.class,
                VerifyCommand.class, EvaluateCommand.class, RetrainCommand.class, ExportCommand.class,
                BenchmarkModelsCommand.class})
public final class FaceEngineCli {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command and returns its exit code (tests call this instead of main). */
    public static int run(String... args) {
        return new CommandLine(new FaceEngineCli())
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println("error: " + e.getMessage());
                    return 1;
                })
                .execute(args);
    }
}
