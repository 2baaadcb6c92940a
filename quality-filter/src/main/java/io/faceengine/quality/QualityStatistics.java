package io.faceengine.quality;

import io.faceengine.pipeline.face.FaceOrigin;
import io.faceengine.pipeline.stage.SchemaContract;
import io.faceengine.pipeline.table.FaceTables;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.when;

/**
 * Quality figures of one run, for its statistics JSON (plain data; Jackson writes it as is).
 *
 * @param faces      faces judged
 * @param passed     faces with {@code quality_pass}
 * @param passRate   passed / faces; 0 when there are no faces
 * @param faceOrigin    where the run's faces came from (detected, or given as aligned crops)
 * @param reasons       faces per reason code: every {@link QualityReason} the quality stage decides for faces of
 *                      this origin (0 if unseen), then any other code found; LOW_EMBEDDING_NORM is decided (and
 *                      counted) by the embed step
 * @param notApplicable the {@code quality} fields and reason codes that do not apply to faces of this origin, so
 *                      were not measured or checked (absent from {@code reasons}, not a misleading 0)
 * @param histograms    per {@code quality} field name, in {@link QualityMetric} order
 */
public record QualityStatistics(long faces, long passed, double passRate, FaceOrigin faceOrigin,
                                Map<String, Long> reasons, List<String> notApplicable,
                                Map<String, MetricHistogram> histograms) {
    private static final String PASSED = "passed";
    private static final String REASON = "reason";
    private static final String METRIC = "metric";

    public QualityStatistics {
        reasons = Collections.unmodifiableMap(new LinkedHashMap<>(reasons));
        notApplicable = List.copyOf(notApplicable);
        histograms = Collections.unmodifiableMap(new LinkedHashMap<>(histograms));
    }

    /**
     * Computes the statistics of a {@link QualityStage} output in a single aggregation: every row
     * becomes a few (kind, key, bin) tallies (its pass flag, each reason, each metric's bin) that
     * one group-by counts. One pass matters because the stage output is usually not cached, and
     * each further Spark action would decode and measure every crop again.
     */
    public static QualityStatistics compute(Dataset<Row> judged, QualityHistograms bins) {
        return compute(judged, bins, FaceOrigin.DETECTED);
    }

    /** As {@link #compute(Dataset, QualityHistograms)}, for faces of the given origin. */
    public static QualityStatistics compute(Dataset<Row> judged, QualityHistograms bins, FaceOrigin origin) {
        StructType added = QualityColumns.ADDED;
        SchemaContract.require("QualityStatistics", judged.schema(), added.apply(FaceTables.QUALITY),
                added.apply(FaceTables.QUALITY_PASS), added.apply(FaceTables.QUALITY_REASONS));
        List<Column> perRow = new ArrayList<>();
        perRow.add(tally(lit(PASSED), col(FaceTables.QUALITY_PASS).cast(DataTypes.StringType), lit(0)));
        for (QualityMetric metric : QualityMetric.values()) {
            Column value = col(FaceTables.QUALITY).getField(metric.field()).cast(DataTypes.DoubleType);
            perRow.add(tally(lit(METRIC), lit(metric.field()), binIndex(value, metric.bins(bins))));
        }
        Column reasons = transform(col(FaceTables.QUALITY_REASONS), code -> tally(lit(REASON), code, lit(0)));
        List<Row> counts = judged.select(explode(concat(array(perRow.toArray(Column[]::new)), reasons)).as("t"))
                .groupBy(col("t.kind"), col("t.key"), col("t.bin")).count()
                .collectAsList();
        return assemble(counts, bins, origin);
    }

    /** The statistics of no face, as {@link #compute} gives for an empty table, without running Spark. */
    public static QualityStatistics empty(QualityHistograms bins) {
        return empty(bins, FaceOrigin.DETECTED);
    }

    /** The statistics of no face of the given origin, without running Spark. */
    public static QualityStatistics empty(QualityHistograms bins, FaceOrigin origin) {
        return assemble(List.of(), bins, origin);
    }

    private static Column tally(Column kind, Column key, Column bin) {
        return struct(kind.as("kind"), key.as("key"), bin.cast(DataTypes.IntegerType).as("bin"));
    }

    /** The Spark form of {@link HistogramBins#binOf}. */
    private static Column binIndex(Column value, HistogramBins bins) {
        return when(isnan(value), lit(HistogramBins.NOT_APPLICABLE))
                .when(value.lt(bins.min()), lit(-1))
                .when(value.leq(bins.max()),
                        least(floor(value.minus(bins.min()).divide(bins.width())).cast(DataTypes.IntegerType), lit(bins.bins() - 1)))
                .otherwise(lit(bins.bins()));
    }

    private static QualityStatistics assemble(List<Row> counts, QualityHistograms bins, FaceOrigin origin) {
        long faces = 0;
        long passed = 0;
        Map<String, Long> reasons = new LinkedHashMap<>();
        List<String> notApplicable = new ArrayList<>();
        for (QualityMetric metric : QualityMetric.values()) {
            if (!metric.appliesTo(origin)) {
                notApplicable.add(metric.field());
            }
        }
        for (QualityReason reason : QualityReason.values()) {
            // A zero here would read as "measured, none": the norm rule runs after embedding, and
            // a check that does not apply to these faces never ran.
            if (reason.metric().isEmpty()) {
                continue;
            }
            if (reason.metric().get().appliesTo(origin)) {
                reasons.put(reason.name(), 0L);
            } else {
                notApplicable.add(reason.name());
            }
        }
        Map<String, Long> otherReasons = new TreeMap<>();
        Map<String, long[]> binCounts = new LinkedHashMap<>();
        for (QualityMetric metric : QualityMetric.values()) {
            // Slot 0 = not applicable, 1 = below, 2..bins + 1 = the bins, bins + 2 = above.
            binCounts.put(metric.field(), new long[metric.bins(bins).bins() + 3]);
        }
        for (Row row : counts) {
            String kind = row.getString(0);
            String key = row.getString(1);
            int bin = row.getInt(2);
            long count = row.getLong(3);
            switch (kind) {
                case PASSED -> {
                    faces += count;
                    passed += Boolean.parseBoolean(key) ? count : 0;
                }
                case REASON -> (reasons.containsKey(key) ? reasons : otherReasons).merge(key, count, Long::sum);
                case METRIC -> binCounts.get(key)[bin + 2] += count;
                default -> throw new IllegalStateException("unknown tally kind " + kind);
            }
        }
        reasons.putAll(otherReasons);
        Map<String, MetricHistogram> histograms = new LinkedHashMap<>();
        for (QualityMetric metric : QualityMetric.values()) {
            HistogramBins b = metric.bins(bins);
            long[] slots = binCounts.get(metric.field());
            long[] inRange = Arrays.copyOfRange(slots, 2, slots.length - 1);
            histograms.put(metric.field(), new MetricHistogram(b.min(), b.max(), b.width(), inRange, slots[1],
                    slots[slots.length - 1], slots[0]));
        }
        return new QualityStatistics(faces, passed, faces == 0 ? 0 : (double) passed / faces, origin, reasons,
                notApplicable, histograms);
    }
}
