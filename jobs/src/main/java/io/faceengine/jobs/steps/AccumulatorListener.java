package io.faceengine.jobs.steps;

import io.faceengine.jobs.run.TaskCounts;
import org.apache.spark.Success$;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import scala.Tuple4;
import scala.collection.Iterator;

/**
 * Follows one accumulator on the listener bus. The accumulator's own value on the driver
 * changes only when a whole task ends; executors, though, send the running tasks' partial values
 * with every heartbeat (spark.executor.heartbeatInterval, locally and on a cluster), so progress
 * moves while a partition is still being worked on.
 */
final class AccumulatorListener extends SparkListener {
    private final long accumulatorId;
    private final TaskCounts counts = new TaskCounts();

    AccumulatorListener(long accumulatorId) {
        this.accumulatorId = accumulatorId;
    }

    long total() {
        return counts.total();
    }

    @Override
    public void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate update) {
        Iterator<Tuple4<Object, Object, Object, scala.collection.immutable.Seq<AccumulableInfo>>> tasks =
                update.accumUpdates().iterator();
        while (tasks.hasNext()) {
            Tuple4<Object, Object, Object, scala.collection.immutable.Seq<AccumulableInfo>> task = tasks.next();
            Long value = valueOf(task._4().iterator());
            if (value != null) {
                counts.reported((Long) task._1(), value);
            }
        }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
        Long value = valueOf(end.taskInfo().accumulables().iterator());
        counts.ended(end.taskInfo().taskId(), end.reason() == Success$.MODULE$, value == null ? 0 : value);
    }

    /** This task's value of the accumulator, or null when the update does not carry it. */
    private Long valueOf(Iterator<AccumulableInfo> infos) {
        while (infos.hasNext()) {
            AccumulableInfo info = infos.next();
            if (info.id() == accumulatorId && info.update().isDefined() && info.update().get() instanceof Long n) {
                return n;
            }
        }
        return null;
    }
}
