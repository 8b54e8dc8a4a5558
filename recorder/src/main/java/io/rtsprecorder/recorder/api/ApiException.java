package io.rtsprecorder.recorder.api;

import java.util.Map;

/**
 * A request the API refuses, with the HTTP status and a short machine-readable code; rendered as
 * {@code {"status":404,"error":"not_found","message":"..."}}. Messages never contain passwords.
 */
public final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final transient Map<String, String> headers;

    public ApiException(int status, String code, String message) {
        this(status, code, message, Map.of());
    }

    /** With extra response headers ({@code Retry-After} on a 429, say). */
    public ApiException(int status, String code, String message, Map<String, String> headers) {
        super(message);
        this.status = status;
        this.code = code;
        this.headers = Map.copyOf(headers);
    }

    Map<String, String> headers() {
        return headers;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, "bad_request", message);
    }
}
