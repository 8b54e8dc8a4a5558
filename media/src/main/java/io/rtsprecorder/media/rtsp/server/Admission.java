package io.rtsprecorder.media.rtsp.server;

/**
 * A source's answer to whether a DESCRIBE, SETUP or PLAY may proceed. A refusal carries the status (401, 404,
 * 429, 503 ...), a reason phrase that says why in words a player shows its user ("Camera Not Connected"), and the
 * headers the status needs: {@code WWW-Authenticate} for 401, {@code Retry-After} for 429 and 503.
 *
 * @param status  200 to proceed, else the status to answer with
 * @param reason  the reason phrase, or null for the standard one
 * @param header  an extra header's name, or null
 * @param value   that header's value
 */
public record Admission(int status, String reason, String header, String value) {

    private static final Admission OK = new Admission(200, null, null, null);

    public Admission {
        reason = reason == null ? null : reason.replaceAll("[\\x00-\\x1f]", " ");
    }

    public static Admission ok() {
        return OK;
    }

    /** Refused with {@code status} and a reason phrase (no line breaks). */
    public static Admission refuse(int status, String reason) {
        return new Admission(status, reason, null, null);
    }

    /** 401 with this {@code WWW-Authenticate} challenge. */
    public static Admission challenge(String wwwAuthenticate) {
        return new Admission(401, null, "WWW-Authenticate", wwwAuthenticate);
    }

    /** Refused with {@code status}, a reason phrase and {@code Retry-After} seconds. */
    public static Admission retryAfter(int status, String reason, long seconds) {
        return new Admission(status, reason, "Retry-After", Long.toString(seconds));
    }

    public boolean admitted() {
        return status == 200;
    }
}
