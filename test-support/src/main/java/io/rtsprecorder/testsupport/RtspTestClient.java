package io.rtsprecorder.testsupport;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A deliberately small RTSP client for looking at servers from tests: readiness checks of the launchers
 * (OPTIONS/DESCRIBE), and "captures" that record what a server really sends (interleaved RTP and RTCP, answers to
 * keep-alives). It shares no code with the product's client, so it judges servers independently of it.
 *
 * <p>Network input is bounded: a line is at most {@value #MAX_LINE} bytes, a message at most {@value #MAX_HEADERS}
 * headers and {@value #MAX_BODY} bytes of body; an interleaved frame is at most 65535 bytes by its format. Anything
 * else fails with {@link RtspTestProtocolException}; a silent server with {@link SocketTimeoutException}.
 */
public final class RtspTestClient implements AutoCloseable {

    static final int MAX_LINE = 8 * 1024;
    static final int MAX_HEADERS = 64;
    static final int MAX_BODY = 64 * 1024;

    /** What the server sent: an answer or one interleaved frame. */
    public sealed interface Message permits Response, Interleaved {
    }

    /** An RTSP response; header names lower-case. */
    public record Response(int status, String statusLine, Map<String, String> headers, String body)
            implements Message {

        public Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
        }

        /** The session id without its {@code ;timeout=} part. */
        public String session() {
            return header("session").map(s -> s.split(";", 2)[0].strip())
                    .orElseThrow(() -> new IllegalStateException("no Session header in " + statusLine));
        }
    }

    /** One {@code $}-framed packet on the RTSP connection: RTP on even channels, RTCP on odd ones by convention. */
    public record Interleaved(int channel, byte[] payload) implements Message {
    }

    /** Bad bytes from the server: not RTSP, or over a limit. */
    public static final class RtspTestProtocolException extends IOException {
        private static final long serialVersionUID = 1L;

        RtspTestProtocolException(String message) {
            super(message);
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private int cseq;

    private RtspTestClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        this.out = socket.getOutputStream();
    }

    /** Connects to {@code host:port}; every later read waits at most {@code readTimeout}. */
    public static RtspTestClient connect(String host, int port, Duration readTimeout) throws IOException {
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(host, port), (int) Math.min(readTimeout.toMillis(), 10_000));
            s.setSoTimeout((int) readTimeout.toMillis());
            s.setTcpNoDelay(true);
            return new RtspTestClient(s);
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    /** Sends a request; {@code headers} are {@code "Name: value"} strings. Returns its CSeq. */
    public int send(String method, String url, String... headers) throws IOException {
        StringBuilder b = new StringBuilder(method).append(' ').append(url).append(" RTSP/1.0\r\n");
        b.append("CSeq: ").append(++cseq).append("\r\n");
        b.append("User-Agent: rtsp-recorder-test-client\r\n");
        for (String h : headers) {
            b.append(h).append("\r\n");
        }
        out.write(b.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return cseq;
    }

    /** Sends a request and returns its answer, dropping interleaved frames that arrive before it. */
    public Response request(String method, String url, String... headers) throws IOException {
        int sent = send(method, url, headers);
        for (int skipped = 0; skipped < 100_000; skipped++) {
            if (read() instanceof Response r && r.header("cseq").map(String::strip).orElse("").equals(
                    Integer.toString(sent))) {
                return r;
            }
        }
        throw new RtspTestProtocolException("no answer to " + method + " among 100000 interleaved frames");
    }

    /** DESCRIBE with {@code Accept: application/sdp}. */
    public Response describe(String url) throws IOException {
        return request("DESCRIBE", url, "Accept: application/sdp");
    }

    /** Reads the next message: a response or an interleaved frame. */
    public Message read() throws IOException {
        int first = in.read();
        if (first < 0) {
            throw new EOFException("server closed the connection");
        }
        if (first == '$') {
            int channel = readByte();
            int length = (readByte() << 8) | readByte();
            byte[] payload = in.readNBytes(length);
            if (payload.length != length) {
                throw new EOFException("connection closed inside an interleaved frame");
            }
            return new Interleaved(channel, payload);
        }
        String statusLine = (char) first + readLine();
        if (!statusLine.startsWith("RTSP/1.")) {
            throw new RtspTestProtocolException("not an RTSP response: " + printable(statusLine));
        }
        String[] parts = statusLine.split(" ", 3);
        int status;
        try {
            status = Integer.parseInt(parts.length > 1 ? parts[1] : "");
        } catch (NumberFormatException e) {
            throw new RtspTestProtocolException("bad status line: " + printable(statusLine));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
            if (headers.size() >= MAX_HEADERS) {
                throw new RtspTestProtocolException("more than " + MAX_HEADERS + " headers");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new RtspTestProtocolException("bad header line: " + printable(line));
            }
            headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
        int length;
        try {
            length = Integer.parseInt(headers.getOrDefault("content-length", "0").strip());
        } catch (NumberFormatException e) {
            throw new RtspTestProtocolException("bad Content-Length: " + printable(headers.get("content-length")));
        }
        if (length < 0 || length > MAX_BODY) {
            throw new RtspTestProtocolException("Content-Length " + length + " outside 0.." + MAX_BODY);
        }
        byte[] body = in.readNBytes(length);
        if (body.length != length) {
            throw new EOFException("connection closed inside a body");
        }
        return new Response(status, statusLine, Map.copyOf(headers), new String(body, StandardCharsets.UTF_8));
    }

    /**
     * The control URL of every media section of {@code sdp}, in order, resolved against {@code base}
     * (Content-Base, else the request URL).
     */
    public static List<String> controlUrls(String sdp, String base) {
        List<String> result = new ArrayList<>();
        boolean inMedia = false;
        for (String line : sdp.lines().toList()) {
            if (line.startsWith("m=")) {
                inMedia = true;
            } else if (inMedia && line.startsWith("a=control:")) {
                String c = line.substring("a=control:".length()).strip();
                result.add(c.startsWith("rtsp://") ? c : base + (base.endsWith("/") ? "" : "/") + c);
            }
        }
        return result;
    }

    /** The media type of every media section of {@code sdp} ({@code video}, {@code audio}, ...), in order. */
    public static List<String> mediaTypes(String sdp) {
        return sdp.lines().filter(l -> l.startsWith("m=")).map(l -> l.substring(2).split(" ", 2)[0]).toList();
    }

    /** RTCP packet types (200 SR, 201 RR, 202 SDES, 203 BYE, ...) of a compound RTCP packet, in order. */
    public static List<Integer> rtcpPacketTypes(byte[] compound) {
        List<Integer> types = new ArrayList<>();
        int offset = 0;
        while (offset + 4 <= compound.length && types.size() < 64) {
            types.add(compound[offset + 1] & 0xff);
            int words = ((compound[offset + 2] & 0xff) << 8) | (compound[offset + 3] & 0xff);
            offset += (words + 1) * 4;
        }
        return types;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("connection closed inside an interleaved frame header");
        }
        return b;
    }

    private String readLine() throws IOException {
        StringBuilder b = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException("connection closed inside a line");
            }
            if (c == '\n') {
                int end = b.length();
                if (end > 0 && b.charAt(end - 1) == '\r') {
                    b.setLength(end - 1);
                }
                return b.toString();
            }
            if (b.length() >= MAX_LINE) {
                throw new RtspTestProtocolException("line longer than " + MAX_LINE + " bytes");
            }
            b.append((char) c);
        }
    }

    private static String printable(String s) {
        if (s == null) {
            return "null";
        }
        String cut = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
