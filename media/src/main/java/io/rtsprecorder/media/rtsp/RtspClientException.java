package io.rtsprecorder.media.rtsp;

import java.io.IOException;

/**
 * Why an RTSP session could not be set up or was lost. {@link #reason()} is what a recorder shows and decides on
 * (an authentication failure is retried slowly; a timeout is retried with backoff). Messages never contain
 * passwords.
 */
public final class RtspClientException extends IOException {

    private static final long serialVersionUID = 1L;

    public enum Reason {
        /** The camera refused the credentials (a second 401 after answering its challenge). */
        AUTH_REFUSED,
        /** 404, or a redirect loop. */
        NOT_FOUND,
        /** The camera does not offer the transport asked for (461). */
        UNSUPPORTED_TRANSPORT,
        /** The stream has no track we can record. */
        NO_SUPPORTED_TRACK,
        /** No answer, or no media, within the timeout. */
        TIMEOUT,
        /** The camera spoke something that is not valid RTSP, or answered with an unexpected status. */
        PROTOCOL_ERROR,
        /** TCP connection refused, reset or closed. */
        CONNECTION_FAILED,
        /**
         * The camera ended the stream with an RTCP BYE (RFC 3550 §6.6), though the session may still answer: a
         * transient end, retried like a dropped connection.
         */
        STREAM_ENDED,
        /**
         * An {@code rtsps://} camera's certificate was refused (not trusted, expired, another host name, not the
         * pinned one), its TLS handshake failed, or its TLS settings cannot work (UDP, an unreadable CA file). The
         * message starts with {@code tls: } and says which.
         */
        TLS,
        /**
         * The camera asks for Basic authentication on plain {@code rtsp://}, which would send the password in
         * clear text; it was not sent (see {@link RtspClientConfig#allowBasicAuth()}).
         */
        INSECURE_AUTH
    }

    private final Reason reason;

    public RtspClientException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public RtspClientException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
