package io.faceengine.jobs.cli;

import io.faceengine.pipeline.config.ConfigLoader;
import io.faceengine.pipeline.config.FaceEngineConfig;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Options every command shares: a configuration file and single-value overrides. */
public final class ConfigOptions {
    /** Settings of the launching command only; never stored with a run (they may hold a password). */
    private static final String LAUNCHER_ONLY = "run.jobRepository.";

    @Option(names = "--config", description = "YAML file with the settings to change (defaults: conf/face-engine.yaml)")
    Path configFile;

    @Option(names = "--set", description = "Override one setting, e.g. --set detection.minFaceSize=40 (repeatable)")
    List<String> overrides = new ArrayList<>();

    public FaceEngineConfig load() {
        return ConfigLoader.load(configFile, overrides);
    }

    String absoluteConfigFile() {
        return configFile == null ? null : configFile.toAbsolutePath().normalize().toString();
    }

    /** The overrides a run keeps in its job parameters: all but the job repository's. */
    List<String> jobOverrides() {
        return overrides.stream().filter(o -> !o.trim().startsWith(LAUNCHER_ONLY)).toList();
    }

    /** The options a follow-up command (restart, status) needs to find the same job repository. */
    String launcherOptions() {
        StringBuilder sb = new StringBuilder();
        if (configFile != null) {
            sb.append(" --config ").append(absoluteConfigFile());
        }
        overrides.stream().filter(o -> o.trim().startsWith(LAUNCHER_ONLY) && !o.contains("password"))
                .forEach(o -> sb.append(" --set ").append(o));
        return sb.toString();
    }
}
