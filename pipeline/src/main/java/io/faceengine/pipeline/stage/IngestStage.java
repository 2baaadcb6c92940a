package io.faceengine.pipeline.stage;

import io.faceengine.pipeline.image.DecodedImage;
import io.faceengine.pipeline.image.ImageDecodeException;
import io.faceengine.pipeline.image.ImageDecoder;
import io.faceengine.pipeline.image.ImageLimits;
import io.faceengine.pipeline.image.DecodeFailure;
import io.faceengine.pipeline.table.ContentIds;
import io.faceengine.pipeline.table.FaceTables;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.faceengine.pipeline.table.FaceTables.*;
import static org.apache.spark.sql.functions.*;

/**
 * Ingest: reads every input file once, names it by the SHA-256 of its bytes, checks that it
 * decodes (recording size, format and oriented dimensions, or the failure reason), folds
 * byte-identical files into one row that lists the other places they were found, and drops
 * images a previous run already processed.
 * <p>Reads: set_id, uri. Writes: the {@link FaceTables#IMAGES} schema.
 */
public final class IngestStage implements FrameStage {
    private static final String STAGE = "ingest";
    static final StructType PROBED = new StructType()
            .add(IMAGE_ID, DataTypes.StringType, false).add(SET_ID, DataTypes.StringType, false)
            .add(URI, DataTypes.StringType, false).add(SIZE_BYTES, DataTypes.LongType, false)
            .add(FORMAT, DataTypes.StringType, true).add(WIDTH, DataTypes.IntegerType, true)
            .add(HEIGHT, DataTypes.IntegerType, true).add(STATUS, DataTypes.StringType, false)
            .add(MESSAGE, DataTypes.StringType, true);

    private final ImageLimits limits;
    private final String runId;
    private final HashMap<String, String> hadoopConf;
    private final Dataset<Row> knownImageIds;

    /**
     * @param knownImageIds image_id of every image earlier committed runs processed (skipped here), or null
     */
    public IngestStage(ImageLimits limits, String runId, Map<String, String> hadoopConf, Dataset<Row> knownImageIds) {
        this.limits = limits;
        this.runId = runId;
        this.hadoopConf = new HashMap<>(hadoopConf);
        this.knownImageIds = knownImageIds;
    }

    @Override
    public StructType transformSchema(StructType input) {
        SchemaContract.require(STAGE, input, InputListing.SCHEMA.fields());
        return IMAGES;
    }

    @Override
    public Dataset<Row> transform(Dataset<Row> input) {
        transformSchema(input.schema());
        ImageLimits limits = this.limits;
        HashMap<String, String> conf = this.hadoopConf;
        Dataset<Row> probed = input.mapPartitions(probeFiles(this.limits, this.hadoopConf), Encoders.row(PROBED));

        // The first place (by set, then URI) keeps the row; the others are listed as duplicates.
        var firstPlace = Window.partitionBy(IMAGE_ID).orderBy(col(SET_ID), col(URI));
        Dataset<Row> ranked = probed.withColumn("place", row_number().over(firstPlace));
        Dataset<Row> duplicates = ranked.filter(col("place").gt(1)).groupBy(IMAGE_ID)
                .agg(sort_array(collect_list(struct(col(SET_ID), col(URI)))).as(DUPLICATES));
        Dataset<Row> images = ranked.filter(col("place").equalTo(1)).drop("place")
                .join(duplicates, new String[]{IMAGE_ID}, "left");
        if (knownImageIds != null) {
            images = images.join(knownImageIds.select(IMAGE_ID), new String[]{IMAGE_ID}, "left_anti");
        }
        Column noDuplicates = array().cast(DataTypes.createArrayType(DUPLICATE, false));
        return images
                .withColumn(DUPLICATES, coalesce(col(DUPLICATES), noDuplicates))
                .withColumn(FACE_COUNT, lit(null).cast(DataTypes.IntegerType))
                .withColumn(RUN_ID, lit(runId))
                .select(java.util.Arrays.stream(IMAGES.fieldNames()).map(name -> col(name)).toArray(Column[]::new));
    }

    /** Static so the shipped closure holds only the limits and the Hadoop settings. */
    private static MapPartitionsFunction<Row, Row> probeFiles(ImageLimits limits, HashMap<String, String> conf) {
        return rows -> {
            ImageDecoder decoder = new ImageDecoder(limits);
            var hadoop = HadoopConf.restore(conf);
            return new BatchingIterator<>(rows, 1,
                    one -> List.of(probe(decoder, hadoop, one.get(0).getString(0), one.get(0).getString(1), limits)));
        };
    }

    static Row probe(ImageDecoder decoder, org.apache.hadoop.conf.Configuration hadoop, String setId, String uri,
                     ImageLimits limits) {
        Path path = new Path(uri);
        byte[] bytes;
        String imageId;
        long size;
        try {
            FileSystem fs = path.getFileSystem(hadoop);
            size = fs.getFileStatus(path).getLen();
            MessageDigest sha = ContentIds.sha256();
            try (FSDataInputStream in = fs.open(path); DigestInputStream digesting = new DigestInputStream(in, sha)) {
                // Oversized files are hashed as a stream but never held in memory.
                bytes = size <= limits.maxFileBytes() ? digesting.readAllBytes() : null;
                if (bytes == null) {
                    digesting.transferTo(java.io.OutputStream.nullOutputStream());
                }
            }
            imageId = ContentIds.hex(sha);
        } catch (IOException e) {
            // No bytes, so no content id: name it by its URI; a later run retries it.
            return RowFactory.create(ContentIds.unreadableImageId(uri), setId, uri, 0L, null, null, null, DecodeFailure.UNREADABLE.name(),
                    "cannot read " + uri + ": " + e.getMessage());
        }
        if (bytes == null) {
            return RowFactory.create(imageId, setId, uri, size, null, null, null, DecodeFailure.FILE_TOO_LARGE.name(),
                    "file is " + size + " bytes, over the limit of " + limits.maxFileBytes()
                            + " (image.maxFileBytes)");
        }
        try {
            DecodedImage decoded = decoder.decode(bytes, uri);
            return RowFactory.create(imageId, setId, uri, size, decoded.format(), decoded.image().width(),
                    decoded.image().height(), "OK", null);
        } catch (ImageDecodeException e) {
            return RowFactory.create(imageId, setId, uri, size, null, null, null, e.reason().name(), e.getMessage());
        }
    }

}
