package io.rtsprecorder.recorder.api;

/**
 * A request the API refuses, with the HTTP status and a short machine-readable code; rendered as
 * {@code {"status":404,"error":"not_found","message":"..."}}. Messages never contain passwords.
 */
public final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;

    public ApiException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
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
