package io.faceengine.quality;

import io.faceengine.pipeline.table.FaceTables;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Schemas of the columns {@link QualityStage} adds. */
public final class QualityColumns {
    private QualityColumns() {
    }

    /** {@code quality}: one non-null float per {@link QualityMetric}, in that order. */
    public static final StructType QUALITY_STRUCT = qualityStruct();

    /** {@code quality}, {@code quality_pass}, {@code quality_reasons} (codes of {@link QualityReason}; empty = pass). */
    public static final StructType ADDED = new StructType()
            .add(FaceTables.QUALITY, QUALITY_STRUCT, false)
            .add(FaceTables.QUALITY_PASS, DataTypes.BooleanType, false)
            .add(FaceTables.QUALITY_REASONS, DataTypes.createArrayType(DataTypes.StringType, false), false);

    /** The {@code quality} struct value of one face. */
    public static Row toRow(QualityMetrics metrics) {
        QualityMetric[] metricsInOrder = QualityMetric.values();
        Object[] values = new Object[metricsInOrder.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = metricsInOrder[i].of(metrics);
        }
        return RowFactory.create(values);
    }

    /** Reads a {@code quality} struct value back. */
    public static QualityMetrics fromRow(Row quality) {
        return new QualityMetrics(quality.getFloat(0), quality.getFloat(1), quality.getFloat(2), quality.getFloat(3),
                quality.getFloat(4), quality.getFloat(5), quality.getFloat(6), quality.getFloat(7), quality.getFloat(8));
    }

    private static StructType qualityStruct() {
        StructType struct = new StructType();
        for (QualityMetric metric : QualityMetric.values()) {
            struct = struct.add(metric.field(), DataTypes.FloatType, false);
        }
        return struct;
    }
}
