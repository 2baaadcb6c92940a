package io.faceengine.training.retrain;

import io.faceengine.pipeline.stage.HadoopConf;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.HashMap;

/**
 * The folder of one checkpoint's shard files, usable on executors: each shard reads and writes
 * its own file ({@code shard-00007.bin}), so class centres never pass through the driver.
 *
 * @param hadoop the driver's Hadoop settings, so executors reach the same file system
 */
record ShardFiles(String folder, HashMap<String, String> hadoop) implements Serializable {

    Path file(int shard) {
        return new Path(folder, String.format("shard-%05d.bin", shard));
    }

    ShardInfo write(ClassShard shard) {
        Path path = file(shard.shard());
        try {
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(fileSystem(path).create(path, true), 1 << 16))) {
                shard.write(out);
            }
            return shard.info();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write classifier shard " + path, e);
        }
    }

    ClassShard read(int shard) {
        Path path = file(shard);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(fileSystem(path).open(path), 1 << 16))) {
            ClassShard loaded = ClassShard.read(in, path.toString());
            if (loaded.shard() != shard) {
                throw new IOException(path + " holds shard " + loaded.shard() + ", expected " + shard);
            }
            return loaded;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read classifier shard " + path, e);
        }
    }

    /** Local files without Hadoop's .crc side files (a stale one would fail a rewritten file's checksum). */
    private FileSystem fileSystem(Path path) throws IOException {
        FileSystem fs = path.getFileSystem(HadoopConf.restore(hadoop));
        return fs instanceof LocalFileSystem local ? local.getRaw() : fs;
    }
}
