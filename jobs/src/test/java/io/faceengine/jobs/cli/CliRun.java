package io.faceengine.jobs.cli;

import io.faceengine.pipeline.testing.LocalSpark;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.fail;

/** Runs the CLI in-process, capturing what it prints; locates the models and data the build passes in. */
public record CliRun(int exitCode, String out, String err) {

    /** The command on the test JVM's shared Spark session, which it then leaves running. */
    public static CliRun of(String... args) {
        LocalSpark.session();
        return withoutTestSession(args);
    }

    /** The command as it runs in a JVM with no Spark session yet (it starts and stops its own if it needs one). */
    public static CliRun withoutTestSession(String... args) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = FaceEngineCli.run(args);
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
        CliRun run = new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        // Echo, so a failing test's log shows what the command said.
        originalOut.print(run.out());
        originalErr.print(run.err());
        return run;
    }

    /** The {@code --set} override pointing the CLI at the test models. */
    static String modelsOverride() {
        return "models.directory=" + property("faceengine.models.dir", "run scripts/setup.sh to fetch the default models");
    }

    static Path lfwDev() {
        return property("faceengine.shared.data", "the shared data folder must sit next to the project").resolve("lfw-dev");
    }

    private static Path property(String name, String hint) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            fail("system property " + name + " is not set; run the tests through Maven");
        }
        Path path = Path.of(value);
        if (!Files.isDirectory(path)) {
            fail(path + " (" + name + ") is missing; " + hint);
        }
        return path;
    }
}
