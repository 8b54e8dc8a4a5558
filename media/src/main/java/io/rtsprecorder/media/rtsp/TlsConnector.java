package io.rtsprecorder.media.rtsp;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Opens the TLS connection of an {@code rtsps://} camera (RTSP over TLS, RFC 7826 §19): the JDK's
 * {@link SSLSocket}, TLS 1.2 or 1.3 only, SNI with the host name (not for an IP address, which SNI cannot
 * carry), host-name verification as for HTTPS unless a pin stands in for it, and the trust of {@link TlsTrust}.
 *
 * <p>A refused certificate is {@link RtspClientException.Reason#TLS} with a message that says why in words
 * ({@link TlsFailure}) and the presented certificate's fingerprint, which is what a user pins after checking it.
 * A connection that breaks during the handshake is {@link RtspClientException.Reason#CONNECTION_FAILED}, like any
 * other lost connection.
 */
final class TlsConnector {

    private static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private TlsConnector() {
    }

    /**
     * A TLS connection after its handshake, and the stream to read it with: the TLS socket's, but whose
     * {@link InputStream#available()} also counts the encrypted bytes waiting in the TCP socket. The TLS socket's
     * own counts only what it has decrypted, never more than one record, so a reader that rests when nothing is
     * available (see {@code TcpMediaReader}) would rest after every record and fall behind the camera.
     */
    record Connection(SSLSocket socket, InputStream input) {
    }

    /** A connected socket after a successful handshake; {@code maskedUrl} is what messages name. */
    static Connection connect(String host, int port, TlsTrust trust, Duration connectTimeout, Duration readTimeout,
                              String maskedUrl) throws IOException {
        CameraTrustManager trustManager = new CameraTrustManager(anchors(trust, maskedUrl), trust);
        SSLContext context;
        try {
            context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trustManager}, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK offers no TLS", e);
        }
        Socket tcp = new Socket();
        SSLSocket tls = null;
        try {
            tcp.setTcpNoDelay(true);
            tcp.connect(new InetSocketAddress(host, port), (int) connectTimeout.toMillis());
            tcp.setSoTimeout((int) readTimeout.toMillis());
            tls = (SSLSocket) context.getSocketFactory().createSocket(tcp, host, port, true);
            SSLParameters parameters = tls.getSSLParameters();
            parameters.setProtocols(Arrays.stream(tls.getSupportedProtocols()).filter(PROTOCOLS::contains)
                    .toArray(String[]::new));
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            if (!isIpAddress(host)) {
                parameters.setServerNames(List.of(new SNIHostName(host)));
            }
            tls.setSSLParameters(parameters);
            tls.startHandshake();
            InputStream encrypted = tcp.getInputStream();
            return new Connection(tls, new FilterInputStream(tls.getInputStream()) {
                @Override
                public int available() throws IOException {
                    return super.available() + encrypted.available();
                }
            });
        } catch (SSLException e) {
            close(tls, tcp);
            throw refusal(e, trustManager, maskedUrl);
        } catch (IOException | RuntimeException e) {
            close(tls, tcp);
            throw e;
        }
    }

    private static IOException refusal(SSLException e, CameraTrustManager trustManager, String maskedUrl) {
        TlsFailure failure = trustManager.failure();
        X509Certificate presented = trustManager.presented();
        if (failure != null) {
            String certificate = presented == null ? "no certificate" : "fingerprint "
                    + CertificateFingerprint.of(presented) + ", subject "
                    + presented.getSubjectX500Principal().getName();
            return new RtspClientException(RtspClientException.Reason.TLS, "tls: " + failure.words + " ("
                    + certificate + ") at " + maskedUrl, e);
        }
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof EOFException || t instanceof SocketException) {
                return new RtspClientException(RtspClientException.Reason.CONNECTION_FAILED, "connection to "
                        + maskedUrl + " lost during the TLS handshake", e);
            }
        }
        return new RtspClientException(RtspClientException.Reason.TLS, "tls: handshake with " + maskedUrl
                + " failed (" + e.getMessage() + "); is it TLS 1.2 or newer on this port?", e);
    }

    /** The CAs to check against: the CA file's when there is one, else the JDK's trust store. */
    private static X509ExtendedTrustManager anchors(TlsTrust trust, String maskedUrl) throws RtspClientException {
        List<X509Certificate> cas = List.of();
        if (trust.caFile() != null) {
            try {
                cas = TlsTrust.readCertificates(trust.caFile());
            } catch (IllegalArgumentException e) {
                throw new RtspClientException(RtspClientException.Reason.TLS, "tls: " + e.getMessage() + " for "
                        + maskedUrl);
            }
        }
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (cas.isEmpty()) {
                factory.init((KeyStore) null);
            } else {
                KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
                store.load(null, null);
                for (int i = 0; i < cas.size(); i++) {
                    store.setCertificateEntry("ca-" + i, cas.get(i));
                }
                factory.init(store);
            }
            for (TrustManager m : factory.getTrustManagers()) {
                if (m instanceof X509ExtendedTrustManager x) {
                    return x;
                }
            }
            throw new IllegalStateException("the JDK offers no X.509 trust manager");
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot set up the trust store", e);
        }
    }

    /** An IPv4 or IPv6 literal, which SNI cannot carry (RFC 6066 §3). */
    static boolean isIpAddress(String host) {
        return host.indexOf(':') >= 0 || host.matches("[0-9.]+");
    }

    private static void close(Socket tls, Socket tcp) {
        try {
            tcp.close();
            if (tls != null) {
                tls.close();
            }
        } catch (IOException ignored) {
            // closing a connection that failed anyway
        }
    }
}
