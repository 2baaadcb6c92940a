package io.faceengine.jobs.run;

/** The failure {@link FaultInjection} raises on purpose; never thrown unless testing.failOnceInStep is set. */
public final class InjectedFailure extends RuntimeException {
    public InjectedFailure(String message) {
        super(message);
    }
}
