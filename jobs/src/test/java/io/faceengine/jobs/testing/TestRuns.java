package io.faceengine.jobs.testing;

import io.faceengine.jobs.batch.RunJobs;
import io.faceengine.clustering.registry.ElasticsearchOptions;
import io.faceengine.jobs.cli.CliRun;
import io.faceengine.pipeline.config.RunOptions.JobRepositoryOptions;
import io.faceengine.pipeline.testing.LocalSpark;
import io.faceengine.pipeline.testing.TestData;
import io.faceengine.pipeline.testing.TestIndexTemplate;
import io.faceengine.pipeline.testing.TestModelFiles;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.faceengine.pipeline.table.FaceTables.RUN_ID;

/** Inputs, command lines and output capture for tests that run the run job. */
public final class TestRuns {
    private TestRuns() {
    }

    /** Three sets (3, 2 and 1 files) under {@code dir}; real files with distinct bytes. */
    public static Path createInputs(Path dir) throws IOException {
        int[] sizes = {3, 2, 1};
        for (int s = 0; s < sizes.length; s++) {
            Path set = Files.createDirectories(dir.resolve("set-" + (char) ('a' + s)));
            for (int i = 0; i < sizes[s]; i++) {
                Files.writeString(set.resolve("img" + i + ".bin"), "set " + s + " image " + i);
            }
        }
        return dir;
    }

    /**
     * One folder per set under {@code dir}, holding copies of development photos; a set lists
     * {@code Person_Name:first-last} photo ranges.
     */
    public static Path copyLfwSets(Path dir, Map<String, List<String>> sets) throws IOException {
        for (Map.Entry<String, List<String>> set : sets.entrySet()) {
            Path target = Files.createDirectories(dir.resolve(set.getKey()));
            for (String spec : set.getValue()) {
                String person = spec.substring(0, spec.indexOf(':'));
                String[] range = spec.substring(spec.indexOf(':') + 1).split("-");
                for (int i = Integer.parseInt(range[0]); i <= Integer.parseInt(range[1]); i++) {
                    Files.copy(TestData.lfwImage(person, i), target.resolve(person + "_" + i + ".jpg"));
                }
            }
        }
        return dir;
    }

    public static String repositoryUrl(Path dir) {
        return "jdbc:h2:file:" + dir.resolve("job-repository").toAbsolutePath() + ";AUTO_SERVER=TRUE";
    }

    /**
     * Options that select this repository and the tests' Elasticsearch (a run checks it answers before
     * starting) and replace the real steps with the small test steps. The run also checks its data root
     * against the indices when it starts, so it gets a prefix of its own on the test server; the test
     * steps never create indices there.
     */
    public static List<String> commonOptions(String repositoryUrl) {
        String prefix = "test-run-" + UUID.randomUUID().toString().substring(0, 8);
        String url = System.getProperty("faceengine.es.url", ElasticsearchOptions.DEFAULT_URL);
        TestIndexTemplate.install(url);
        return List.of("--set", "run.jobRepository.url=" + repositoryUrl,
                "--set", "elasticsearch.url=" + url,
                "--set", "elasticsearch.indexPrefix=" + prefix,
                "--set", "testing.stepClasses.ingest=" + SmallIngestStep.class.getName(),
                "--set", "testing.stepClasses.detect=" + SmallDetectStep.class.getName(),
                "--set", "testing.stepClasses.quality=" + SmallQualityStep.class.getName(),
                "--set", "testing.stepClasses.embed=" + SmallEmbedStep.class.getName(),
                "--set", "testing.stepClasses.decisions=" + NotUnderTestStep.class.getName(),
                "--set", "testing.stepClasses.cluster=" + NotUnderTestStep.class.getName(),
                "--set", "testing.stepClasses.publish=" + NotUnderTestStep.class.getName());
    }

    /** {@code run} on the inputs with the test steps, plus {@code extra} options. */
    public static String[] runArgs(Path inputs, Path dataRoot, String repositoryUrl, String... extra) {
        List<String> args = new ArrayList<>(List.of("run", "--input", inputs.toString(), "--data-root", dataRoot.toString()));
        args.addAll(commonOptions(repositoryUrl));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    /**
     * {@code run} on the inputs with the real steps and models, this job repository and the test's own
     * Elasticsearch indices, plus {@code extra} options.
     */
    public static String[] realRunArgs(Path inputs, Path dataRoot, String repositoryUrl, TestIndices indices,
                                       String... extra) {
        List<String> args = new ArrayList<>(List.of("run", "--input", inputs.toString(), "--data-root", dataRoot.toString(),
                "--set", "run.jobRepository.url=" + repositoryUrl,
                "--set", "models.directory=" + TestModelFiles.directory()));
        args.addAll(indices.runOptions());
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    /** The test JVM's shared session, as the tests' configuration asks for (local[2], loopback, no UI: see the pom). */
    public static SparkSession session() {
        return LocalSpark.session();
    }

    /** The table's rows without the run id, as sorted JSON lines, to compare runs. */
    public static List<String> contentOf(Dataset<Row> table) {
        return table.drop(RUN_ID).toJSON().collectAsList().stream().sorted().toList();
    }

    /** The number after "execution id: " in a failed run's report. */
    public static long failedExecutionId(CliRun run) {
        for (String line : run.err().split("\n")) {
            if (line.startsWith("execution id: ")) {
                return Long.parseLong(line.substring("execution id: ".length()).trim());
            }
        }
        throw new AssertionError("no execution id in:\n" + run.err());
    }

    /**
     * Closes the job repository the runs of a test class used: an open H2 file repository keeps
     * rewriting its lock file in the temporary folder, which then cannot be removed.
     */
    public static void closeRepository(String repositoryUrl) {
        RunJobs.close(new JobRepositoryOptions(repositoryUrl, "", ""));
    }
}
