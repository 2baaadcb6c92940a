package io.faceengine.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The crop store's bounded cache of run indexes, read from many threads at once. */
class CropStoreTest {
    @TempDir
    Path root;

    @Test
    void readsStayCorrectWhileRunsAreEvictedAndReopenedConcurrently() throws Exception {
        int runs = 3, facesPerRun = 4;
        List<String> runIds = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            String runId = "2026010" + (r + 1) + "-000000-abcdef";
            runIds.add(runId);
            for (int f = 0; f < facesPerRun; f++) {
                TestCrops.writeArchive(root, runId, f, Map.of(TestCrops.faceId(runId, f), TestCrops.jpeg(r * facesPerRun + f)));
            }
        }
        // One run cached at a time: nearly every read of another run evicts, closing archives other threads may be reading.
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try (CropStore store = new CropStore(root, 1)) {
            List<Future<?>> reads = new ArrayList<>();
            for (int i = 0; i < 600; i++) {
                int r = i % runs, f = (i / runs) % facesPerRun;
                reads.add(pool.submit(() -> {
                    CropStore.Crop crop = store.read(runIds.get(r), TestCrops.faceId(runIds.get(r), f));
                    assertArrayEquals(TestCrops.jpeg(r * facesPerRun + f), crop.jpeg());
                    return null;
                }));
            }
            for (Future<?> read : reads) {
                read.get();
            }
            CropStore.Crop again = store.read(runIds.get(0), TestCrops.faceId(runIds.get(0), 0));
            assertEquals(again.etag(), store.read(runIds.get(0), TestCrops.faceId(runIds.get(0), 0)).etag(), "a stable ETag");
        } finally {
            pool.shutdown();
        }
    }
}
