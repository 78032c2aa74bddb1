package io.querycast.api;

/** A request the API refuses, with the HTTP status and a message meant for the caller (never a secret). */
public class ApiException extends RuntimeException {

    private final int status;
    private final transient java.util.Map<String, Object> details;

    public ApiException(int status, String message) {
        this(status, message, java.util.Map.of());
    }

    /** @param details more fields of the error's body (e.g. {@code errors}: the configuration mistakes found) */
    public ApiException(int status, String message, java.util.Map<String, Object> details) {
        super(message);
        this.status = status;
        this.details = java.util.Map.copyOf(details);
    }

    public java.util.Map<String, Object> details() {
        return details;
    }

    public int status() {
        return status;
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, message);
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }
}
