package io.rtsprecorder.media.rtsp;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The SHA-256 fingerprint of a certificate (of its DER encoding), written as
 * {@code openssl x509 -noout -fingerprint -sha256} prints it: upper-case hex pairs joined by colons. Pinning one
 * is how a camera with a self-signed certificate is trusted: that exact certificate, nothing else.
 *
 * <p>{@link #parse} accepts what people paste: with or without colons (or spaces), either case, and with
 * openssl's {@code sha256 Fingerprint=} in front.
 */
public record CertificateFingerprint(String hex) {

    private static final int SHA256_BYTES = 32;
    private static final HexFormat COLONS = HexFormat.ofDelimiter(":").withUpperCase();

    public CertificateFingerprint {
        byte[] bytes = HexFormat.of().parseHex(hex.replace(":", ""));
        if (bytes.length != SHA256_BYTES) {
            throw new IllegalArgumentException("a SHA-256 fingerprint has 32 bytes (64 hex digits)");
        }
        hex = COLONS.formatHex(bytes);
    }

    /** A fingerprint as written by a person; {@link IllegalArgumentException} says what is wrong with it. */
    public static CertificateFingerprint parse(String text) {
        String t = text.strip();
        int eq = t.indexOf('=');
        if (eq >= 0) {
            t = t.substring(eq + 1);
        }
        String digits = t.replace(":", "").replace(" ", "").toUpperCase(Locale.ROOT);
        if (!digits.matches("[0-9A-F]{64}")) {
            throw new IllegalArgumentException("'" + text.strip() + "' is not a SHA-256 fingerprint; write the 64 hex "
                    + "digits as openssl x509 -noout -fingerprint -sha256 prints them (AB:CD:...), colons optional");
        }
        return new CertificateFingerprint(digits);
    }

    /** Several fingerprints separated by commas (a certificate and its successor during a rotation). */
    public static List<CertificateFingerprint> parseList(String text) {
        List<CertificateFingerprint> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                out.add(parse(part));
            }
        }
        return out;
    }

    /** The fingerprint of {@code certificate}. */
    public static CertificateFingerprint of(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return new CertificateFingerprint(HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot fingerprint a certificate", e);
        }
    }

    @Override
    public String toString() {
        return hex;
    }
}
