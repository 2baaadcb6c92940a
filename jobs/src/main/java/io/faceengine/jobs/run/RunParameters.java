package io.faceengine.jobs.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.faceengine.pipeline.config.ConfigLoader;
import io.faceengine.pipeline.config.FaceEngineConfig;
import io.faceengine.pipeline.io.RunJson;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Everything a run needs to rebuild its state in any process: these are the batch job's
 * parameters, stored in the job repository, so a restart in a new JVM sees the same run id,
 * data root, inputs and configuration (file + overrides, re-read when a step starts).
 * Lists are stored as JSON arrays because the repository stores parameters one per line.
 *
 * @param configFile absolute path of the user's YAML file, or null for the defaults only
 */
public record RunParameters(String runId, String dataRoot, List<String> inputs, String configFile,
                            List<String> overrides) {
    public static final String RUN_ID = "runId";
    public static final String DATA_ROOT = "dataRoot";
    public static final String INPUTS = "inputs";
    public static final String CONFIG_FILE = "configFile";
    public static final String OVERRIDES = "overrides";
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    public RunParameters {
        RunId.requireValid(runId);
        if (dataRoot == null || dataRoot.isBlank()) {
            throw new IllegalArgumentException("a run needs a data root (--data-root or run.dataRoot)");
        }
        inputs = List.copyOf(inputs);
        configFile = configFile == null || configFile.isBlank() ? null : configFile;
        overrides = List.copyOf(overrides);
    }

    /** The configuration as the run's steps see it. */
    public FaceEngineConfig loadConfig() {
        return ConfigLoader.load(configFile == null ? null : Path.of(configFile), overrides);
    }

    /** The same run with another configuration file (null keeps this one) and more overrides (later ones win). */
    public RunParameters withChanges(String newConfigFile, List<String> moreOverrides) {
        List<String> all = new ArrayList<>(overrides);
        all.addAll(moreOverrides);
        return new RunParameters(runId, dataRoot, inputs, newConfigFile != null ? newConfigFile : configFile, all);
    }

    public Properties toJobParameters() {
        Properties p = new Properties();
        p.setProperty(RUN_ID, runId);
        p.setProperty(DATA_ROOT, dataRoot);
        p.setProperty(INPUTS, RunJson.writeCompact(inputs));
        p.setProperty(CONFIG_FILE, configFile == null ? "" : configFile);
        p.setProperty(OVERRIDES, RunJson.writeCompact(overrides));
        return p;
    }

    /** From job parameters, or from the job's properties (the job XML copies the parameters into them). */
    public static RunParameters from(Properties p) {
        return new RunParameters(required(p, RUN_ID), required(p, DATA_ROOT), strings(p, INPUTS),
                p.getProperty(CONFIG_FILE), strings(p, OVERRIDES));
    }

    private static String required(Properties p, String key) {
        String value = p.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("job parameter '" + key + "' is missing");
        }
        return value;
    }

    private static List<String> strings(Properties p, String key) {
        String json = p.getProperty(key);
        if (json == null || json.isBlank()) {
            return List.of();
        }
        try {
            return RunJson.MAPPER.readValue(json, STRINGS);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("job parameter '" + key + "' is not a JSON list of strings: " + json, e);
        }
    }
}
