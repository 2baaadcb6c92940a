package io.faceengine.clustering.bench;

import com.sun.management.GarbageCollectionNotificationInfo;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Times one phase of the benchmark and measures its memory: the live heap (used heap right after a
 * collection, the part a smaller heap could not reclaim) at its highest during the phase and at the
 * end with the phase's result still held, plus the process's peak resident set.
 *
 * <p>Only one phase may be measured at a time. The live-heap peak sees collections that happened
 * during the phase; short-lived temporaries that die between collections are not seen, which the
 * resident-set peak bounds from above.
 */
final class PhaseMeter {
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");
    private static final double MB = 1024.0 * 1024.0;

    private static final Set<String> HEAP_POOLS = new HashSet<>();
    private static final AtomicLong LIVE_PEAK = new AtomicLong();

    static {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                HEAP_POOLS.add(pool.getName());
            }
        }
        NotificationListener listener = (notification, handback) -> {
            if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                LIVE_PEAK.accumulateAndGet(heapUsed(info.getGcInfo().getMemoryUsageAfterGc()), Math::max);
            }
        };
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
            }
        }
    }

    /** Whether the resident-set peak could be reset per phase; otherwise it is the process's peak so far. */
    static final boolean RSS_PEAK_PER_PHASE = resetRssPeak();

    private PhaseMeter() {
    }

    /**
     * @param seconds         wall time of the phase
     * @param liveHeapBeforeMb live heap when the phase started
     * @param liveHeapPeakMb  highest live heap seen during the phase (including its end)
     * @param liveHeapAfterMb live heap at the end with the phase's result still referenced
     * @param rssPeakMb       peak resident set of the process during the phase
     * @param gcCount         collections during the phase
     * @param gcSeconds       time the collectors report for them
     */
    record Phase(double seconds, double liveHeapBeforeMb, double liveHeapPeakMb, double liveHeapAfterMb,
                 double rssPeakMb, long gcCount, double gcSeconds) {
    }

    record Measured<T>(T result, Phase phase) {
    }

    static <T> Measured<T> measure(Supplier<T> work) {
        long before = collectAndMeasure();
        resetRssPeak();
        LIVE_PEAK.set(before);
        long gcCount = gcCount();
        long gcMillis = gcMillis();
        long start = System.nanoTime();
        T result = work.get();
        double seconds = (System.nanoTime() - start) / 1e9;
        long gcCountDuring = gcCount() - gcCount;
        double gcSecondsDuring = (gcMillis() - gcMillis) / 1e3;
        double rss = rssPeakBytes() / MB;
        long after = collectAndMeasure();
        long peak = Math.max(LIVE_PEAK.get(), after);
        return new Measured<>(result, new Phase(seconds, before / MB, peak / MB, after / MB, rss, gcCountDuring, gcSecondsDuring));
    }

    /** Full collection, then the heap in use: what survives is live. */
    private static long collectAndMeasure() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long heapUsed(Map<String, MemoryUsage> usageByPool) {
        long used = 0;
        for (Map.Entry<String, MemoryUsage> pool : usageByPool.entrySet()) {
            if (HEAP_POOLS.contains(pool.getKey())) {
                used += pool.getValue().getUsed();
            }
        }
        return used;
    }

    private static long gcCount() {
        long count = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
        }
        return count;
    }

    private static long gcMillis() {
        long millis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            millis += Math.max(0, gc.getCollectionTime());
        }
        return millis;
    }

    /** Linux resets the peak resident set (VmHWM) to the current one when "5" is written to clear_refs. */
    private static boolean resetRssPeak() {
        try {
            Files.writeString(CLEAR_REFS, "5");
            return true;
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    static long rssPeakBytes() {
        long kilobytes = statusKilobytes("VmHWM:");
        return kilobytes < 0 ? -1 : kilobytes * 1024;
    }

    private static long statusKilobytes(String key) {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
