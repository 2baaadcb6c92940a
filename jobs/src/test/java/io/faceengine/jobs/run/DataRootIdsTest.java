package io.faceengine.jobs.run;

import io.faceengine.clustering.registry.DataRootId;
import io.faceengine.pipeline.io.RunFiles;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataRootIdsTest {
    @TempDir
    Path dir;

    @Test
    void theFirstRunCreatesTheIdAndEveryLaterOneReadsTheSame() throws Exception {
        Path root = dir.resolve("new-root");
        DataRootId id = DataRootIds.obtain(root.toString(), new Configuration());
        assertEquals(id, DataRootId.parse(Files.readString(root.resolve(DataRootId.FILE_NAME)), "file"));
        assertEquals(id, DataRootIds.obtain(root.toString(), new Configuration()));
        assertEquals(id, DataRootIds.obtain("file:" + root, new Configuration()), "the same data root as a URI");
        try (Stream<Path> files = Files.list(root)) {
            assertEquals(List.of(DataRootId.FILE_NAME), files.map(p -> p.getFileName().toString()).toList(),
                    "no temporary or checksum files beside it");
        }
    }

    @Test
    void ofConcurrentFirstRunsOneIdWinsAndAllUseIt() throws Exception {
        Path root = dir.resolve("raced");
        int writers = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<DataRootId>> ids = new ArrayList<>();
        try {
            for (int i = 0; i < writers; i++) {
                ids.add(pool.submit(() -> {
                    start.await();
                    return DataRootIds.obtain(root.toString(), new Configuration());
                }));
            }
            start.countDown();
            Set<String> seen = new TreeSet<>();
            for (Future<DataRootId> id : ids) {
                seen.add(id.get().id());
            }
            assertEquals(1, seen.size(), "one id: " + seen);
            assertEquals(seen.iterator().next(), DataRootIds.obtain(root.toString(), new Configuration()).id());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void creatingNeverReplacesAnExistingFile() throws Exception {
        RunFiles files = new RunFiles(new Configuration());
        org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(dir.resolve("once.json").toString());
        assertTrue(files.createAtomically(target, "first"));
        assertFalse(files.createAtomically(target, "second"));
        assertEquals("first", files.read(target).orElseThrow());
    }

    @Test
    void aDamagedIdFileStopsTheRunAndNamesTheFile() throws Exception {
        Path root = Files.createDirectories(dir.resolve("damaged"));
        Files.writeString(root.resolve(DataRootId.FILE_NAME), "{\"id\": \"");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DataRootIds.obtain(root.toString(), new Configuration()));
        assertTrue(e.getMessage().contains(root.resolve(DataRootId.FILE_NAME).toString()), e.getMessage());
        assertEquals("{\"id\": \"", Files.readString(root.resolve(DataRootId.FILE_NAME)), "left as it was");
    }
}
