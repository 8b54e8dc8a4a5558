package io.rtsprecorder.recorder.model;

import io.rtsprecorder.media.rtsp.CertificateFingerprint;
import io.rtsprecorder.media.rtsp.TlsTrust;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * How the recorder may talk to one camera safely. For an {@code rtsps://} camera: {@code caFile}, a PEM file of
 * the CAs that signed its certificate (instead of the recorder's CA file, or of the system's CAs), or
 * {@code fingerprints}, the SHA-256 fingerprints of the exact certificates to accept (a self-signed camera; they
 * replace CA and host-name checks). For a plain {@code rtsp://} camera: {@code allowBasicAuth}, whether the
 * password may go in clear text to a camera that offers only Basic authentication (off by default; Digest needs
 * no such permission, and over TLS Basic is fine).
 */
public record CameraSecurity(Path caFile, List<CertificateFingerprint> fingerprints, boolean allowBasicAuth) {

    /** The system's CAs (or the recorder's CA file) and no Basic authentication over plain RTSP. */
    public static final CameraSecurity DEFAULT = new CameraSecurity(null, List.of(), false);

    public CameraSecurity {
        fingerprints = fingerprints == null ? List.of() : List.copyOf(fingerprints);
        if (caFile != null && !fingerprints.isEmpty()) {
            throw new IllegalArgumentException("give either caFile or tlsFingerprint: a pinned certificate is "
                    + "trusted without any CA");
        }
    }

    /** What the TLS connection trusts: the pins, else this camera's CA file, else the recorder's, else the system's. */
    public TlsTrust trust(Path recorderCaFile) {
        if (!fingerprints.isEmpty()) {
            return new TlsTrust(null, fingerprints);
        }
        return new TlsTrust(caFile != null ? caFile : recorderCaFile, List.of());
    }

    /** Whether anything here concerns TLS (a CA file or a pin), which only an {@code rtsps://} camera can use. */
    public boolean configuresTls() {
        return caFile != null || !fingerprints.isEmpty();
    }

    /** The fingerprints as one comma-separated value, as the configuration takes them; null when none. */
    public String fingerprintText() {
        return fingerprints.isEmpty() ? null
                : fingerprints.stream().map(CertificateFingerprint::toString).collect(Collectors.joining(","));
    }

    /**
     * Why {@code file} cannot be a CA file (unreadable, or no PEM certificate in it), or null: asked when a
     * camera is configured or registered, so a typo shows at once rather than as a refused certificate.
     */
    public static String caFileProblem(Path file) {
        try {
            TlsTrust.readCertificates(file);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }
}
