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
}
