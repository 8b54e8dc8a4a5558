package io.rtsprecorder.media.rtsp;

import java.net.Socket;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Decides on one camera's certificate and remembers why it refused it, so the caller can say so in plain words
 * ({@link TlsFailure}) instead of the JDK's handshake text. With pins, the leaf certificate's fingerprint decides
 * alone. Without, the JDK's own PKIX checks run twice: first the chain alone (a failure is an untrusted or expired
 * certificate), then with the connection's host-name check (a failure now can only be the name).
 *
 * <p>One instance per connection: it holds that handshake's outcome.
 */
final class CameraTrustManager extends X509ExtendedTrustManager {

    private final X509ExtendedTrustManager anchors;
    private final TlsTrust trust;
    private volatile TlsFailure failure;
    private volatile X509Certificate presented;

    CameraTrustManager(X509ExtendedTrustManager anchors, TlsTrust trust) {
        this.anchors = anchors;
        this.trust = trust;
    }

    /** Why the certificate was refused, or null (accepted, or the handshake failed before it was seen). */
    TlsFailure failure() {
        return failure;
    }

    /** The camera's own certificate as it was presented, or null. */
    X509Certificate presented() {
        return presented;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw refuse(TlsFailure.UNTRUSTED, "no certificate");
        }
        presented = chain[0];
        if (trust.pinned()) {
            if (!trust.pins().contains(CertificateFingerprint.of(chain[0]))) {
                throw refuse(TlsFailure.PIN_MISMATCH, "fingerprint not pinned");
            }
            return;
        }
        try {
            anchors.checkServerTrusted(chain, authType);
        } catch (CertificateException e) {
            throw refuse(expired(e) ? TlsFailure.EXPIRED : TlsFailure.UNTRUSTED, e.getMessage());
        }
        try {
            anchors.checkServerTrusted(chain, authType, socket);
        } catch (CertificateException e) {
            throw refuse(TlsFailure.HOST_MISMATCH, e.getMessage());
        }
    }

    private CertificateException refuse(TlsFailure why, String detail) {
        failure = why;
        return new CertificateException(why.words + ": " + detail);
    }

    private static boolean expired(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertificateExpiredException || t instanceof CertificateNotYetValidException) {
                return true;
            }
            if (t instanceof CertPathValidatorException v
                    && (v.getReason() == CertPathValidatorException.BasicReason.EXPIRED
                    || v.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID)) {
                return true;
            }
        }
        return false;
    }

    /** Without the connection the host name cannot be checked: only a pin can accept the certificate. */
    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (!trust.pinned()) {
            throw refuse(TlsFailure.HOST_MISMATCH, "the host name cannot be checked here");
        }
        checkServerTrusted(chain, authType, (Socket) null);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("the recorder is a TLS client only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("the recorder is a TLS client only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the recorder is a TLS client only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return trust.pinned() ? new X509Certificate[0] : anchors.getAcceptedIssuers();
    }
}
