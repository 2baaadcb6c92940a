package io.faceengine.pipeline.model.tflite;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.fail;

/** The default model files, from the directory the build passes in {@code faceengine.models.dir}. */
final class TestModelFiles {
    static final String PNET = "mtcnn/pnet.tflite";
    static final String RNET = "mtcnn/rnet.tflite";
    static final String ONET = "mtcnn/onet.tflite";
    static final String MOBILEFACENET = "mobilefacenet/MobileFaceNet.tflite";

    private TestModelFiles() {
    }

    static Path directory() {
        String dir = System.getProperty("faceengine.models.dir");
        if (dir == null || dir.isBlank()) {
            fail("system property faceengine.models.dir is not set; run the tests through Maven after scripts/setup.sh");
        }
        return Path.of(dir);
    }

    /** A model file, failing (not skipping) when it is missing: these tests are the translator's only check. */
    static Path require(String relative) {
        Path file = directory().resolve(relative);
        if (!Files.isRegularFile(file)) {
            fail("model file " + file + " is missing; run scripts/setup.sh to fetch the default models");
        }
        return file;
    }
}
