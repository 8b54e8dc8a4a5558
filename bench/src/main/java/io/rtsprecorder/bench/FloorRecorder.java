package io.rtsprecorder.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The copying floor of the load benchmark: opens {@code N} RTSP/TCP sessions to one URL (DESCRIBE, SETUP of
 * every track interleaved, PLAY) and then only moves bytes, socket to file, unparsed, for all sessions on one
 * thread with one selector and one direct buffer. Whatever a recorder does on top of this (depacketizing,
 * muxing, segmenting) is its own cost; this process's CPU per stream-minute is what reading 4 Mbit/s off a
 * loopback socket and putting it in the page cache costs on this machine at least.
 *
 * <p>{@code FloorRecorder URL N DIR}; runs until SIGTERM, then closes its files and exits. It answers no
 * keep-alives: the load tool starts the mock camera with a session timeout longer than any run.
 */
public final class FloorRecorder {

    private static final Pattern CONTROL = Pattern.compile("(?m)^a=control:(\\S+)\\s*$");
    private static final Pattern SESSION = Pattern.compile("(?mi)^Session:\\s*([^;\\r\\n]+)");
    private static final Pattern LENGTH = Pattern.compile("(?mi)^Content-Length:\\s*(\\d+)");
    private static final Map<SocketChannel, String> SESSIONS = new HashMap<>();

    private FloorRecorder() {
    }

    public static void main(String[] args) throws Exception {
        URI url = URI.create(args[0]);
        int n = Integer.parseInt(args[1]);
        Path dir = Files.createDirectories(Path.of(args[2]));
        AtomicBoolean running = new AtomicBoolean(true);
        Selector selector = Selector.open();
        List<FileChannel> files = new ArrayList<>();
        Thread main = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running.set(false);
            selector.wakeup();
            try {
                main.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        List<SocketChannel> sessions = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            sessions.add(setUp(url));
        }
        // PLAY all in one go, only once every session is set up, and without waiting for the answers (they are
        // copied to the files with the media): a session left unread while the next ones are opened would fill
        // the camera's queue for it, and the camera drops a client that falls that far behind
        for (int i = 0; i < n; i++) {
            SocketChannel ch = sessions.get(i);
            play(ch, url);
            FileChannel file = FileChannel.open(dir.resolve(String.format(Locale.ROOT, "cam-%03d.rtp", i)),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            files.add(file);
            ch.configureBlocking(false);
            ch.register(selector, SelectionKey.OP_READ, file);
        }
        System.err.println("floor: " + n + " sessions playing");
        ByteBuffer buf = ByteBuffer.allocateDirect(256 << 10);
        long bytes = 0;
        while (running.get()) {
            selector.select(1000);
            for (SelectionKey key : selector.selectedKeys()) {
                SocketChannel ch = (SocketChannel) key.channel();
                buf.clear();
                int r = ch.read(buf);
                if (r < 0) {
                    key.cancel();
                    ch.close();
                    continue;
                }
                buf.flip();
                FileChannel file = (FileChannel) key.attachment();
                while (buf.hasRemaining()) {
                    bytes += file.write(buf);
                }
            }
            selector.selectedKeys().clear();
        }
        for (FileChannel f : files) {
            f.close();
        }
        System.err.printf(Locale.ROOT, "floor: %.1f MB written%n", bytes / 1e6);
    }

    /** One session set up, every track interleaved, not yet playing. */
    private static SocketChannel setUp(URI url) throws IOException {
        SocketChannel ch = SocketChannel.open(new InetSocketAddress(url.getHost(), url.getPort()));
        int cseq = 1;
        String describe = request(ch, "DESCRIBE " + url + " RTSP/1.0\r\nCSeq: " + cseq++
                + "\r\nAccept: application/sdp\r\n\r\n");
        String sdp = describe.substring(describe.indexOf("\r\n\r\n") + 4);
        List<String> controls = new ArrayList<>();
        Matcher m = CONTROL.matcher(sdp);
        while (m.find()) {
            if (!m.group(1).equals("*")) {
                controls.add(m.group(1));
            }
        }
        String session = null;
        for (int t = 0; t < controls.size(); t++) {
            String c = controls.get(t);
            String target = c.startsWith("rtsp://") ? c : url + "/" + c;
            String answer = request(ch, "SETUP " + target + " RTSP/1.0\r\nCSeq: " + cseq++
                    + "\r\nTransport: RTP/AVP/TCP;unicast;interleaved=" + 2 * t + "-" + (2 * t + 1) + "\r\n"
                    + (session != null ? "Session: " + session + "\r\n" : "") + "\r\n");
            Matcher s = SESSION.matcher(answer);
            if (session == null && s.find()) {
                session = s.group(1).strip();
            }
        }
        SESSIONS.put(ch, session);
        return ch;
    }

    /** Sends PLAY; its answer is left in the stream, ahead of the media. */
    private static void play(SocketChannel ch, URI url) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(("PLAY " + url + " RTSP/1.0\r\nCSeq: 100\r\nSession: " + SESSIONS.get(ch)
                + "\r\nRange: npt=0.000-\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        while (out.hasRemaining()) {
            ch.write(out);
        }
    }

    /** Sends one request and reads its response byte by byte (headers, then the body its Content-Length gives). */
    private static String request(SocketChannel ch, String request) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII));
        while (out.hasRemaining()) {
            ch.write(out);
        }
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        ByteBuffer one = ByteBuffer.allocate(1);
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            one.clear();
            if (ch.read(one) < 0) {
                throw new IOException("camera closed the connection after " + head);
            }
            head.write(one.get(0));
        }
        String text = head.toString(StandardCharsets.US_ASCII);
        if (!text.startsWith("RTSP/1.0 200")) {
            throw new IOException("camera refused: " + text.lines().findFirst().orElse(""));
        }
        Matcher len = LENGTH.matcher(text);
        if (len.find()) {
            ByteBuffer body = ByteBuffer.allocate(Integer.parseInt(len.group(1)));
            while (body.hasRemaining()) {
                if (ch.read(body) < 0) {
                    throw new IOException("camera closed the connection in a body");
                }
            }
            text += new String(body.array(), StandardCharsets.US_ASCII);
        }
        return text;
    }
}
