package io.faceengine.jobs.batch;

import io.faceengine.jobs.run.DriverSparkSession;
import org.apache.spark.sql.SparkSession;

import java.util.HashSet;
import java.util.Set;

/**
 * The Spark session of the job executions in this JVM. All steps of an execution share it (there
 * is one per JVM anyway). A session a job started is stopped when the last execution using it
 * ends; a session that was running before (a test's, an embedding application's) is left alone.
 */
final class ExecutionSparkSessions {
    private static final Set<Long> USERS = new HashSet<>();
    private static SparkSession startedByJobs;

    private ExecutionSparkSessions() {
    }

    /** The session for a step; Spark jobs the calling thread starts are grouped under {@code jobGroup}. */
    static synchronized SparkSession acquire(long executionId, String runId, String jobGroup) {
        DriverSparkSession.Obtained obtained = DriverSparkSession.getOrCreate("face-engine run " + runId);
        if (obtained.created()) {
            startedByJobs = obtained.session();
        }
        USERS.add(executionId);
        obtained.session().sparkContext().setJobGroup(jobGroup, jobGroup, true);
        return obtained.session();
    }

    static synchronized void release(long executionId) {
        if (USERS.remove(executionId) && USERS.isEmpty() && startedByJobs != null) {
            startedByJobs.stop();
            startedByJobs = null;
        }
    }

    static synchronized void cancel(String jobGroup) {
        if (SparkSession.getDefaultSession().isDefined()) {
            SparkSession.getDefaultSession().get().sparkContext().cancelJobGroup(jobGroup);
        }
    }
}
