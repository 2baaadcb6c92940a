package io.faceengine.pipeline.config;

import io.faceengine.pipeline.model.TensorLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void defaultsLoadFromTheClasspath() {
        FaceEngineConfig config = ConfigLoader.defaultsOnly();

        assertEquals("models", config.models().directory());
        assertEquals("mtcnn/pnet.tflite", config.models().pnet().file());
        assertEquals(TensorLayout.NWHC, config.models().onet().layout());
        assertEquals(Map.of("embedding", "embeddings"), config.models().embedder().outputs());
        assertEquals(112, config.models().embedder().inputWidth());
        assertEquals(20, config.detection().minFaceSize());
        assertEquals(0.709f, config.detection().scaleFactor());
        assertEquals(32, config.embedding().maxBatch());
        assertEquals(50_000_000L, config.image().maxPixels());
    }

    @Test
    void overridesSetNestedKeysNumbersAndLists() {
        FaceEngineConfig config = ConfigLoader.load(null, List.of(
                "detection.minFaceSize=40",
                "detection.scaleFactor=0.5",
                "models.pnet.mean=[1, 2.5, 3]",
                "models.onet.outputs.scores=other/prob",
                "models.directory=/opt/models"));

        assertEquals(40, config.detection().minFaceSize());
        assertEquals(0.5f, config.detection().scaleFactor());
        assertEquals(List.of(1f, 2.5f, 3f), config.models().pnet().mean());
        // Setting one output keeps the others of that map.
        assertEquals("other/prob", config.models().onet().outputs().get("scores"));
        assertEquals("onet/conv6-3/conv6-3", config.models().onet().outputs().get("landmarks"));
        assertEquals(Path.of("/opt/models"), config.models().directoryPath());
        // Untouched values keep their defaults.
        assertEquals(0.7f, config.detection().onetThreshold());
    }

    @Test
    void unknownKeyIsAnErrorNamingIt() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(null, List.of("detection.minFaceSise=40")));
        assertTrue(e.getMessage().contains("minFaceSise"), e.getMessage());

        ConfigException section = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(null, List.of("detectoin.minFaceSize=40")));
        assertTrue(section.getMessage().contains("detectoin"), section.getMessage());
    }

    @Test
    void malformedOverridesAreErrors() {
        assertThrows(ConfigException.class, () -> ConfigLoader.load(null, List.of("detection.minFaceSize")));
        ConfigException notASection = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(null, List.of("detection.minFaceSize.value=3")));
        assertTrue(notASection.getMessage().contains("minFaceSize"), notASection.getMessage());
    }

    @Test
    void invalidValueIsAnErrorNamingTheSetting() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(null, List.of("detection.minFaceSize=5")));
        assertTrue(e.getMessage().contains("minFaceSize"), e.getMessage());
    }

    @Test
    void userYamlMergesOverDefaultsAndOverridesWin() throws IOException {
        Path user = Files.writeString(dir.resolve("mine.yaml"), """
                detection:
                  minFaceSize: 33
                  pnetThreshold: 0.5
                models:
                  embedder:
                    file: other/net.onnx
                """);

        FaceEngineConfig config = ConfigLoader.load(user, List.of("detection.pnetThreshold=0.55"));

        assertEquals(33, config.detection().minFaceSize());
        assertEquals(0.55f, config.detection().pnetThreshold());
        assertEquals(0.709f, config.detection().scaleFactor());
        assertEquals("other/net.onnx", config.models().embedder().file());
        // Sibling keys of a merged section keep their defaults.
        assertEquals(112, config.models().embedder().inputWidth());
        assertEquals("mtcnn/pnet.tflite", config.models().pnet().file());
    }

    @Test
    void unknownKeyInUserYamlIsAnError() throws IOException {
        Path user = Files.writeString(dir.resolve("typo.yaml"), "embedding:\n  maxBatsh: 8\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(user, List.of()));
        assertTrue(e.getMessage().contains("maxBatsh"), e.getMessage());
    }

    @Test
    void elasticsearchUrlVariableOverridesTheFilesButNotSet() throws IOException {
        Path user = Files.writeString(dir.resolve("es.yaml"), "elasticsearch:\n  url: http://from-file:9200\n");
        Map<String, String> environment = Map.of(ConfigLoader.ES_URL_VARIABLE, "http://from-env:9201");

        assertEquals("http://from-env:9201",
                ConfigLoader.load(user, List.of(), environment).elasticsearch().get("url").asText());
        assertEquals("http://from-set:9202", ConfigLoader.load(user, List.of("elasticsearch.url=http://from-set:9202"),
                environment).elasticsearch().get("url").asText());
        assertEquals("http://from-file:9200", ConfigLoader.load(user, List.of(), Map.of()).elasticsearch().get("url").asText());
    }
}
