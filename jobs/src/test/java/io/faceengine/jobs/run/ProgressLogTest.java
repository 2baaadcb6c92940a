package io.faceengine.jobs.run;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ProgressLogTest {
    @Test
    void logsAtMostOncePerIntervalWithRateAndEta() {
        AtomicLong now = new AtomicLong();
        List<String> lines = new ArrayList<>();
        ProgressLog log = new ProgressLog("detect", "images", 1000, Duration.ofSeconds(10), now::get, lines::add);
        now.set(5_000_000_000L);
        log.reached(100);
        assertEquals(List.of(), lines, "before the interval nothing is logged");
        now.set(10_000_000_000L);
        log.reached(200);
        assertEquals(List.of("detect: 200/1000 images (20.0%), 20.0/s, ETA 40s"), lines);
        now.set(100_000_000_000L);
        log.reached(1000);
        log.finish();
        assertEquals("detect: 1000/1000 images (100.0%), 10.0/s, took 1m40s", lines.get(2));
    }

    @Test
    void formatsLongDurations() {
        assertEquals("59s", ProgressLog.duration(59));
        assertEquals("1m05s", ProgressLog.duration(65));
        assertEquals("2h03m", ProgressLog.duration(2 * 3600 + 3 * 60 + 9));
    }
}
