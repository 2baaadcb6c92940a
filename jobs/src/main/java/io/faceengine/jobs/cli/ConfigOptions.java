package io.faceengine.jobs.cli;

import io.faceengine.pipeline.config.ConfigLoader;
import io.faceengine.pipeline.config.FaceEngineConfig;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Options every command shares: a configuration file and single-value overrides. */
public final class ConfigOptions {
    @Option(names = "--config", description = "YAML file with the settings to change (defaults: conf/face-engine.yaml)")
    Path configFile;

    @Option(names = "--set", description = "Override one setting, e.g. --set detection.minFaceSize=40 (repeatable)")
    List<String> overrides = new ArrayList<>();

    public FaceEngineConfig load() {
        return ConfigLoader.load(configFile, overrides);
    }
}
