package io.faceengine.pipeline.stage;

import io.faceengine.pipeline.image.DecodeFailure;
import io.faceengine.pipeline.image.DecodedImage;
import io.faceengine.pipeline.image.ImageDecodeException;
import io.faceengine.pipeline.image.ImageDecoder;
import io.faceengine.pipeline.image.ImageLimits;
import io.faceengine.pipeline.table.ContentIds;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.faceengine.pipeline.table.FaceTables.*;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

/**
 * Looks at every listed file once: names it by the SHA-256 of its bytes and checks that it
 * decodes (size, format, oriented dimensions, or the failure reason). A file whose place, size
 * and modification time match what an earlier run read is not opened at all: its image id comes
 * from that run ({@link #UNCHANGED}). A file is read again whenever its size or modification time
 * differ; a file rewritten with the same size and the same modification time is not noticed
 * (the known limit of trusting the file system's metadata).
 * <p>Only regular files are opened, and never more than {@code image.maxFileBytes} of them is held,
 * so a FIFO, a device or a growing file cannot hang or exhaust the task.
 * <p>Reads: the {@link InputListing#SCHEMA} columns. Writes: {@link #PROBED}.
 */
public final class FileProbeStage implements FrameStage {
    /** Status of a file not read because an earlier run read it as it is now. */
    public static final String UNCHANGED = "UNCHANGED";
    private static final String STAGE = "file-probe";
    public static final StructType PROBED = new StructType()
            .add(IMAGE_ID, DataTypes.StringType, false).add(SET_ID, DataTypes.StringType, false)
            .add(URI, DataTypes.StringType, false).add(SIZE_BYTES, DataTypes.LongType, false)
            .add(MODIFIED_AT, DataTypes.LongType, true)
            .add(FORMAT, DataTypes.StringType, true).add(WIDTH, DataTypes.IntegerType, true)
            .add(HEIGHT, DataTypes.IntegerType, true).add(STATUS, DataTypes.StringType, false)
            .add(MESSAGE, DataTypes.StringType, true);

    private final ImageLimits limits;
    private final HashMap<String, String> hadoopConf;
    private final Dataset<Row> knownFiles;
    private final int tasks;

    /**
     * @param knownFiles the {@link io.faceengine.pipeline.table.FaceTables#INGESTED_FILES} rows of files whose
     *                   image earlier runs processed (these are not read again while unchanged), or null
     * @param tasks      how many Spark tasks share the reading and decoding
     */
    public FileProbeStage(ImageLimits limits, Map<String, String> hadoopConf, Dataset<Row> knownFiles, int tasks) {
        this.limits = limits;
        this.hadoopConf = new HashMap<>(hadoopConf);
        this.knownFiles = knownFiles;
        this.tasks = tasks;
    }

    @Override
    public StructType transformSchema(StructType input) {
        SchemaContract.require(STAGE, input, InputListing.SCHEMA.fields());
        return PROBED;
    }

    /**
     * Probes the listed entries; with known files, those unchanged since an earlier run read them are
     * found on the driver first ({@link UnchangedFiles}) and only the others are probed.
     */
    @Override
    public Dataset<Row> transform(Dataset<Row> input) {
        transformSchema(input.schema());
        if (knownFiles == null) {
            return probe(input);
        }
        UnchangedFiles.Split split;
        try {
            split = UnchangedFiles.split(input.sparkSession(),
                    input.select(col(SET_ID), col(URI), col(STATUS), col(MESSAGE)).collectAsList(), knownFiles);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot compare the listed files with the known ones", e);
        }
        return input.sparkSession().createDataFrame(split.unchanged(), PROBED).unionByName(probe(split.toProbe()));
    }

    /** Reads and decodes every entry (none is compared with earlier runs). */
    public Dataset<Row> probe(Dataset<Row> entries) {
        transformSchema(entries.schema());
        ImageLimits limits = this.limits;
        HashMap<String, String> conf = this.hadoopConf;
        // Spread the driver-side listing so every task slot hashes and decodes.
        return entries.select(col(SET_ID), col(URI), col(STATUS), col(MESSAGE)).repartition(tasks)
                .mapPartitions((MapPartitionsFunction<Row, Row>) rows -> {
                    Prober prober = new Prober(limits, HadoopConf.restore(conf));
                    return new BatchingIterator<>(rows, 1, one -> List.of(prober.probe(one.get(0))));
                }, Encoders.row(PROBED));
    }

