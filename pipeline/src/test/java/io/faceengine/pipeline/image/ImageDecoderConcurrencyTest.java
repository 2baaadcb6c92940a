package io.faceengine.pipeline.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ImageDecoderConcurrencyTest {
    private static final int THREADS = 6;
    private static final int ROUNDS = 20;

    @Test
    void oneDecoderSharedByManyThreadsGivesTheSameResultsAsOneThread() throws Exception {
        ImageDecoder decoder = new ImageDecoder();
        List<byte[]> inputs = List.of(
                TestImages.jpeg(TestImages.textured(), false),
                TestImages.jpeg(TestImages.textured(), true),
                TestImages.encode(TestImages.textured(), "png"),
                TestImages.encode(TestImages.indexed(TestImages.textured()), "gif"),
                TestImages.encode(TestImages.quadrants(), "bmp"),
                TestImages.resource("texture-lossy.webp"),
                TestImages.resource("texture-lossless.webp"),
                TestImages.resource("quadrants-ycck.jpg"),
                TestImages.resource("quadrants-exif6.jpg"));
        List<byte[]> expected = new ArrayList<>();
        for (byte[] input : inputs) {
            expected.add(decoder.decode(input).image().rgb());
        }

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<byte[]>> results = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                for (byte[] input : inputs) {
                    Callable<byte[]> decode = () -> decoder.decode(input).image().rgb();
                    results.add(pool.submit(decode));
                }
            }
            for (int i = 0; i < results.size(); i++) {
                assertArrayEquals(expected.get(i % inputs.size()), results.get(i).get(), "input " + i % inputs.size());
            }
            assertEquals(ROUNDS * inputs.size(), results.size());
        } finally {
            pool.shutdownNow();
        }
    }
}
