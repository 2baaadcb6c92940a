package io.faceengine.training.retrain;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ClassShardTest {
    private static final CosFaceLoss LOSS = new CosFaceLoss(30f, 0.35f);

    @Test
    void imprintedCentresAreTheNormalisedClassMeans() {
        Iterator<ClassShard.ClassSample> samples = List.of(
                new ClassShard.ClassSample(0, new float[]{1, 0}),
                new ClassShard.ClassSample(0, new float[]{0, 1}),
                new ClassShard.ClassSample(1, new float[]{0, -2})).iterator();
        ClassShard shard = ClassShard.imprinted(3, 2, 2, samples);
        float h = (float) Math.sqrt(0.5);
        assertArrayEquals(new float[]{h, h, 0, -1}, shard.centres(), 1e-7f);
        assertEquals(0, shard.completedSteps());
    }

    @Test
    void imprintingNeedsEveryClassInOrder() {
        assertThrows(IllegalArgumentException.class, () -> ClassShard.imprinted(0, 2, 2,
                List.of(new ClassShard.ClassSample(0, new float[]{1, 0})).iterator()));
        assertThrows(IllegalArgumentException.class, () -> ClassShard.imprinted(0, 2, 2, List.of(
                new ClassShard.ClassSample(1, new float[]{1, 0}), new ClassShard.ClassSample(0, new float[]{1, 0})).iterator()));
    }

    @Test
    void aRetriedStepReturnsItsResultWithoutUpdatingTwice() {
        ClassShard shard = twoClasses();
        StepBatch step0 = batch(0);
        double[] normaliser = LOSS.combine(List.of(shard.forward(step0, LOSS, 8)), step0.weight()).logNormaliser();
        float[] first = shard.backward(step0, normaliser, LOSS, 8, 0.1f, 0.9f);
        float[] centres = shard.centres();

        float[] retried = shard.backward(step0, normaliser, LOSS, 8, 0.1f, 0.9f);
        assertSame(first, retried);
        assertArrayEquals(centres, shard.centres());
        assertEquals(1, shard.completedSteps());
    }

    @Test
    void aShardBehindOrAheadOfTheTrainerRefusesToGoOn() {
        ClassShard shard = twoClasses();
        assertThrows(ShardStateLostException.class, () -> shard.forward(batch(3), LOSS, 8));
        assertThrows(ShardStateLostException.class, () -> shard.backward(batch(1), new double[]{0}, LOSS, 8, 0.1f, 0.9f));
    }

    @Test
    void writesAndReadsItsExactState() throws IOException {
        ClassShard shard = twoClasses();
        StepBatch step0 = batch(0);
        double[] normaliser = LOSS.combine(List.of(shard.forward(step0, LOSS, 8)), step0.weight()).logNormaliser();
        shard.backward(step0, normaliser, LOSS, 8, 0.1f, 0.9f);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        shard.write(new DataOutputStream(bytes));

        ClassShard read = ClassShard.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), "test");
        assertArrayEquals(shard.centres(), read.centres());
        assertEquals(shard.info(), new ShardInfo(read.info().shard(), read.info().classes(), read.info().dimension(),
                read.info().completedSteps(), shard.info().stateBytes()));
        // Same momentum too: the next step moves both copies identically.
        StepBatch step1 = batch(1);
        double[] next = LOSS.combine(List.of(shard.forward(step1, LOSS, 8)), step1.weight()).logNormaliser();
        shard.backward(step1, next, LOSS, 8, 0.1f, 0.9f);
        read.backward(step1, next, LOSS, 8, 0.1f, 0.9f);
        assertArrayEquals(shard.centres(), read.centres());
    }

    private static ClassShard twoClasses() {
        return new ClassShard(0, 2, 2, new float[]{1, 0, 0, 1}, new float[4], 0);
    }

    private static StepBatch batch(long step) {
        float h = (float) Math.sqrt(0.5);
        return new StepBatch(step, 1, 2, new float[]{h, h}, new int[]{0}, new int[]{1}, new float[]{1});
    }
}
