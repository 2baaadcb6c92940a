package io.faceengine.quality;

import io.faceengine.pipeline.face.FaceOrigin;
import io.faceengine.pipeline.face.Landmarks5;
import io.faceengine.pipeline.image.ImageDecodeException;
import io.faceengine.pipeline.image.ImageDecoder;
import io.faceengine.pipeline.image.RgbImage;
import io.faceengine.pipeline.table.FaceTables;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

import java.util.Iterator;
import java.util.List;

/**
 * The per-partition work of {@link QualityStage}: decode each crop, measure, judge, and lay the
 * row out in the output schema's column order.
 *
 * <p>A crop that does not decode, or landmarks that are not 10 floats, stop the job with the
 * face id: the detection stage wrote both, so either means a bug or damaged storage, and
 * marking such faces as low quality would hide it. So does a face whose origin (a NaN detector
 * score marks a given crop) is not the run's: the detect step wrote it under another setting.
 */
final class QualityRowMapper implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private static final int QUALITY = -1;
    private static final int PASS = -2;
    private static final int REASONS = -3;

    private final QualityPolicy policy;
    private final FaceOrigin origin;
    private final int faceId;
    private final int detScore;
    private final int boxY1;
    private final int boxY2;
    private final int landmarks;
    private final int cropJpeg;
    /** For each output column, the input column it copies, or QUALITY / PASS / REASONS. */
    private final int[] sources;

    QualityRowMapper(QualityPolicy policy, FaceOrigin origin, StructType input, StructType output) {
        this.policy = policy;
        this.origin = origin;
        this.faceId = input.fieldIndex(FaceTables.FACE_ID);
        this.detScore = input.fieldIndex(FaceTables.DET_SCORE);
        this.boxY1 = input.fieldIndex(FaceTables.BOX_Y1);
        this.boxY2 = input.fieldIndex(FaceTables.BOX_Y2);
        this.landmarks = input.fieldIndex(FaceTables.LANDMARKS);
        this.cropJpeg = input.fieldIndex(FaceTables.CROP_JPEG);
        String[] names = output.fieldNames();
        this.sources = new int[names.length];
        for (int i = 0; i < names.length; i++) {
            sources[i] = switch (names[i]) {
                case FaceTables.QUALITY -> QUALITY;
                case FaceTables.QUALITY_PASS -> PASS;
                case FaceTables.QUALITY_REASONS -> REASONS;
                default -> input.fieldIndex(names[i]);
            };
        }
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        // Made here, not shipped: the decoder registers image readers in the executor's JVM.
        ImageDecoder decoder = new ImageDecoder();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public Row next() {
                return judge(rows.next(), decoder);
            }
        };
    }

    private Row judge(Row row, ImageDecoder decoder) {
        String id = row.getString(faceId);
        float score = row.getFloat(detScore);
        if (FaceOrigin.ofDetScore(score) != origin) {
            throw new IllegalStateException("face " + id + " has det_score " + score + " but this run's faces are "
                    + origin + " (input.alignedCrops); its table was written with another setting");
        }
        QualityMetrics metrics = origin == FaceOrigin.GIVEN_CROP
                ? QualityMetrics.measureGivenCrop(crop(row, id, decoder))
                : QualityMetrics.measure(crop(row, id, decoder), score, row.getFloat(boxY2) - row.getFloat(boxY1),
                        landmarks(row, id));
        List<String> reasons = policy.reasons(metrics, origin);
        Object[] values = new Object[sources.length];
        for (int i = 0; i < sources.length; i++) {
            values[i] = switch (sources[i]) {
                case QUALITY -> QualityColumns.toRow(metrics);
                case PASS -> reasons.isEmpty();
                case REASONS -> reasons.toArray(new String[0]);
                default -> row.get(sources[i]);
            };
        }
        return RowFactory.create(values);
    }

    private RgbImage crop(Row row, String id, ImageDecoder decoder) {
        try {
            return decoder.decode((byte[]) row.get(cropJpeg), "The crop_jpeg of face " + id).image();
        } catch (ImageDecodeException e) {
            throw new IllegalStateException("the aligned crop of face " + id + " cannot be decoded ("
                    + e.reason() + "): " + e.getMessage(), e);
        }
    }

    private Landmarks5 landmarks(Row row, String id) {
        List<Float> values = row.getList(landmarks);
        if (values.size() != 2 * Landmarks5.COUNT) {
            throw new IllegalStateException("face " + id + " has " + values.size() + " landmark values, expected "
                    + 2 * Landmarks5.COUNT + " (x of the 5 points, then y)");
        }
        float[] x = new float[Landmarks5.COUNT];
        float[] y = new float[Landmarks5.COUNT];
        for (int p = 0; p < Landmarks5.COUNT; p++) {
            x[p] = values.get(p);
            y[p] = values.get(Landmarks5.COUNT + p);
        }
        return new Landmarks5(x, y);
    }
}
