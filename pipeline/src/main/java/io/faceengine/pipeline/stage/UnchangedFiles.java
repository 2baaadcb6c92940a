package io.faceengine.pipeline.stage;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.Collectors;

import static io.faceengine.pipeline.table.FaceTables.*;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.struct;

/**
 * Splits a listing into the files an earlier run read as they are now (not opened again: their
 * image id comes from that run) and the entries that must be probed. The check runs on the driver,
 * which holds the listing anyway: one Spark job fetches what earlier runs recorded about the listed
 * places, and the files are looked at in parallel (local ones one by one, which costs a system call
 * each; others with one listing per folder, not one request per file). So a rerun over unchanged
 * input starts no task per file and writes nothing per file.
 * <p>A file is unchanged when it is a regular file whose size and modification time equal those the
 * latest run that read it recorded; anything else (changed, new, vanished, odd) is left to the probe,
 * which decides and records it.
 */
public final class UnchangedFiles {
    private static final int LOOKUP_THREADS = 16;

    private record Known(long size, long modifiedAt, String imageId) {
    }

    private record Seen(long size, long modifiedAt) {
    }

    /**
     * @param unchanged the unchanged files as {@link FileProbeStage#PROBED} rows with status {@link FileProbeStage#UNCHANGED}
     * @param toProbe   the other listed entries, in {@link InputListing#SCHEMA}, a driver-side table
     * @param listed    how many entries the listing had
     */
    public record Split(List<Row> unchanged, Dataset<Row> toProbe, long toProbeCount, long listed) {
    }

    private UnchangedFiles() {
    }

    /**
     * @param entries    the {@link InputListing#rows} (set_id, uri, status, message)
     * @param knownFiles the {@link io.faceengine.pipeline.table.FaceTables#INGESTED_FILES} rows of files whose
     *                   image earlier runs processed, or null (then every entry is probed)
     */
    public static Split split(SparkSession spark, List<Row> entries, Dataset<Row> knownFiles) throws IOException {
        Map<String, Known> known = knownFiles == null ? Map.of() : latestKnown(spark, entries, knownFiles);
        List<Row> candidates = entries.stream().filter(e -> e.isNullAt(2) && known.containsKey(e.getString(1))).toList();
        Map<String, Seen> seen = look(candidates.stream().map(e -> e.getString(1)).toList(),
                spark.sparkContext().hadoopConfiguration());
        List<Row> unchanged = new ArrayList<>();
        List<Row> toProbe = new ArrayList<>();
        for (Row entry : entries) {
            String uri = entry.getString(1);
            Known before = entry.isNullAt(2) ? known.get(uri) : null;
            Seen now = before == null ? null : seen.get(uri);
            if (now != null && now.size() == before.size() && now.modifiedAt() == before.modifiedAt()) {
                unchanged.add(RowFactory.create(before.imageId(), entry.getString(0), uri, now.size(), now.modifiedAt(),
                        null, null, null, FileProbeStage.UNCHANGED, null));
            } else {
                toProbe.add(entry);
            }
        }
        return new Split(unchanged, spark.createDataFrame(toProbe, InputListing.SCHEMA), toProbe.size(), entries.size());
    }

    /** What the latest run that read each listed place recorded (a place read several times changed in between). */
    private static Map<String, Known> latestKnown(SparkSession spark, List<Row> entries, Dataset<Row> knownFiles) {
        List<String> uris = entries.stream().filter(e -> e.isNullAt(2)).map(e -> e.getString(1)).distinct().toList();
        if (uris.isEmpty()) {
            return Map.of();
        }
        Dataset<Row> listedUris = spark.createDataset(uris, Encoders.STRING()).toDF(URI);
        Map<String, Known> known = new HashMap<>();
        for (Row r : knownFiles.join(broadcast(listedUris), new String[]{URI}, "left_semi").groupBy(URI)
                .agg(max_by(struct(col(SIZE_BYTES), col(MODIFIED_AT), col(IMAGE_ID)), col(RUN_ID)).as("k"))
                .select(col(URI), col("k." + SIZE_BYTES), col("k." + MODIFIED_AT), col("k." + IMAGE_ID))
                .collectAsList()) {
            if (!r.isNullAt(1) && !r.isNullAt(2)) {
                known.put(r.getString(0), new Known(r.getLong(1), r.getLong(2), r.getString(3)));
            }
        }
        return known;
    }

    /** Size and modification time of the regular files among {@code uris}; others are left out. */
    private static Map<String, Seen> look(List<String> uris, Configuration conf) throws IOException {
        Map<String, Seen> seen = new ConcurrentHashMap<>();
        Map<Boolean, List<String>> byLocality = new HashMap<>();
        // One file system lookup per scheme and authority, not per file.
        Map<String, Boolean> localPlaces = new HashMap<>();
        for (String uri : uris) {
            java.net.URI place = new Path(uri).toUri();
            String key = place.getScheme() + "://" + place.getAuthority();
            Boolean local = localPlaces.get(key);
            if (local == null) {
                local = InputListing.isLocal(new Path(uri).getFileSystem(conf));
                localPlaces.put(key, local);
            }
            byLocality.computeIfAbsent(local, k -> new ArrayList<>()).add(uri);
        }
        // Waiting on the file system, not computing: more threads than cores (the common pool has one per core).
        ForkJoinPool pool = new ForkJoinPool(LOOKUP_THREADS);
        try {
            pool.submit(() -> {
                lookLocal(byLocality.getOrDefault(true, List.of()), seen);
                lookByFolder(byLocality.getOrDefault(false, List.of()), conf, seen);
            }).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while looking at the listed files", e);
        } catch (ExecutionException e) {
            throw new IOException("cannot look at the listed files", e.getCause());
        } finally {
            pool.shutdown();
        }
        return seen;
    }

    private static void lookLocal(List<String> uris, Map<String, Seen> seen) {
        uris.parallelStream().forEach(uri -> {
            try {
                LocalFiles.State state = LocalFiles.inspect(InputListing.localPath(new Path(uri)));
                if (state.fault() == null) {
                    seen.put(uri, new Seen(state.attributes().size(), state.attributes().lastModifiedTime().toMillis()));
                }
            } catch (IOException e) {
                // Vanished or unreadable: the probe finds out again and records why.
            }
        });
    }

    /** One listing per folder instead of one request per file (object stores answer both equally slowly). */
    private static void lookByFolder(List<String> uris, Configuration conf, Map<String, Seen> seen) {
        Map<Path, List<String>> byFolder = uris.stream().collect(Collectors.groupingBy(uri -> new Path(uri).getParent()));
        byFolder.entrySet().parallelStream().forEach(folder -> {
            try {
                FileSystem fs = folder.getKey().getFileSystem(conf);
                Map<String, FileStatus> inFolder = new HashMap<>();
                for (FileStatus status : fs.listStatus(folder.getKey())) {
                    inFolder.put(status.getPath().getName(), status);
                }
                for (String uri : folder.getValue()) {
                    FileStatus status = inFolder.get(new Path(uri).getName());
                    if (status != null && status.isFile()) {
                        seen.put(uri, new Seen(status.getLen(), status.getModificationTime()));
                    }
                }
            } catch (IOException e) {
                // The folder cannot be listed: its files are probed one by one, which records why.
            }
        });
    }
}
