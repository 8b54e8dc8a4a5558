package io.rtsprecorder.media.rtsp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Which certificates an {@code rtsps://} camera may present. By default the JDK's trust store (the system's CAs)
 * with host-name verification, as a browser does. {@code caFile} replaces those CAs by the ones in a PEM file
 * (a private CA that signed the cameras' certificates), still checking the host name. {@code pins} accept
 * exactly the certificates with these SHA-256 fingerprints (a self-signed camera certificate) and nothing else;
 * they stand in for the CA and the host name, which a self-signed certificate rarely matches.
 *
 * <p>The CA file is read at every connection, so a renewed file (a mounted ConfigMap) applies at the next
 * reconnect.
 */
public record TlsTrust(Path caFile, List<CertificateFingerprint> pins) {

    /** The JDK's trust store and host-name verification. */
    public static final TlsTrust SYSTEM = new TlsTrust(null, List.of());

    public TlsTrust {
        pins = pins == null ? List.of() : List.copyOf(pins);
    }

    public boolean pinned() {
        return !pins.isEmpty();
    }

    /**
     * The certificates of a PEM file (one or more {@code BEGIN CERTIFICATE} blocks); throws
     * {@link IllegalArgumentException} naming the file when it cannot be read or holds no certificate.
     */
    public static List<X509Certificate> readCertificates(Path file) {
        Collection<? extends java.security.cert.Certificate> certificates;
        try (InputStream in = Files.newInputStream(file)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the CA file " + file + " (" + e.getClass().getSimpleName()
                    + ")");
        } catch (CertificateException e) {
            throw new IllegalArgumentException("the CA file " + file + " is not PEM certificates");
        }
        List<X509Certificate> out = new ArrayList<>();
        for (java.security.cert.Certificate c : certificates) {
            if (c instanceof X509Certificate x) {
                out.add(x);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("the CA file " + file + " holds no certificate");
        }
        return out;
    }

    @Override
    public String toString() {
        return pinned() ? "pinned " + pins : caFile != null ? "CA file " + caFile : "system trust store";
    }
}
