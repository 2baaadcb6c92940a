package io.faceengine.pipeline.config;

import io.faceengine.pipeline.model.ModelDescriptor;
import io.faceengine.pipeline.model.RuntimeOptions;

import java.nio.file.Path;

/** Where the models are and which descriptor each role uses. */
public record ModelsConfig(String directory, int intraOpThreads, ModelDescriptor pnet, ModelDescriptor rnet,
                           ModelDescriptor onet, ModelDescriptor embedder) {

    public Path directoryPath() {
        return Path.of(directory);
    }

    public RuntimeOptions runtimeOptions() {
        return new RuntimeOptions(intraOpThreads);
    }
}
