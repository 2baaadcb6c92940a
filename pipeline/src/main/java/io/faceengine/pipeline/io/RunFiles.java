package io.faceengine.pipeline.io;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The run's small files (JSON records, markers) through Hadoop's FileSystem, so the data root can
 * be local, HDFS or an object store. Local files are written without Hadoop's .crc side files:
 * a side file left from an older version would fail the checksum of a replaced file.
 */
public final class RunFiles {
    private final Configuration conf;

    public RunFiles(Configuration conf) {
        this.conf = conf;
    }

    public Optional<String> read(Path path) throws IOException {
        FileSystem fs = fileSystem(path);
        if (!fs.exists(path)) {
            return Optional.empty();
        }
        try (FSDataInputStream in = fs.open(path)) {
            return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** Writes (or overwrites) a file; not atomic, so only for files no reader relies on mid-write. */
    public void write(Path path, String content) throws IOException {
        try (FSDataOutputStream out = fileSystem(path).create(path, true)) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Writes a file's bytes to a stream; the caller opens and closes the stream. */
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Replaces {@code path} so a reader sees either the old or the new content, never a partial
     * file: write a temporary file beside it, then rename it over the old one. The rename is atomic
     * on a local file system (rename(2)) and on HDFS (rename with OVERWRITE). Object stores (S3,
     * GCS) implement rename as copy + delete and are not atomic: there, commit through a table
     * format with its own atomic commit (e.g. Delta Lake or Iceberg) instead.
     */
    public void replaceAtomically(Path path, String content) throws IOException {
        replaceAtomically(path, out -> out.write(content.getBytes(StandardCharsets.UTF_8)));
    }

    /** As {@link #replaceAtomically(Path, String)}, for content written to a stream. */
    public void replaceAtomically(Path path, Content content) throws IOException {
        Path temp = temporaryBeside(path);
        FileSystem fs = fileSystem(path);
        try {
            try (FSDataOutputStream out = fs.create(temp, true)) {
                content.writeTo(out);
            }
            if (fs.getUri().getScheme().equals("file")) {
                // RawLocalFileSystem.rename is java.io.File.renameTo: one rename(2), replacing the target.
                if (!fs.rename(temp, path)) {
                    throw new IOException("cannot rename " + temp + " to " + path);
                }
            } else {
                FileContext.getFileContext(fs.getUri(), conf).rename(temp, path, Options.Rename.OVERWRITE);
            }
        } finally {
            if (fs.exists(temp)) {
                fs.delete(temp, false);
            }
        }
    }

    /**
     * Creates {@code path} with {@code content} unless it exists; true if this call created it. A
     * reader sees the whole content or no file, and of several writers exactly one wins: the content
     * goes to a temporary file that is then put in place by an operation that fails when the file
     * exists, link(2) on a local file system, rename without overwrite on HDFS. (Object stores check
     * and copy in two steps, so two writers starting at the same instant could both succeed there.)
     */
    public boolean createAtomically(Path path, String content) throws IOException {
        Path temp = temporaryBeside(path);
        FileSystem fs = fileSystem(path);
        try {
            try (FSDataOutputStream out = fs.create(temp, true)) {
                out.write(content.getBytes(StandardCharsets.UTF_8));
            }
            if (fs instanceof RawLocalFileSystem local) {
                Files.createLink(local.pathToFile(path).toPath(), local.pathToFile(temp).toPath());
            } else {
                FileContext.getFileContext(fs.getUri(), conf).rename(temp, path, Options.Rename.NONE);
            }
            return true;
        } catch (java.nio.file.FileAlreadyExistsException | org.apache.hadoop.fs.FileAlreadyExistsException e) {
            return false;
        } finally {
            if (fs.exists(temp)) {
                fs.delete(temp, false);
            }
        }
    }

    /** Hidden and unique, so concurrent writers (a retried task) never share a temporary file. */
    private static Path temporaryBeside(Path path) {
        return new Path(path.getParent(), "." + path.getName() + "." + UUID.randomUUID() + ".tmp");
    }

    /**
     * Deletes the files directly in {@code dir} whose names are not in {@code keep}, hidden ones
     * included (temporary files of killed writers); returns how many. Folders are left alone.
     */
    public int deleteFilesExcept(Path dir, Set<String> keep) throws IOException {
        FileSystem fs = fileSystem(dir);
        if (!fs.exists(dir)) {
            return 0;
        }
        int deleted = 0;
        for (FileStatus status : fs.listStatus(dir)) {
            if (status.isFile() && !keep.contains(status.getPath().getName()) && fs.delete(status.getPath(), false)) {
                deleted++;
            }
        }
        return deleted;
    }

    /** Creates an empty file unless it exists; true if this call created it. */
    public boolean createIfAbsent(Path path) throws IOException {
        FileSystem fs = fileSystem(path);
        return fs.createNewFile(path);
    }

    public boolean exists(Path path) throws IOException {
        return fileSystem(path).exists(path);
    }

    /** Files directly in {@code dir} whose names end with {@code suffix}, sorted by name; empty if none. */
    public List<Path> list(Path dir, String suffix) throws IOException {
        FileSystem fs = fileSystem(dir);
        if (!fs.exists(dir)) {
            return List.of();
        }
        return Arrays.stream(fs.listStatus(dir)).filter(FileStatus::isFile).map(FileStatus::getPath)
                .filter(p -> p.getName().endsWith(suffix) && !p.getName().startsWith("."))
                .sorted().toList();
    }

    /** The paths matching a Hadoop glob pattern, sorted; empty if none. */
    public List<Path> glob(Path pattern) throws IOException {
        FileStatus[] found = fileSystem(pattern).globStatus(pattern);
        return found == null ? List.of() : Arrays.stream(found).map(FileStatus::getPath).sorted().toList();
    }

    private FileSystem fileSystem(Path path) throws IOException {
        FileSystem fs = path.getFileSystem(conf);
        return fs instanceof LocalFileSystem local ? local.getRaw() : fs;
    }
}
