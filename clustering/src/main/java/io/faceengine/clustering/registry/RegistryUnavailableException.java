package io.faceengine.clustering.registry;

/** Elasticsearch did not answer at the configured URL: not started, wrong address, or too slow. */
public class RegistryUnavailableException extends RegistryException {

    public RegistryUnavailableException(String url, String what, Throwable cause) {
        super(Reason.UNAVAILABLE, url, "Elasticsearch at " + url + " is unreachable (" + what + "): "
                + describe(cause) + ". Check elasticsearch.url; locally, scripts/elasticsearch.sh start runs one.", cause);
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }
}
