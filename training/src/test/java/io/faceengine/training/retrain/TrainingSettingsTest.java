package io.faceengine.training.retrain;

import io.faceengine.pipeline.config.ConfigLoader;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingSettingsTest {

    @Test
    void theShippedDefaultsAreTheTrainersDefaultsWithTrainingOff() {
        TrainingSettings settings = TrainingSettings.fromTree(ConfigLoader.defaultsOnly().training());
        assertFalse(settings.enabled());
        assertEquals(TrainingOptions.defaults(), settings.options());
        assertEquals(PairSampling.defaults(), settings.pairs());
        assertEquals(TrainingSettings.Method.ADAPTER, settings.method());
        assertEquals(TrainingSettings.NetworkSettings.defaults(), settings.network());
    }

    @Test
    void theNetworkMethodTakesItsOwnSection() {
        TrainingSettings settings = TrainingSettings.fromTree(ConfigLoader.load(null, List.of("training.method=network",
                "training.network.epochs=2", "training.network.learningRate=0.00005", "training.network.preservation=3",
                "training.network.maxFaces=500")).training());
        assertEquals(TrainingSettings.Method.NETWORK, settings.method());
        assertEquals(2, settings.network().options().epochs());
        assertEquals(5e-5, settings.network().options().learningRate());
        assertEquals(3, settings.network().options().preservation());
        assertEquals(500, settings.network().maxFaces());
        assertEquals(4, settings.withEpochs(4).network().options().epochs(), "--epochs reaches the method in use");
    }

    @Test
    void anUnknownMethodOrNetworkKeyIsAnError() {
        var method = assertThrows(IllegalArgumentException.class,
                () -> TrainingSettings.fromTree(ConfigLoader.load(null, List.of("training.method=backbone")).training()));
        assertTrue(method.getMessage().contains("adapter or network"), method.getMessage());
        var key = assertThrows(IllegalArgumentException.class,
                () -> TrainingSettings.fromTree(ConfigLoader.load(null, List.of("training.network.epoch=2")).training()));
        assertTrue(key.getMessage().contains("training.network.epoch"), key.getMessage());
    }

    @Test
    void overridesReachTheOptions() {
        TrainingSettings settings = TrainingSettings.fromTree(ConfigLoader.load(null, List.of("training.enabled=true",
                "training.epochs=3", "training.shards=2", "training.margin=0.2", "training.verification.maxFacesPerIdentity=4", "training.verification.maxFaces=500"))
                .training());
        assertTrue(settings.enabled());
        assertEquals(3, settings.options().epochs());
        assertEquals(2, settings.options().shards());
        assertEquals(0.2, settings.options().margin());
        assertEquals(4, settings.pairs().maxFacesPerIdentity());
        assertEquals(500, settings.pairs().maxFaces());
    }

    @Test
    void anUnknownKeyIsAnError() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> TrainingSettings.fromTree(ConfigLoader.load(null, List.of("training.epoch=3")).training()));
        assertTrue(e.getMessage().contains("training.epoch"), e.getMessage());
    }
}
