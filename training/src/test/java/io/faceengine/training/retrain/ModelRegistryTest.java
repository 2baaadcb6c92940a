package io.faceengine.training.retrain;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelRegistryTest {
    private static final Configuration CONF = new Configuration();
    private static final TrainingClaim FIRST = claim(1, 5);
    private static final TrainingClaim SECOND = claim(2, 5);

    @TempDir
    java.nio.file.Path root;

    @Test
    void versionsCountUpAndNeverOverwriteEachOther() throws IOException {
        ModelRegistry registry = new ModelRegistry(CONF, root.toString());
        assertEquals(1, registry.start(FIRST));
        registry.complete(card(1, FIRST, false), adapter(0.5f));
        byte[] firstModel = Files.readAllBytes(local(registry, 1, ModelRegistry.MODEL));
        byte[] firstAdapter = Files.readAllBytes(local(registry, 1, ModelRegistry.ADAPTER));
        assertTrue(ModelRegistry.promoted(CONF, root.toString()).isEmpty(), "a version not promoted is not current");

        assertEquals(2, registry.start(SECOND));
        registry.complete(card(2, SECOND, true), adapter(2f));
        assertEquals(List.of(1, 2), registry.versions());
        assertEquals(firstModel.length, Files.readAllBytes(local(registry, 1, ModelRegistry.MODEL)).length);
        assertEquals(new String(firstModel), Files.readString(local(registry, 1, ModelRegistry.MODEL)));
        assertEquals(new String(firstAdapter), Files.readString(local(registry, 1, ModelRegistry.ADAPTER)));

        PromotedAdapter promoted = ModelRegistry.promoted(CONF, root.toString()).orElseThrow();
        assertEquals(2, promoted.version());
        assertEquals("adapter-v2", promoted.modelTag());
        assertEquals(adapter(2f), promoted.adapter());
        assertEquals(card(2, SECOND, true), registry.card(2).orElseThrow(), "model.json reads back as written");
        assertEquals(2, registry.completed(SECOND).orElseThrow().version());
        assertTrue(registry.completed(claim(3, 5)).isEmpty());
    }

    @Test
    void anInterruptedVersionIsTakenOverWithItsCheckpointsOnlyWhenStartedTheSameWay() throws IOException {
        ModelRegistry registry = new ModelRegistry(CONF, root.toString());
        assertEquals(1, registry.start(FIRST));
        java.nio.file.Path checkpoint = Files.createDirectories(java.nio.file.Path.of(registry.checkpoints(1).toUri().getPath()))
                .resolve("epoch-1");
        Files.writeString(checkpoint, "state");

        assertEquals(1, registry.start(FIRST), "a crashed retrain continues its own version");
        assertTrue(Files.exists(checkpoint), "and keeps its checkpoints");

        TrainingClaim moreEpochs = claim(1, 6);
        assertEquals(1, registry.start(moreEpochs), "no number is skipped");
        assertFalse(Files.exists(checkpoint), "checkpoints of other settings are not resumed");
        Files.createDirectories(checkpoint.getParent());
        Files.writeString(checkpoint, "state");
        registry.complete(card(1, moreEpochs, false), adapter(1f));
        assertFalse(Files.exists(checkpoint.getParent()), "a complete version keeps no checkpoints");
        assertEquals(2, registry.start(FIRST), "a complete version is never reused for new training");
    }

    @Test
    void aPromotionCutShortBeforeTheCurrentPointerIsFinished() throws IOException {
        ModelRegistry registry = new ModelRegistry(CONF, root.toString());
        registry.start(FIRST);
        registry.complete(card(1, FIRST, true), adapter(1f));
        registry.start(SECOND);
        registry.complete(card(2, SECOND, true), adapter(2f));
        // As if the process died after writing v3's model.json, before current.json.
        registry.start(claim(3, 5));
        registry.complete(card(3, claim(3, 5), false), adapter(3f));
        java.nio.file.Path current = root.resolve("models").resolve(ModelRegistry.CURRENT);
        String pointingAtTwo = Files.readString(current);
        Files.writeString(current, pointingAtTwo.replace("\"version\" : 2", "\"version\" : 1").replace("v2/", "v1/"));
        assertEquals(1, registry.currentVersion().orElseThrow());

        assertTrue(registry.finishPromotion());
        assertEquals(2, registry.currentVersion().orElseThrow(), "the latest promoted version, not the latest version");
        assertFalse(registry.finishPromotion(), "nothing left to finish");
    }

    @Test
    void theCurrentPointerIsReplacedWholeWithNothingLeftBeside() throws IOException {
        ModelRegistry registry = new ModelRegistry(CONF, root.toString());
        for (int v = 1; v <= 3; v++) {
            registry.start(claim(v, 5));
            registry.complete(card(v, claim(v, 5), true), adapter(v));
            assertEquals(v, registry.currentVersion().orElseThrow());
        }
        try (Stream<java.nio.file.Path> files = Files.list(root.resolve("models"))) {
            assertEquals(List.of("adapters", "current.json"),
                    files.map(p -> p.getFileName().toString()).sorted().toList(), "no temporary files remain");
        }
        assertTrue(Files.readString(root.resolve("models").resolve(ModelRegistry.CURRENT)).contains("adapters/v3/adapter.json"));
    }

    private static java.nio.file.Path local(ModelRegistry registry, int version, String file) {
        return java.nio.file.Path.of(new Path(registry.versionFolder(version), file).toUri().getPath());
    }

    private static TrainingClaim claim(int manifestVersion, int epochs) {
        return TrainingClaim.adapter(manifestVersion, "run-" + manifestVersion, TrainingOptions.defaults().withEpochs(epochs),
                PairSampling.defaults());
    }

    private static EmbeddingAdapter adapter(float scale) {
        return new EmbeddingAdapter(2, new float[]{scale, 0, 0, 1}, new float[]{0, 0.25f});
    }

    private static ModelCard card(int version, TrainingClaim claim, boolean promoted) {
        VerificationResult candidate = new VerificationResult(0.5, 0.9, 10, 90, promoted ? 0.95 : 0.85, 1e-3, 0.8, 8, 72, 14, 12);
        VerificationResult current = new VerificationResult(0.5, 0.9, 10, 90, 0.9, 1e-3, 0.7, 8, 72, 14, 12);
        return new ModelCard(version, "2026-01-01T00:00:00Z", List.of("mobilefacenet"), claim.manifestVersion(),
                claim.manifestRunId(), claim.options(), claim.pairs(), new TrainingData(100, 10, 2, 42L, new int[]{5, 5}),
                List.of(new EpochSummary(1, 1, 100, 1.5, 0.5, 0.1, 0.2)), candidate, null, current, promoted,
                promoted ? "promoted" : "not promoted", null);
    }
}
