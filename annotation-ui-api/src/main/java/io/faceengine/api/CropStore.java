package io.faceengine.api;

import io.faceengine.pipeline.table.ContentIds;
import io.faceengine.pipeline.table.CropArchives;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The aligned crops of the runs' clustered faces, read with {@link ZipFile} from the archives the
 * publish step writes under {@code runs/<runId>/crops/} (names in {@link CropArchives}). Per run,
 * an index face id → archive entry is built from the archives' central directories on first use
 * and kept, archives open, for the most recently used runs. A face the index lacks rebuilds it
 * once if the run's archives changed since (published after the first request).
 */
final class CropStore implements AutoCloseable {
    /** Crops are 112x112 JPEGs of a few KB; anything far larger is not one. */
    static final int MAX_CROP_BYTES = 1 << 20;

    /** A crop's bytes and the ETag that names them: the entry's CRC-32 and length. */
    record Crop(byte[] jpeg, String etag) {
    }

    private final DataRootPaths paths;
    private final Path root;
    private final int maxRuns;
    /** Guarded by this; least recently used first. */
    private final LinkedHashMap<String, RunCrops> runs = new LinkedHashMap<>(16, 0.75f, true);

    CropStore(Path root, int maxRuns) {
        this.paths = new DataRootPaths(root);
        this.root = paths.root();
        this.maxRuns = maxRuns;
    }

    /**
     * The crop of a face of a run: 400 when an id is not of the form the jobs write, 404 when the run
     * has no such crop. Only files named like archives, directly in the run's crops folder and inside
     * the data root after resolving links, are ever opened.
     */
    Crop read(String runId, String faceId) {
        if (!RunFolders.RUN_ID.matcher(runId).matches()) {
            throw ApiException.badRequest("run id must be letters, digits, '.', '_', '-' (not starting with '.'), got '"
                    + runId + "'");
        }
        if (!ContentIds.FACE_ID.matcher(faceId).matches()) {
            throw ApiException.badRequest("face id must be <64 hex digits of the image's SHA-256>:<detection index>, got '"
                    + faceId + "'");
        }
        Path folder = root.resolve(RunFolders.RUNS).resolve(runId).resolve(CropArchives.FOLDER);
        RunCrops built = null;
        boolean rebuilt = false;
        while (true) {
            RunCrops current;
            synchronized (this) {
                current = runs.get(runId);
                if (current == null && built != null) {
                    current = install(runId, built);
                } else if (built != null) {
                    built.close(); // another request built it first
                }
                built = null;
                if (current != null) {
                    ZipEntryRef ref = current.index.get(faceId);
                    if (ref != null) {
                        return read(ref, runId, faceId); // under the lock, so no eviction closes the archive meanwhile
                    }
                }
            }
            if (current == null) {
                built = RunCrops.open(runId, paths, folder, listing(runId, folder));
                continue;
            }
            if (rebuilt || current.listing.equals(listing(runId, folder))) {
                throw ApiException.notFound("run " + runId + " has no crop of face " + faceId);
            }
            evict(runId, current);
            rebuilt = true;
        }
    }

    @Override
    public synchronized void close() {
        runs.values().forEach(RunCrops::close);
        runs.clear();
    }

    /** Caches a run's index, closing the least recently used runs beyond the bound. */
    private synchronized RunCrops install(String runId, RunCrops built) {
        runs.put(runId, built);
        while (runs.size() > maxRuns) {
            String eldest = runs.keySet().iterator().next();
            runs.remove(eldest).close();
        }
        return built;
    }

    private synchronized void evict(String runId, RunCrops crops) {
        if (runs.get(runId) == crops) {
            runs.remove(runId);
        }
        crops.close();
    }

