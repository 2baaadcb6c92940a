package io.faceengine.pipeline.testing;

import io.faceengine.pipeline.image.ImageDecodeException;
import io.faceengine.pipeline.image.ImageDecoder;
import io.faceengine.pipeline.image.RgbImage;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.fail;

/** The shared development data (lfw-dev, multi-face), from the directory the build passes in {@code faceengine.shared.data}. */
public final class TestData {
    private static final ImageDecoder DECODER = new ImageDecoder();

    private TestData() {
    }

    public static Path root() {
        String dir = System.getProperty("faceengine.shared.data");
        if (dir == null || dir.isBlank()) {
            fail("system property faceengine.shared.data is not set; run the tests through Maven");
        }
        return Path.of(dir);
    }

    /** A file or folder under the data root, failing (not skipping) when it is missing. */
    public static Path require(String relative) {
        Path path = root().resolve(relative);
        if (!Files.exists(path)) {
            fail("test data " + path + " is missing; the shared data folder (see its README.md) must sit next to the project");
        }
        return path;
    }

    public static Path lfwDev() {
        return require("lfw-dev");
    }

    public static Path multiFace() {
        return require("multi-face");
    }

    /** LFW image NNNN of a person, as pairs.csv names it. */
    public static Path lfwImage(String person, int index) {
        return require(String.format("lfw-dev/images/%s/%s_%04d.jpg", person, person, index));
    }

    public static RgbImage decode(Path file) {
        try {
            return DECODER.decode(file).image();
        } catch (ImageDecodeException e) {
            return fail("cannot decode test image " + file + ": " + e.getMessage(), e);
        }
    }
}
