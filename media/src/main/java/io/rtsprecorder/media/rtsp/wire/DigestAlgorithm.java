package io.rtsprecorder.media.rtsp.wire;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** The hash functions of HTTP Digest authentication as RTSP cameras use it (RFC 2617, RFC 7616). */
enum DigestAlgorithm {
    MD5("MD5", "MD5"),
    SHA_256("SHA-256", "SHA-256");

    final String headerName;
    private final String jcaName;

    DigestAlgorithm(String headerName, String jcaName) {
        this.headerName = headerName;
        this.jcaName = jcaName;
    }

    /** The algorithm a challenge names; absent means MD5. {@code null} for algorithms we do not support. */
    static DigestAlgorithm fromHeader(String value) {
        if (value == null || value.isBlank()) {
            return MD5;
        }
        return switch (value.strip().toUpperCase(Locale.ROOT)) {
            case "MD5" -> MD5;
            case "SHA-256" -> SHA_256;
            default -> null;
        };
    }

    String hex(String input) {
        try {
            byte[] digest = MessageDigest.getInstance(jcaName).digest(input.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(jcaName + " is part of every JDK", e);
        }
    }
}