    /** The entry's bytes, checked against its CRC-32 (ZipFile does not): a damaged crop is refused, never served. */
    private static Crop read(ZipEntryRef ref, String runId, String faceId) {
        try (InputStream in = ref.zip.getInputStream(ref.entry)) {
            byte[] jpeg = in.readAllBytes();
            CRC32 crc = new CRC32();
            crc.update(jpeg);
            if (crc.getValue() != ref.entry.getCrc() || jpeg.length != ref.entry.getSize()) {
                throw ApiException.dataRootInvalid("the crop of face " + faceId + " of run " + runId
                        + " is damaged in its archive (its CRC-32 does not match)");
            }
            return new Crop(jpeg, "\"" + String.format("%08x", ref.entry.getCrc()) + "-" + jpeg.length + "\"");
        } catch (IOException e) {
            throw ApiException.dataRootUnavailable("cannot read the crop of face " + faceId + " of run " + runId + ": "
                    + e.getClass().getSimpleName());
        }
    }

    /** Name, length and modification time of each archive of a run, by name; 404 when the run has no crops folder. */
    private List<ArchiveFile> listing(String runId, Path folder) {
        if (!Files.isDirectory(root)) {
            throw ApiException.dataRootUnavailable("the data root " + root.getFileName() + " is not a readable folder");
        }
        List<ArchiveFile> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (CropArchives.partNumber(name).isPresent()) {
                    BasicFileAttributes attributes =
                            Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    if (!attributes.isRegularFile()) {
                        throw ApiException.dataRootInvalid("crop archive " + name + " of run " + runId
                                + " is not a regular file");
                    }
                    out.add(new ArchiveFile(name, attributes.size(), attributes.lastModifiedTime().toMillis()));
                }
            }
        } catch (NoSuchFileException e) {
            throw ApiException.notFound("run " + runId + " has no crops (not published yet, or by a version that wrote none)");
        } catch (IOException e) {
            throw ApiException.dataRootUnavailable("cannot list the crops of run " + runId + ": " + e.getClass().getSimpleName());
        }
        out.sort(Comparator.comparing(ArchiveFile::name));
        return out;
    }

    private record ArchiveFile(String name, long size, long modifiedMillis) {
    }

    private record ZipEntryRef(ZipFile zip, ZipEntry entry) {
    }

    /** One run's open archives and its face id → entry index; closed only under the store's lock. */
    private static final class RunCrops {
        final List<ArchiveFile> listing;
        final List<ZipFile> zips;
        final Map<String, ZipEntryRef> index;

        private RunCrops(List<ArchiveFile> listing, List<ZipFile> zips, Map<String, ZipEntryRef> index) {
            this.listing = listing;
            this.zips = zips;
            this.index = index;
        }

        static RunCrops open(String runId, DataRootPaths paths, Path folder, List<ArchiveFile> listing) {
            List<ZipFile> zips = new ArrayList<>();
            Map<String, ZipEntryRef> index = new HashMap<>();
            try {
                for (ArchiveFile archive : listing) {
                    Path file = paths.inside(folder.resolve(archive.name()),
                            "crop archive " + archive.name() + " of run " + runId);
                    ZipFile zip = new ZipFile(file.toFile());
                    zips.add(zip);
                    for (ZipEntry entry : Collections.list(zip.entries())) {
                        if (entry.getSize() <= MAX_CROP_BYTES) {
                            CropArchives.faceIdOf(entry.getName()).ifPresent(id -> index.put(id, new ZipEntryRef(zip, entry)));
                        }
                    }
                }
                return new RunCrops(listing, zips, index);
            } catch (ZipException e) {
                closeAll(zips);
                throw ApiException.dataRootInvalid("a crop archive of run " + runId + " is not a readable ZIP file");
            } catch (IOException e) {
                closeAll(zips);
                throw ApiException.dataRootUnavailable("cannot open the crop archives of run " + runId + ": "
                        + e.getClass().getSimpleName());
            } catch (RuntimeException e) {
                closeAll(zips);
                throw e;
            }
        }

        void close() {
            closeAll(zips);
        }

        private static void closeAll(List<ZipFile> zips) {
            for (ZipFile zip : zips) {
                try {
                    zip.close();
                } catch (IOException e) {
                    // Read-only files: nothing is lost when closing fails.
                }
            }
        }
    }
}