    /**
     * The {@link io.faceengine.pipeline.table.FaceTables#INGESTED_FILES} rows of the files a probe read
     * (not those it found unchanged, nor places it could not read), for the next run's comparison.
     */
    public static Dataset<Row> filesRead(Dataset<Row> probed, String runId) {
        return probed.filter(col(STATUS).notEqual(UNCHANGED).and(col(MODIFIED_AT).isNotNull()))
                .select(col(URI), col(SIZE_BYTES), col(MODIFIED_AT), col(IMAGE_ID))
                .withColumn(RUN_ID, lit(runId));
    }

    /** The executor side: one per partition. */
    private static final class Prober {
        private final ImageLimits limits;
        private final ImageDecoder decoder;
        private final Configuration hadoop;

        Prober(ImageLimits limits, Configuration hadoop) {
            this.limits = limits;
            this.decoder = new ImageDecoder(limits);
            this.hadoop = hadoop;
        }

        Row probe(Row listed) {
            String setId = listed.getString(0);
            String uri = listed.getString(1);
            if (!listed.isNullAt(2)) {
                return failed(setId, uri, 0L, null, listed.getString(2), listed.getString(3));
            }
            Path path;
            FileSystem fs;
            long size;
            long modified;
            try {
                path = new Path(uri);
                fs = path.getFileSystem(hadoop);
                if (InputListing.isLocal(fs)) {
                    LocalFiles.State state = LocalFiles.inspect(InputListing.localPath(fs.makeQualified(path)));
                    if (state.fault() != null) {
                        return failed(setId, uri, 0L, null, state.fault().name(), state.message());
                    }
                    size = state.attributes().size();
                    modified = state.attributes().lastModifiedTime().toMillis();
                } else {
                    FileStatus status = fs.getFileStatus(path);
                    if (!status.isFile()) {
                        return failed(setId, uri, 0L, null, InputFault.NOT_A_REGULAR_FILE.name(),
                                uri + " is a directory or other non-file entry; it was not read.");
                    }
                    size = status.getLen();
                    modified = status.getModificationTime();
                }
            } catch (IOException | IllegalArgumentException e) {
                return unreadable(setId, uri, e);
            }
            MessageDigest sha = ContentIds.sha256();
            byte[] bytes;
            long read;
            try (InputStream in = InputListing.isLocal(fs)
                    ? Files.newInputStream(InputListing.localPath(fs.makeQualified(path))) : fs.open(path)) {
                // Hold at most maxFileBytes whatever the size said: a file may grow, or report 0 and never end.
                ByteArrayOutputStream held = new ByteArrayOutputStream((int) Math.min(size, limits.maxFileBytes()) + 1);
                read = copy(in, sha, held, limits.maxFileBytes());
                bytes = read <= limits.maxFileBytes() ? held.toByteArray() : null;
            } catch (IOException e) {
                return unreadable(setId, uri, e);
            }
            String imageId = ContentIds.hex(sha);
            if (bytes == null) {
                return RowFactory.create(imageId, setId, uri, read, modified, null, null, null, DecodeFailure.FILE_TOO_LARGE.name(),
                        "file is " + read + " bytes, over the limit of " + limits.maxFileBytes() + " (image.maxFileBytes)");
            }
            try {
                DecodedImage decoded = decoder.decode(bytes, uri);
                return RowFactory.create(imageId, setId, uri, read, modified, decoded.format(), decoded.image().width(),
                        decoded.image().height(), "OK", null);
            } catch (ImageDecodeException e) {
                return RowFactory.create(imageId, setId, uri, read, modified, null, null, null, e.reason().name(), e.getMessage());
            }
        }

        /** Hashes the whole stream, keeping the first {@code limit + 1} bytes; returns the byte count. */
        private static long copy(InputStream in, MessageDigest sha, ByteArrayOutputStream held, long limit) throws IOException {
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            int n;
            while ((n = in.read(buffer)) > 0) {
                sha.update(buffer, 0, n);
                if (total <= limit) {
                    held.write(buffer, 0, (int) Math.min(n, limit + 1 - total));
                }
                total += n;
            }
            return total;
        }

        private static Row unreadable(String setId, String uri, Exception e) {
            // No bytes, so no content id: name it by its URI; a later run retries it.
            return failed(setId, uri, 0L, null, DecodeFailure.UNREADABLE.name(), "cannot read " + uri + ": " + e.getMessage());
        }

        private static Row failed(String setId, String uri, long size, Long modified, String status, String message) {
            return RowFactory.create(ContentIds.unreadableImageId(uri), setId, uri, size, modified, null, null, null, status, message);
        }
    }
}
