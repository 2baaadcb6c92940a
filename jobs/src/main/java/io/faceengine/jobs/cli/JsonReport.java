package io.faceengine.jobs.cli;

import io.faceengine.pipeline.io.RunJson;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Prints a command's report as indented JSON, and also writes it to a file when one was asked for. */
final class JsonReport {
    private JsonReport() {
    }

    static void print(Object report, Path reportFile) throws IOException {
        String json = RunJson.write(report);
        if (reportFile != null) {
            Files.writeString(reportFile, json);
        }
        System.out.println(json);
    }
}
