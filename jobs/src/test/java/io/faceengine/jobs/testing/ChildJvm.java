package io.faceengine.jobs.testing;

import io.faceengine.jobs.cli.FaceEngineCli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the CLI in a new JVM with the test classpath and the same Spark settings as this one. */
public final class ChildJvm {
    private static final List<String> FORWARDED = List.of("spark.master", "spark.driver.host",
            "spark.driver.bindAddress", "spark.ui.enabled", "spark.sql.shuffle.partitions");

    private ChildJvm() {
    }

    public static Result runCli(List<String> cliArgs) throws IOException, InterruptedException {
        List<String> jvmArgs = new ArrayList<>(List.of("-Xmx1g"));
        String flags = System.getProperty("faceengine.jvm.module.flags", "");
        if (!flags.isBlank()) {
            jvmArgs.addAll(List.of(flags.trim().split("\\s+")));
        }
        for (String key : FORWARDED) {
            String value = System.getProperty(key);
            if (value != null) {
                jvmArgs.add("-D" + key + "=" + value);
            }
        }
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        jvmArgs.addAll(List.of("-cp", classpath, FaceEngineCli.class.getName()));
        jvmArgs.addAll(cliArgs);
        // The classpath is long: pass the arguments in a file (java @argfile).
        Path argFile = Files.createTempFile("child-jvm", ".args");
        Files.writeString(argFile, String.join("\n", jvmArgs.stream().map(ChildJvm::quoted).toList()));
        Path log = Files.createTempFile("child-jvm", ".log");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + argFile).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            // No time limit: on a loaded machine a child starting Spark can take minutes, and a limit made that a failure.
            process.waitFor();
            return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            process.destroyForcibly(); // only does something when the wait was interrupted
            Files.deleteIfExists(argFile);
            Files.deleteIfExists(log);
        }
    }

    private static String quoted(String arg) {
        return "\"" + arg.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    public record Result(int exitCode, String output) {
    }
}
