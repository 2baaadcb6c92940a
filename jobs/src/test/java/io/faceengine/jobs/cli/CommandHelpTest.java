package io.faceengine.jobs.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every command answers --help, also where Spark is not on the classpath (java -jar face-engine.jar). */
class CommandHelpTest {
    private static final String[] COMMANDS = {"run", "restart", "status", "detect", "verify", "evaluate", "retrain",
            "export", "benchmark-models"};

    @ParameterizedTest
    @ValueSource(strings = {"run", "restart", "status", "detect", "verify", "evaluate", "retrain", "export",
            "benchmark-models"})
    void helpPrintsUsageAndExitsZero(String command) {
        CliRun run = CliRun.of(command, "--help");

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("Usage: face-engine " + command), run.out());
    }

    @Test
    void everyCommandsHelpWorksWithoutSparkOnTheClasspath() throws Exception {
        try (URLClassLoader withoutSpark = new URLClassLoader(classpathWithoutSpark(), ClassLoader.getPlatformClassLoader())) {
            assertThrows(ClassNotFoundException.class, () -> withoutSpark.loadClass("org.apache.spark.sql.SparkSession"));
            Method run = withoutSpark.loadClass(FaceEngineCli.class.getName()).getMethod("run", String[].class);
            assertEquals(0, run.invoke(null, (Object) new String[] {"--help"}));
            for (String command : COMMANDS) {
                assertEquals(0, run.invoke(null, (Object) new String[] {command, "--help"}), command);
            }
        }
    }

    private static URL[] classpathWithoutSpark() throws MalformedURLException {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (!name.startsWith("spark-")) {
                urls.add(Path.of(entry).toUri().toURL());
            }
        }
        return urls.toArray(URL[]::new);
    }
}
