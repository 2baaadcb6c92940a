package io.faceengine.training.retrain;

import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Sums the float arrays of an RDD that holds one array per partition, always adding in partition
 * order. Spark's treeAggregate merges results in the order tasks finish, and float addition is
 * not associative, so its sums differ in the last bits from run to run; training must be
 * repeatable bit for bit, so this tree fixes the order: up to {@link #FAN_IN} partitions are
 * collected and added on the driver; more are first added in groups of {@code FAN_IN} on the
 * executors, each group sorted by partition.
 */
final class OrderedSum {
    static final int FAN_IN = 16;

    private OrderedSum() {
    }

    static float[] of(JavaRDD<float[]> partials, int length) {
        JavaRDD<float[]> level = partials;
        while (level.getNumPartitions() > FAN_IN) {
            int groups = (level.getNumPartitions() + FAN_IN - 1) / FAN_IN;
            level = level.mapPartitionsWithIndex((index, arrays) -> {
                        List<Tuple2<Integer, Tuple2<Integer, float[]>>> keyed = new ArrayList<>();
                        arrays.forEachRemaining(a -> keyed.add(new Tuple2<>(index / FAN_IN, new Tuple2<>(index, a))));
                        return keyed.iterator();
                    }, true)
                    .mapToPair(t -> t)
                    .partitionBy(new IndexPartitioner(groups))
                    .values()
                    .mapPartitions(OrderedSum::sumInIndexOrder);
        }
        float[] total = new float[length];
        for (float[] part : level.collect()) {
            add(total, part);
        }
        return total;
    }

    private static Iterator<float[]> sumInIndexOrder(Iterator<Tuple2<Integer, float[]>> parts) {
        List<Tuple2<Integer, float[]>> sorted = new ArrayList<>();
        parts.forEachRemaining(sorted::add);
        sorted.sort((a, b) -> Integer.compare(a._1(), b._1()));
        if (sorted.isEmpty()) {
            return java.util.Collections.emptyIterator();
        }
        float[] total = new float[sorted.get(0)._2().length];
        for (Tuple2<Integer, float[]> part : sorted) {
            add(total, part._2());
        }
        return List.of(total).iterator();
    }

    private static void add(float[] total, float[] part) {
        if (part.length != total.length) {
            throw new IllegalArgumentException("partial sums of different lengths: " + part.length + " and " + total.length);
        }
        for (int k = 0; k < total.length; k++) {
            total[k] += part[k];
        }
    }
}
