package io.faceengine.pipeline.testing;

import io.faceengine.pipeline.FaceModels;
import io.faceengine.pipeline.config.ConfigLoader;
import io.faceengine.pipeline.config.FaceEngineConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.fail;

/** The default model files, from the directory the build passes in {@code faceengine.models.dir}. */
public final class TestModelFiles {
    public static final String PNET = "mtcnn/pnet.tflite";
    public static final String RNET = "mtcnn/rnet.tflite";
    public static final String ONET = "mtcnn/onet.tflite";
    public static final String MOBILEFACENET = "mobilefacenet/MobileFaceNet.tflite";

    private static FaceModels defaultModels;

    private TestModelFiles() {
    }

    public static Path directory() {
        String dir = System.getProperty("faceengine.models.dir");
        if (dir == null || dir.isBlank()) {
            fail("system property faceengine.models.dir is not set; run the tests through Maven after scripts/setup.sh");
        }
        return Path.of(dir);
    }

    /** A model file, failing (not skipping) when it is missing: these tests are the translator's only check. */
    public static Path require(String relative) {
        Path file = directory().resolve(relative);
        if (!Files.isRegularFile(file)) {
            fail("model file " + file + " is missing; run scripts/setup.sh to fetch the default models");
        }
        return file;
    }

    /** The built-in defaults with the models directory pointed at the test models, plus further overrides. */
    public static FaceEngineConfig config(String... overrides) {
        for (String model : new String[]{PNET, RNET, ONET, MOBILEFACENET}) {
            require(model);
        }
        List<String> all = new ArrayList<>();
        all.add("models.directory=" + directory());
        all.addAll(List.of(overrides));
        return ConfigLoader.load(null, all);
    }

    /** The default detector, aligner and embedder, loaded once per test JVM (sessions are cached anyway). */
    public static synchronized FaceModels defaultModels() {
        if (defaultModels == null) {
            defaultModels = FaceModels.load(config());
        }
        return defaultModels;
    }
}
