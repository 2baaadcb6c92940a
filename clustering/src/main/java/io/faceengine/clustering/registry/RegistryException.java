package io.faceengine.clustering.registry;

/**
 * A failed call to the Elasticsearch that holds the identity registry or the review queue, with a
 * reason a caller can act on and the cluster's URL.
 */
public class RegistryException extends RuntimeException {

    public enum Reason {
        /** Nothing answered at the URL (refused, timed out, not Elasticsearch). */
        UNAVAILABLE,
        /** An index is missing: {@link IndexSetup#ensure} creates it. */
        INDEX_MISSING,
        /** An existing index does not match the configuration (e.g. centroid length). */
        INDEX_MISMATCH,
        /** The indices belong to another data root than the one a program works on ({@link DataRootBinding}). */
        DATA_ROOT_MISMATCH,
        /** Elasticsearch refused the request (bad document, mapping conflict, limits). */
        REJECTED,
        /** Some documents of a bulk write failed; the message names the first. */
        PARTIAL_FAILURE
    }

    private final Reason reason;
    private final String url;

    public RegistryException(Reason reason, String url, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.url = url;
    }

    public Reason reason() {
        return reason;
    }

    /** The configured Elasticsearch URL(s) the call went to. */
    public String url() {
        return url;
    }
}
