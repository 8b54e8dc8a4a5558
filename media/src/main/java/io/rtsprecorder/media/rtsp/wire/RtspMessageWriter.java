package io.rtsprecorder.media.rtsp.wire;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Serializes RTSP messages and interleaved packets. Not thread-safe: a connection that writes from several
 * threads (media and keep-alives) synchronizes on the writer. Callers flush; {@link #write} does not, so a
 * burst of packets can leave in one TCP segment.
 */
public final class RtspMessageWriter {

    private final OutputStream out;
    private final byte[] frameHeader = new byte[4];

    public RtspMessageWriter(OutputStream out) {
        this.out = out;
    }

    public void write(RtspMessage message) throws IOException {
        switch (message) {
            case RtspRequest r -> writeHead(r.method() + " " + r.uri() + " " + r.version(), r.headers(), r.body());
            case RtspResponse r -> writeHead(r.version() + " " + r.status() + " " + r.reason(), r.headers(), r.body());
            case InterleavedFrame f -> writeInterleaved(f.channel(), f.payload(), 0, f.payload().length);
        }
    }

    /** Writes a {@code $} frame straight from the caller's buffer, without allocating. */
    public void writeInterleaved(int channel, byte[] payload, int offset, int length) throws IOException {
        if (length > 0xFFFF) {
            throw new IllegalArgumentException("interleaved payload too large: " + length);
        }
        frameHeader[0] = '$';
        frameHeader[1] = (byte) channel;
        frameHeader[2] = (byte) (length >>> 8);
        frameHeader[3] = (byte) length;
        out.write(frameHeader);
        out.write(payload, offset, length);
    }

    public void flush() throws IOException {
        out.flush();
    }

    private void writeHead(String startLine, RtspHeaders headers, byte[] body) throws IOException {
        StringBuilder sb = new StringBuilder(256).append(startLine).append("\r\n");
        for (Map.Entry<String, String> e : headers.entries()) {
            if (!e.getKey().equalsIgnoreCase("Content-Length")) {
                sb.append(e.getKey()).append(": ").append(e.getValue()).append("\r\n");
            }
        }
        if (body.length > 0) {
            sb.append("Content-Length: ").append(body.length).append("\r\n");
        }
        sb.append("\r\n");
        out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (body.length > 0) {
            out.write(body);
        }
    }
}
