package io.rtsprecorder.testsupport;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The first bytes a relay saw in one direction, bounded, for tests that check what did or did not reach a camera
 * (an {@code Authorization} header, a password). Thread-safe.
 */
final class ByteCapture {

    private static final int LIMIT = 256 * 1024;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    synchronized void add(byte[] buffer, int offset, int length) {
        bytes.write(buffer, offset, Math.min(length, Math.max(0, LIMIT - bytes.size())));
    }

    /** The captured bytes as ISO-8859-1 text (every byte one character). */
    synchronized String text() {
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }
}
