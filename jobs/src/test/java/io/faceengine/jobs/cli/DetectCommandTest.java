package io.faceengine.jobs.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DetectCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void printsOneLinePerImageAndFailsOnACorruptFile() throws IOException {
        Path good = CliRun.lfwDev().resolve("images/Al_Gore/Al_Gore_0001.jpg");
        byte[] noise = new byte[4096];
        new Random(1).nextBytes(noise);
        Path corrupt = Files.write(dir.resolve("corrupt.jpg"), noise);
        Path crops = dir.resolve("crops");

        CliRun run = CliRun.of("detect", "--set", CliRun.modelsOverride(), "--crops", crops.toString(),
                good.toString(), corrupt.toString());

        // 2 = some images could not be read; the others are still reported.
        assertEquals(2, run.exitCode());
        String[] lines = run.out().strip().split("\\R");
        assertEquals(2, lines.length, run.out());

        JsonNode face = JSON.readTree(lines[0]);
        assertEquals(good.toString(), face.get("image").asText());
        assertEquals(250, face.get("width").asInt());
        assertFalse(face.has("error"));
        assertTrue(face.get("faces").size() >= 1, "no face in " + good);
        JsonNode first = face.get("faces").get(0);
        assertEquals(4, first.get("box").size());
        assertTrue(first.get("score").asDouble() > 0.9, "score " + first.get("score"));
        assertEquals(5, first.get("landmarksX").size());
        assertEquals(5, first.get("landmarksY").size());
        BufferedImage crop = ImageIO.read(Path.of(first.get("crop").asText()).toFile());
        assertEquals(112, crop.getWidth());
        assertEquals(112, crop.getHeight());

        JsonNode bad = JSON.readTree(lines[1]);
        assertEquals(corrupt.toString(), bad.get("image").asText());
        assertFalse(bad.has("faces"));
        assertTrue(bad.get("error").asText().matches("NOT_AN_IMAGE|CORRUPT"), "reason " + bad.get("error"));
        assertTrue(bad.get("message").asText().contains("corrupt.jpg"), bad.get("message").asText());
    }
}
