package io.faceengine.jobs.run;

/**
 * One step of a run (ingest, detect, …, commit). It reads what earlier steps wrote under the run
 * folder, writes its own output there, and counts what it did in {@link RunContext#stats()}. It
 * keeps nothing in memory between steps, so a restarted run can start at any step, in a new process.
 * Implementations need a public no-argument constructor.
 */
public interface RunStep {
    void execute(RunContext context) throws Exception;
}
