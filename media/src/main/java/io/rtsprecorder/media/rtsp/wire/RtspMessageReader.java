package io.rtsprecorder.media.rtsp.wire;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads RTSP requests, responses and {@code $}-interleaved packets from one connection, in the order they
 * arrive. Blocking, not thread-safe: one reader per connection, read by that connection's thread.
 *
 * <p>Everything the peer controls is bounded by {@link RtspLimits}: a garbage byte where a message should start
 * fails at once, an over-long line fails after the limit, not after megabytes. {@link #read()} returns
 * {@code null} on a clean end of stream between messages and throws {@link EOFException} when the stream ends
 * inside one.
 */
public final class RtspMessageReader {

    private static final int MAX_BLANK_LINES = 8;

    private final InputStream in;
    private final RtspLimits limits;
    private final byte[] buffer = new byte[16 * 1024];
    private int position;
    private int limit;

    public RtspMessageReader(InputStream in) {
        this(in, RtspLimits.DEFAULT);
    }

    public RtspMessageReader(InputStream in, RtspLimits limits) {
        this.in = in;
        this.limits = limits;
    }

    /** The next message, or {@code null} when the peer closed the connection cleanly between messages. */
    public RtspMessage read() throws IOException {
        int first = peek();
        if (first < 0) {
            return null;
        }
        if (first == '$') {
            return readInterleaved();
        }
        String startLine = null;
        for (int blank = 0; blank <= MAX_BLANK_LINES; blank++) {
            startLine = readLine(limits.maxStartLineBytes(), 414, true, blank == 0);
            if (startLine == null) {
                return null;
            }
            if (!startLine.isEmpty()) {
                break;
            }
            if (peek() == '$') {
                return readInterleaved();
            }
        }
        if (startLine.isEmpty()) {
            throw new RtspProtocolException(400, "too many empty lines before a message", null);
        }
        RtspHeaders headers = readHeaders();
        byte[] body = readBody(headers);
        if (startLine.startsWith("RTSP/")) {
            return parseStatusLine(startLine, headers, body);
        }
        return parseRequestLine(startLine, headers, body);
    }

    private RtspMessage readInterleaved() throws IOException {
        require(4);
        int channel = buffer[position + 1] & 0xFF;
        int length = ((buffer[position + 2] & 0xFF) << 8) | (buffer[position + 3] & 0xFF);
        position += 4;
        byte[] payload = new byte[length];
        readFully(payload);
        return new InterleavedFrame(channel, payload);
    }

    private static RtspResponse parseStatusLine(String line, RtspHeaders headers, byte[] body)
            throws RtspProtocolException {
        int sp1 = line.indexOf(' ');
        if (sp1 < 0) {
            throw new RtspProtocolException(400, "malformed status line", line);
        }
        String version = line.substring(0, sp1);
        checkVersion(version, line);
        int sp2 = line.indexOf(' ', sp1 + 1);
        String code = sp2 < 0 ? line.substring(sp1 + 1) : line.substring(sp1 + 1, sp2);
        if (code.length() != 3 || !code.chars().allMatch(Character::isDigit)) {
            throw new RtspProtocolException(400, "malformed status code", line);
        }
        String reason = sp2 < 0 ? "" : line.substring(sp2 + 1);
        return new RtspResponse(version, Integer.parseInt(code), reason, headers, body);
    }

    private static RtspRequest parseRequestLine(String line, RtspHeaders headers, byte[] body)
            throws RtspProtocolException {
        String[] parts = line.split(" ", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new RtspProtocolException(400, "malformed request line", line);
        }
        for (int i = 0; i < parts[0].length(); i++) {
            char c = parts[0].charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '_' || c == '-') || c > 0x7F) {
                throw new RtspProtocolException(400, "malformed method", line);
            }
        }
        checkVersion(parts[2], line);
        return new RtspRequest(parts[0], parts[1], parts[2], headers, body);
    }

    private static void checkVersion(String version, String line) throws RtspProtocolException {
        if (!version.startsWith("RTSP/")) {
            throw new RtspProtocolException(400, "not an RTSP message", line);
        }
        if (!version.equals("RTSP/1.0")) {
            throw new RtspProtocolException(505, "unsupported RTSP version", line);
        }
    }

    private RtspHeaders readHeaders() throws IOException {
        RtspHeaders headers = new RtspHeaders();
        int totalBytes = 0;
        String pendingName = null;
        StringBuilder pendingValue = null;
        while (true) {
            String line = readLine(limits.maxHeaderLineBytes(), 431, false, false);
            if (line == null) {
                throw new EOFException("connection closed inside RTSP headers");
            }
            totalBytes += line.length() + 2;
            if (totalBytes > limits.maxHeaderBytes()) {
                throw new RtspProtocolException(431, "headers exceed " + limits.maxHeaderBytes() + " bytes", null);
            }
            if (line.isEmpty()) {
                break;
            }
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && pendingName != null) {
                pendingValue.append(' ').append(line.strip());
                continue;
            }
            if (pendingName != null) {
                headers.add(pendingName, pendingValue.toString());
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new RtspProtocolException(400, "malformed header line", line);
            }
            if (headers.size() + 1 > limits.maxHeaderCount()) {
                throw new RtspProtocolException(431, "more than " + limits.maxHeaderCount() + " headers", null);
            }
            pendingName = line.substring(0, colon).strip();
            pendingValue = new StringBuilder(line.substring(colon + 1).strip());
        }
        if (pendingName != null) {
            headers.add(pendingName, pendingValue.toString());
        }
        return headers;
    }

    private byte[] readBody(RtspHeaders headers) throws IOException {
        long length = -1;
        for (String value : headers.getAll("Content-Length")) {
            long parsed = parseContentLength(value);
            if (length >= 0 && parsed != length) {
                throw new RtspProtocolException(400, "conflicting Content-Length headers", value);
            }
            length = parsed;
        }
        if (length <= 0) {
            return new byte[0];
        }
        if (length > limits.maxBodyBytes()) {
            throw new RtspProtocolException(413, "body of " + length + " bytes exceeds " + limits.maxBodyBytes(), null);
        }
        byte[] body = new byte[(int) length];
        readFully(body);
        return body;
    }

    private static long parseContentLength(String value) throws RtspProtocolException {
        String v = value.strip();
        if (v.isEmpty() || v.length() > 12 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new RtspProtocolException(400, "invalid Content-Length", value);
        }
        return Long.parseLong(v);
    }

    /**
     * Reads one line ending in CRLF or LF, without the terminator. ASCII control bytes other than tab are
     * rejected at once; the line may hold at most {@code maxBytes} bytes.
     */
    private String readLine(int maxBytes, int tooLongStatus, boolean startOfMessage, boolean eofAllowed)
            throws IOException {
        StringBuilder sb = new StringBuilder(64);
        while (true) {
            if (position == limit && fill() < 0) {
                if (sb.isEmpty() && eofAllowed) {
                    return null;
                }
                throw new EOFException("connection closed inside an RTSP message");
            }
            byte b = buffer[position++];
            if (b == '\n') {
                int len = sb.length();
                if (len > 0 && sb.charAt(len - 1) == '\r') {
                    sb.setLength(len - 1);
                }
                return sb.toString();
            }
            if ((b < 0x20 && b != '\t' && b != '\r') || b == 0x7F) {
                throw new RtspProtocolException(400,
                        startOfMessage ? "not an RTSP message (binary data)" : "control character in header",
                        sb.toString());
            }
            if (sb.length() >= maxBytes + (b == '\r' ? 1 : 0)) {
                throw new RtspProtocolException(tooLongStatus, "line longer than " + maxBytes + " bytes",
                        sb.toString());
            }
            // Header values are ISO-8859-1 on the wire; UTF-8 in URIs survives as bytes -> chars one to one.
            sb.append((char) (b & 0xFF));
        }
    }

    private int peek() throws IOException {
        if (position == limit && fill() < 0) {
            return -1;
        }
        return buffer[position] & 0xFF;
    }

    private void require(int n) throws IOException {
        if (limit - position >= n) {
            return;
        }
        System.arraycopy(buffer, position, buffer, 0, limit - position);
        limit -= position;
        position = 0;
        while (limit < n) {
            int r = in.read(buffer, limit, buffer.length - limit);
            if (r < 0) {
                throw new EOFException("connection closed inside an interleaved frame header");
            }
            limit += r;
        }
    }

    /**
     * Copies {@code target.length} bytes out of the buffer, refilling it whole as it runs out. Only a payload larger
     * than the buffer is read straight into its target: reading just the rest of a 1400-byte RTP packet, as this
     * once did, cost a second system call (and, on a virtual thread, often a park) for every buffer's worth.
     */
    private void readFully(byte[] target) throws IOException {
        int copied = Math.min(limit - position, target.length);
        System.arraycopy(buffer, position, target, 0, copied);
        position += copied;
        while (copied < target.length) {
            int rest = target.length - copied;
            int r = rest >= buffer.length ? in.read(target, copied, rest) : fill();
            if (r < 0) {
                throw new EOFException("connection closed after " + copied + " of " + target.length + " bytes");
            }
            if (rest < buffer.length) {
                r = Math.min(limit - position, rest);
                System.arraycopy(buffer, position, target, copied, r);
                position += r;
            }
            copied += r;
        }
    }

    private int fill() throws IOException {
        position = 0;
        limit = 0;
        int r = in.read(buffer, 0, buffer.length);
        if (r > 0) {
            limit = r;
        }
        return r;
    }

    /** True when nothing is buffered and the stream has nothing ready either: the next {@link #read()} would wait. */
    public boolean drained() throws IOException {
        return limit == position && in.available() == 0;
    }

    /** Bytes already buffered but not yet returned (for tests and diagnostics). */
    int buffered() {
        return limit - position;
    }

    static String ascii(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
