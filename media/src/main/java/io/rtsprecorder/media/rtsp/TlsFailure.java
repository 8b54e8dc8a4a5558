package io.rtsprecorder.media.rtsp;

/**
 * Why a camera's TLS certificate was refused, in the words of status and logs: every message starts with
 * {@code tls: } and one of these.
 */
enum TlsFailure {
    /** No trusted CA signed the certificate (self-signed, or a private CA without its CA file). */
    UNTRUSTED("certificate not trusted"),
    /** The certificate is expired or not valid yet (the camera's clock, or a certificate to renew). */
    EXPIRED("certificate expired or not yet valid"),
    /** A trusted certificate issued for another name than the host in the address. */
    HOST_MISMATCH("host name mismatch"),
    /** The certificate is not one of the pinned fingerprints. */
    PIN_MISMATCH("certificate does not match the pinned fingerprint");

    final String words;

    TlsFailure(String words) {
        this.words = words;
    }
}
