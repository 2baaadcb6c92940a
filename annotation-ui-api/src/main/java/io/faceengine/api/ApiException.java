package io.faceengine.api;

/** A request that fails with an HTTP status, a stable error code and a message the caller can act on. */
final class ApiException extends RuntimeException {
    private final int status;
    private final String code;

    ApiException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, "bad_request", message);
    }

    static ApiException conflict(String code, String message) {
        return new ApiException(409, code, message);
    }

    static ApiException notFound(String message) {
        return new ApiException(404, "not_found", message);
    }

    /** The data root cannot be read now (not mounted, IO error): retry later. */
    static ApiException dataRootUnavailable(String message) {
        return new ApiException(503, "data_root_unavailable", message);
    }

    /** The data root holds something the jobs would not write: the server side must be fixed. */
    static ApiException dataRootInvalid(String message) {
        return new ApiException(500, "data_root_invalid", message);
    }
}
