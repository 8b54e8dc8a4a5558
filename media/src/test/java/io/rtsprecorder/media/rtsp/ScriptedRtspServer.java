package io.rtsprecorder.media.rtsp;

import io.rtsprecorder.media.rtp.RtpPacket;
import io.rtsprecorder.media.rtsp.wire.InterleavedFrame;
import io.rtsprecorder.media.rtsp.wire.RtspMessage;
import io.rtsprecorder.media.rtsp.wire.RtspMessageReader;
import io.rtsprecorder.media.rtsp.wire.RtspMessageWriter;
import io.rtsprecorder.media.rtsp.wire.RtspRequest;
import io.rtsprecorder.media.rtsp.wire.RtspResponse;
import io.rtsprecorder.media.rtsp.wire.RtspTransport;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A camera whose media the test writes packet by packet, over loopback: it answers OPTIONS, DESCRIBE (with the
 * test's SDP), SETUP (TCP interleaved, or UDP with a socket pair per track), PLAY, keep-alives and TEARDOWN with
 * 200, one connection at a time; after PLAY the test sends RTP and RTCP with {@link #sendRtp} and
 * {@link #sendRtcp}, and reads the RTCP the client sent back from {@link #clientRtcp}. It goes on answering
 * keep-alives whatever the media does, as the cameras do that end a stream with BYE only.
 */
final class ScriptedRtspServer implements AutoCloseable {

    /** An H.264 (baseline, 640x360) + G.711 A-law SDP; track 0 is video, track 1 audio. */
    static final String VIDEO_AND_AUDIO = """
            v=0
            o=- 1 1 IN IP4 127.0.0.1
            s=scripted
            t=0 0
            a=control:*
            m=video 0 RTP/AVP 96
            a=rtpmap:96 H264/90000
            a=fmtp:96 packetization-mode=1;sprop-parameter-sets=Z0IAKeKQFAe2AtwEBAaQeJEV,aM48gA==
            a=control:trackID=0
            m=audio 0 RTP/AVP 8
            a=rtpmap:8 PCMA/8000
            a=control:trackID=1
            """;

    /** Two audio tracks and no video: G.711 A-law and µ-law. */
    static final String AUDIO_ONLY = """
            v=0
            o=- 1 1 IN IP4 127.0.0.1
            s=scripted
            t=0 0
            a=control:*
            m=audio 0 RTP/AVP 8
            a=rtpmap:8 PCMA/8000
            a=control:trackID=0
            m=audio 0 RTP/AVP 0
            a=rtpmap:0 PCMU/8000
            a=control:trackID=1
            """;

    /** RTCP the client sent, per track. */
    record ClientRtcp(int track, byte[] data) {
    }

    private static final int MAX_TRACKS = 4;

    private final ServerSocket server;
    private final byte[] sdp;
    private final int sessionTimeoutSeconds;
    /** Over TCP, the first interleaved channel the SETUP answers name (0: the ones the client asked for). */
    private final int firstChannel;
    private final Thread acceptor;
    private final CountDownLatch playing = new CountDownLatch(1);
    private final AtomicInteger keepAlives = new AtomicInteger();
    private final BlockingQueue<ClientRtcp> clientRtcp = new LinkedBlockingQueue<>();
    private final List<DatagramSocket> udpSockets = new CopyOnWriteArrayList<>();
    private final DatagramSocket[] rtpOut = new DatagramSocket[MAX_TRACKS];
    private final InetSocketAddress[] clientRtp = new InetSocketAddress[MAX_TRACKS];
    private final InetSocketAddress[] clientRtcpAddress = new InetSocketAddress[MAX_TRACKS];
    private final DatagramSocket[] rtcpOut = new DatagramSocket[MAX_TRACKS];
    private volatile RtspMessageWriter writer;
    private volatile Socket connection;

    private ScriptedRtspServer(String sdp, int sessionTimeoutSeconds, int firstChannel) throws IOException {
        this.server = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
        this.sdp = sdp.replace("\n", "\r\n").getBytes(StandardCharsets.US_ASCII);
        this.sessionTimeoutSeconds = sessionTimeoutSeconds;
        this.firstChannel = firstChannel;
        this.acceptor = Thread.ofVirtual().name("scripted-rtsp").start(this::accept);
    }

    /** Serves {@code sdp}; the session header announces {@code sessionTimeoutSeconds} (keep-alives at half). */
    static ScriptedRtspServer start(String sdp, int sessionTimeoutSeconds) throws IOException {
        return new ScriptedRtspServer(sdp, sessionTimeoutSeconds, 0);
    }

    /**
     * Like {@link #start}, but over TCP it answers every SETUP with its own channels, from {@code firstChannel}
     * on (track {@code n} on {@code firstChannel + 2n} and the next), and interleaves on those, as some cameras do.
     */
    static ScriptedRtspServer startAnsweringChannelsFrom(String sdp, int sessionTimeoutSeconds, int firstChannel)
            throws IOException {
        return new ScriptedRtspServer(sdp, sessionTimeoutSeconds, firstChannel);
    }

    String url() {
        return "rtsp://127.0.0.1:" + server.getLocalPort() + "/scripted";
    }

    /** Keep-alive requests (OPTIONS or GET_PARAMETER after PLAY) answered so far. */
    int keepAlives() {
        return keepAlives.get();
    }

    BlockingQueue<ClientRtcp> clientRtcp() {
        return clientRtcp;
    }

    void awaitPlaying(Duration timeout) throws InterruptedException {
        if (!playing.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("the client sent no PLAY within " + timeout);
        }
    }

    void sendRtp(int track, byte[] packet) throws IOException {
        send(track, packet, false);
    }

    void sendRtcp(int track, byte[] packet) throws IOException {
        send(track, packet, true);
    }

    private void send(int track, byte[] packet, boolean rtcp) throws IOException {
        if (playing.getCount() > 0) { // also what makes the SETUP's sockets visible to this thread
            throw new IllegalStateException("not playing yet");
        }
        if (rtpOut[track] != null) {
            DatagramSocket s = rtcp ? rtcpOut[track] : rtpOut[track];
            s.send(new DatagramPacket(packet, packet.length, rtcp ? clientRtcpAddress[track] : clientRtp[track]));
            return;
        }
        RtspMessageWriter w = writer;
        synchronized (w) {
            w.writeInterleaved(firstChannel + 2 * track + (rtcp ? 1 : 0), packet, 0, packet.length);
            w.flush();
        }
    }

    private void accept() {
        try {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    connection = s;
                    serve(s);
                } catch (IOException e) {
                    // the client went away: wait for the next one
                }
            }
        } finally {
            udpSockets.forEach(DatagramSocket::close);
        }
    }

    private void serve(Socket s) throws IOException {
        RtspMessageReader in = new RtspMessageReader(s.getInputStream());
        writer = new RtspMessageWriter(new BufferedOutputStream(s.getOutputStream()));
        boolean played = false;
        for (RtspMessage m = in.read(); m != null; m = in.read()) {
            if (m instanceof InterleavedFrame f) {
                if ((f.channel() - firstChannel) % 2 == 1) {
                    clientRtcp.add(new ClientRtcp((f.channel() - firstChannel) / 2, f.payload()));
                }
                continue;
            }
            if (!(m instanceof RtspRequest request)) {
                continue;
            }
            RtspResponse response = RtspResponse.of(200, request.cseq());
            response.headers().add("Session", "5C4E0001;timeout=" + sessionTimeoutSeconds);
            switch (request.method()) {
                case "OPTIONS", "GET_PARAMETER" -> {
                    response.headers().add("Public", "OPTIONS, DESCRIBE, SETUP, PLAY, GET_PARAMETER, TEARDOWN");
                    if (played) {
                        keepAlives.incrementAndGet();
                    }
                }
                case "DESCRIBE" -> {
                    response.headers().add("Content-Base", url() + "/");
                    response = response.withBody("application/sdp", sdp);
                }
                case "SETUP" -> response.headers().add("Transport", setUp(request, s));
                case "PLAY" -> {
                    played = true;
                    playing.countDown();
                }
                default -> {
                    // TEARDOWN and anything else: 200
                }
            }
            synchronized (writer) {
                writer.write(response);
                writer.flush();
            }
        }
    }

    /** Answers a SETUP: TCP as asked, or UDP to the client's ports from a new server socket pair. */
    private String setUp(RtspRequest request, Socket s) throws IOException {
        int track = request.uri().charAt(request.uri().length() - 1) - '0';
        RtspTransport asked = RtspTransport.parseAll(request.headers().get("Transport").orElseThrow()).get(0);
        if (asked.isTcp()) {
            return firstChannel == 0 ? asked.format()
                    : asked.withInterleaved(firstChannel + 2 * track, firstChannel + 2 * track + 1).format();
        }
        DatagramSocket rtp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        DatagramSocket rtcp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        udpSockets.add(rtp);
        udpSockets.add(rtcp);
        InetAddress client = s.getInetAddress();
        clientRtp[track] = new InetSocketAddress(client, asked.clientRtpPort());
        clientRtcpAddress[track] = new InetSocketAddress(client, asked.clientRtcpPort());
        rtcpOut[track] = rtcp;
        rtpOut[track] = rtp;
        Thread.ofVirtual().name("scripted-rtcp-in").start(() -> receiveRtcp(track, rtcp));
        return asked.withServerPorts(rtp.getLocalPort(), rtcp.getLocalPort()).format();
    }

    private void receiveRtcp(int track, DatagramSocket socket) {
        byte[] buf = new byte[2048];
        try {
            while (!socket.isClosed()) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                socket.receive(p);
                clientRtcp.add(new ClientRtcp(track, Arrays.copyOf(buf, p.getLength())));
            }
        } catch (IOException e) {
            // closed
        }
    }

    /** An H.264 picture in one packet (single NAL unit mode): an IDR slice when {@code key}, else a P slice. */
    static byte[] h264(int seq, long timestamp, long ssrc, boolean marker, boolean key) {
        byte[] p = new byte[RtpPacket.HEADER_BYTES + 40];
        RtpPacket.writeHeader(p, 0, 96, marker, seq & 0xFFFF, timestamp, ssrc);
        p[RtpPacket.HEADER_BYTES] = (byte) (key ? 0x65 : 0x41);
        for (int i = RtpPacket.HEADER_BYTES + 1; i < p.length; i++) {
            p[i] = (byte) (0x80 | i);
        }
        return p;
    }

    /** 20 ms of G.711 (160 samples) with payload type {@code payloadType}. */
    static byte[] g711(int payloadType, int seq, long timestamp, long ssrc) {
        byte[] p = new byte[RtpPacket.HEADER_BYTES + 160];
        RtpPacket.writeHeader(p, 0, payloadType, false, seq & 0xFFFF, timestamp, ssrc);
        Arrays.fill(p, RtpPacket.HEADER_BYTES, p.length, (byte) 0xD5);
        return p;
    }

    @Override
    public void close() throws IOException {
        server.close();
        Socket c = connection;
        if (c != null) {
            c.close();
        }
        udpSockets.forEach(DatagramSocket::close);
        try {
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
