package io.rtsprecorder.media.rtsp;

import io.rtsprecorder.media.codec.TrackFormat;
import io.rtsprecorder.media.rtp.FrameSink;
import io.rtsprecorder.media.rtp.RtcpPackets;
import io.rtsprecorder.media.rtp.RtpDepacketizer;
import io.rtsprecorder.media.rtp.RtpFormatException;
import io.rtsprecorder.media.rtp.RtpPacket;
import io.rtsprecorder.media.rtp.RtpReorderBuffer;
import io.rtsprecorder.media.rtp.RtpTimestampUnwrapper;
import io.rtsprecorder.media.sdp.MediaDescription;
import io.rtsprecorder.media.sdp.SdpFormatException;
import io.rtsprecorder.media.sdp.SdpTracks;
import io.rtsprecorder.media.sdp.SessionDescription;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls one RTSP stream: OPTIONS, DESCRIBE, SETUP of every track we can record, PLAY; then {@link #stream} reads
 * media on the calling thread (one virtual thread per camera) and hands frames to a sink until the stream ends,
 * fails, or {@link #close()} is called.
 *
 * <p>Authentication answers a 401 once per request (Basic, Digest MD5 or SHA-256); a second 401 is
 * {@link RtspClientException.Reason#AUTH_REFUSED}, never a loop. Keep-alives go out at half the session timeout
 * without waiting for their answers, since some cameras never answer them. Receiver reports are sent every 5 s,
 * because some cameras end sessions that send none. Nothing this class logs or throws contains a password.
 *
 * <p>Frames of all tracks share one timeline (see {@link #anchor}): their timestamps are in each track's RTP
 * clock, but offset so that equal times mean the same instant, which is what lets a recording start audio and
 * video together.
 */
public final class RtspClient implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RtspClient.class);
    private static final int MAX_REDIRECTS = 3;
    private static final Duration UDP_FIRST_PACKET = Duration.ofSeconds(3);
    private static final long RECEIVER_REPORT_NANOS = 5_000_000_000L;
    /**
     * How long the TCP reader rests once it has read everything the socket holds. A camera sends each frame as a
     * burst of packets, some 70 bursts a second with audio; reading each burst as it lands costs a wake-up, a
     * read that comes back empty and a re-arm of the poller; at 100 cameras, wake-ups like these were about a fifth
     * of the recorder's CPU in the profile. Resting lets the kernel's receive buffer gather a few bursts (20 KB at
     * 4 Mbit/s) for one read. Recording does not care about 40 ms of latency, and the pause only starts when the
     * socket is empty, so it never limits throughput.
     */
    static final long TCP_READ_REST_MILLIS = 40;
    private static final long OUR_SSRC = 0x52524543L; // "RREC"

    /** One track being received. */
    private static final class Track {
        final int index;
        final TrackFormat format;
        final String controlUrl;
        final RtpDepacketizer depacketizer;
        final RtpTimestampUnwrapper unwrapper = new RtpTimestampUnwrapper();
        final RtpReorderBuffer reorder = new RtpReorderBuffer(64);
        DatagramSocket rtpSocket;
        DatagramSocket rtcpSocket;
        InetSocketAddress serverRtcp;
        long ssrc = -1;
        int highestSequence = -1;
        long cycles;
        long received;
        long lastSenderReport;
        long lastSenderReportNanos;
        /** First sender report: NTP time (µs since 1970) and its 32-bit RTP timestamp; 0 until one arrives. */
        long firstSenderReportMicros;
        long firstSenderReportRtp;
        /** Added to unwrapped RTP timestamps to put this track on the session's common timeline. */
        long timelineOffset;
        boolean anchored;

        Track(int index, TrackFormat format, String controlUrl, RtpDepacketizer depacketizer) {
            this.index = index;
            this.format = format;
            this.controlUrl = controlUrl;
            this.depacketizer = depacketizer;
        }
    }

    private final RtspClientConfig config;
    private final Credentials credentials;
    private final List<Track> tracks = new ArrayList<>();
    private final List<String> skipped = new ArrayList<>();
    private final AtomicLong bytesReceived = new AtomicLong();
    private Socket socket;
    private RtspMessageReader reader;
    private RtspMessageWriter writer;
    private ClientAuthenticator authenticator;
    private String url;
    private String aggregateUrl;
    private byte[] pendingFirstUdp;
    private int cseq;
    private String session;
    private int sessionTimeoutSeconds = RtspSessionHeader.DEFAULT_TIMEOUT_SECONDS;
    private boolean getParameterSupported;
    private boolean udp;
    private volatile boolean closed;
    private Boolean senderReportTimeline;
    private long timelineBaseMicros;

    private RtspClient(RtspClientConfig config) {
        this.config = config;
        this.credentials = config.credentials() != null ? config.credentials()
                : Credentials.fromUrl(config.url()).orElse(null);
        this.url = Credentials.stripFromUrl(config.url());
    }

    /** Connects and starts playing; throws a typed {@link RtspClientException} for every failure. */
    public static RtspClient connect(RtspClientConfig config) throws RtspClientException {
        if (config.transport() == RtspClientConfig.Transport.AUTO) {
            try {
                RtspClient client = new RtspClient(config);
                client.open(true);
                if (client.awaitFirstUdpPacket()) {
                    return client;
                }
                log.info("no UDP packet from {} within {} s: switching to TCP", RtspUrls.mask(config.url()),
                        UDP_FIRST_PACKET.toSeconds());
                client.close();
            } catch (RtspClientException e) {
                if (e.reason() != RtspClientException.Reason.UNSUPPORTED_TRANSPORT) {
                    throw e;
                }
            }
            RtspClient tcp = new RtspClient(config);
            tcp.open(false);
            return tcp;
        }
        RtspClient client = new RtspClient(config);
        client.open(config.transport() == RtspClientConfig.Transport.UDP);
        return client;
    }

    /** The recorded tracks; {@link io.rtsprecorder.media.codec.Frame#track()} indexes this list. */
    public List<TrackFormat> tracks() {
        return tracks.stream().map(t -> t.format).toList();
    }

    /** Media sections of the camera that are not recorded, with the reason (e.g. an ONVIF metadata track). */
    public List<String> skippedTracks() {
        return List.copyOf(skipped);
    }

    public boolean usesUdp() {
        return udp;
    }

    public long bytesReceived() {
        return bytesReceived.get();
    }

    private void open(boolean overUdp) throws RtspClientException {
        this.udp = overUdp;
        try {
            for (int redirect = 0; ; redirect++) {
                connectSocket();
                RtspResponse options = send(newRequest("OPTIONS", url));
                options.headers().get("Public").ifPresent(p -> getParameterSupported = p.toUpperCase().contains("GET_PARAMETER"));
                RtspRequest describe = newRequest("DESCRIBE", url);
                describe.headers().add("Accept", "application/sdp");
                RtspResponse response = send(describe);
                if (response.status() >= 300 && response.status() < 400) {
                    String location = response.headers().get("Location").orElseThrow(() -> new RtspClientException(
                            RtspClientException.Reason.PROTOCOL_ERROR, "redirect without Location"));
                    if (redirect == MAX_REDIRECTS) {
                        throw new RtspClientException(RtspClientException.Reason.NOT_FOUND, "more than "
                                + MAX_REDIRECTS + " redirects");
                    }
                    log.info("{} redirects to {}", RtspUrls.mask(url), RtspUrls.mask(location));
                    closeSocket();
                    url = Credentials.stripFromUrl(location);
                    continue;
                }
                expectSuccess(response, "DESCRIBE");
                setUpTracks(response);
                break;
            }
            for (Track t : tracks) {
                setUp(t);
            }
            RtspRequest play = newRequest("PLAY", aggregateUrl);
            play.headers().add("Range", "npt=0.000-");
            expectSuccess(send(play), "PLAY");
            socket.setSoTimeout((int) config.readTimeout().toMillis());
        } catch (RtspClientException e) {
            close();
            throw e;
        } catch (SocketTimeoutException e) {
            close();
            throw new RtspClientException(RtspClientException.Reason.TIMEOUT, "no answer from "
                    + RtspUrls.mask(url) + " within " + config.readTimeout().toSeconds() + " s", e);
        } catch (RtspProtocolException e) {
            close();
            throw new RtspClientException(RtspClientException.Reason.PROTOCOL_ERROR, "camera at "
                    + RtspUrls.mask(url) + " sent invalid RTSP: " + e.getMessage(), e);
        } catch (IOException e) {
            close();
            throw new RtspClientException(RtspClientException.Reason.CONNECTION_FAILED, "connection to "
                    + RtspUrls.mask(url) + " failed: " + e.getMessage(), e);
        }
    }

    private void connectSocket() throws IOException {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new RtspClientException(RtspClientException.Reason.PROTOCOL_ERROR, "not a valid RTSP URL: "
                    + RtspUrls.mask(url));
        }
        if (uri.getHost() == null || !"rtsp".equalsIgnoreCase(uri.getScheme())) {
            throw new RtspClientException(RtspClientException.Reason.PROTOCOL_ERROR, "not an rtsp:// URL: "
                    + RtspUrls.mask(url));
        }
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 554),
                (int) config.connectTimeout().toMillis());
        socket.setSoTimeout((int) config.readTimeout().toMillis());
        reader = new RtspMessageReader(socket.getInputStream());
        writer = new RtspMessageWriter(new BufferedOutputStream(socket.getOutputStream(), 4 * 1024));
    }

    private void setUpTracks(RtspResponse describe) throws RtspClientException {
        SessionDescription sdp;
        try {
            sdp = SessionDescription.parse(describe.body());
        } catch (SdpFormatException e) {
            throw new RtspClientException(RtspClientException.Reason.PROTOCOL_ERROR, "unusable SDP: " + e.getMessage(), e);
        }
        String base = ControlUrls.base(url, describe.headers().get("Content-Base").orElse(null),
                describe.headers().get("Content-Location").orElse(null));
        String sessionControl = sdp.sessionAttribute("control").orElse(null);
        String sessionBase = ControlUrls.resolve(base, sessionControl);
        aggregateUrl = sessionBase;
        for (MediaDescription m : sdp.media()) {
            SdpTracks.Result result = SdpTracks.trackFormat(m);
            if (!result.supported()) {
                skipped.add(m.media() + ": " + result.unsupportedReason());
                log.warn("{}: not recording a {} track: {}", RtspUrls.mask(url), m.media(), result.unsupportedReason());
                continue;
            }
            String control = ControlUrls.resolve(sessionBase, m.control().orElse(null));
            int index = tracks.size();
            tracks.add(new Track(index, result.format(), control,
                    RtpDepacketizer.forTrack(index, result.format(), m.fmtp())));
        }
        if (tracks.isEmpty()) {
            throw new RtspClientException(RtspClientException.Reason.NO_SUPPORTED_TRACK,
                    "no recordable track in the stream: " + String.join("; ", skipped));
        }
    }

    private void setUp(Track t) throws IOException {
        RtspRequest setup = newRequest("SETUP", t.controlUrl);
        if (udp) {
            openUdpSockets(t);
            setup.headers().add("Transport", RtspTransport.udp(t.rtpSocket.getLocalPort(),
                    t.rtcpSocket.getLocalPort()).format());
        } else {
            setup.headers().add("Transport", RtspTransport.tcp(2 * t.index, 2 * t.index + 1).format());
        }
        RtspResponse response = send(setup);
        if (response.status() == 461) {
            throw new RtspClientException(RtspClientException.Reason.UNSUPPORTED_TRANSPORT, "camera refuses RTP over "
                    + (udp ? "UDP" : "TCP") + " (461)");
        }
        expectSuccess(response, "SETUP");
        response.headers().get("Session").ifPresent(value -> {
            try {
                RtspSessionHeader s = RtspSessionHeader.parse(value);
                session = s.id();
                sessionTimeoutSeconds = s.timeoutSeconds();
            } catch (RtspProtocolException e) {
                session = value.split(";")[0].strip();
            }
        });
        if (udp) {
            String transport = response.headers().get("Transport").orElse("");
            RtspTransport chosen = RtspTransport.parseAll(transport).get(0);
            InetSocketAddress server = (InetSocketAddress) socket.getRemoteSocketAddress();
            if (chosen.serverRtcpPort() > 0) {
                t.serverRtcp = new InetSocketAddress(server.getAddress(), chosen.serverRtcpPort());
            }
        }
    }

    private void openUdpSockets(Track t) throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            DatagramSocket rtp = new DatagramSocket(new InetSocketAddress(socket.getLocalAddress(), 0));
            int port = rtp.getLocalPort();
            if (port % 2 == 0) {
                try {
                    DatagramSocket rtcp = new DatagramSocket(new InetSocketAddress(socket.getLocalAddress(), port + 1));
                    rtp.setReceiveBufferSize(1 << 20);
                    t.rtpSocket = rtp;
                    t.rtcpSocket = rtcp;
                    return;
                } catch (IOException taken) {
                    // the odd port is in use: try another pair
                }
            }
            rtp.close();
        }
        throw new RtspClientException(RtspClientException.Reason.CONNECTION_FAILED, "no free UDP port pair");
    }

    private boolean awaitFirstUdpPacket() {
        try {
            Track first = tracks.get(0);
            first.rtpSocket.setSoTimeout((int) UDP_FIRST_PACKET.toMillis());
            byte[] buf = new byte[2048];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            first.rtpSocket.receive(p);
            pendingFirstUdp = java.util.Arrays.copyOf(buf, p.getLength());
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Receives media until {@link #close()} (returns normally) or a failure (throws): a stream that sends nothing
     * for the read timeout is {@link RtspClientException.Reason#TIMEOUT}. Runs on the caller's thread.
     */
    public void stream(FrameSink sink) throws RtspClientException {
        Thread keepAlive = Thread.ofVirtual().name("rtsp-keepalive").start(this::keepAliveLoop);
        try {
            if (udp) {
                streamUdp(sink);
            } else {
                streamTcp(sink);
            }
        } catch (RtspClientException e) {
            if (!closed) {
                throw e;
            }
        } catch (SocketTimeoutException e) {
            if (!closed) {
                throw new RtspClientException(RtspClientException.Reason.TIMEOUT, "no media from "
                        + RtspUrls.mask(url) + " for " + config.readTimeout().toSeconds() + " s", e);
            }
        } catch (RtspProtocolException e) {
            if (!closed) {
                throw new RtspClientException(RtspClientException.Reason.PROTOCOL_ERROR, "invalid data from "
                        + RtspUrls.mask(url) + ": " + e.getMessage(), e);
            }
        } catch (IOException e) {
            if (!closed) {
                throw new RtspClientException(RtspClientException.Reason.CONNECTION_FAILED, "connection to "
                        + RtspUrls.mask(url) + " lost: " + e.getMessage(), e);
            }
        } finally {
            keepAlive.interrupt();
            for (Track t : tracks) {
                t.depacketizer.flush(sink);
            }
        }
    }

    private void streamTcp(FrameSink sink) throws IOException {
        long lastReport = System.nanoTime();
        while (!closed) {
            RtspMessage m = reader.read();
            if (m == null) {
                throw new EOFException("camera closed the connection");
            }
            if (m instanceof InterleavedFrame f) {
                int index = f.channel() / 2;
                if (index < tracks.size()) {
                    bytesReceived.addAndGet(f.payload().length + 4L);
                    if (f.channel() % 2 == 0) {
                        rtp(tracks.get(index), f.payload(), f.payload().length, sink);
                    } else {
                        rtcp(tracks.get(index), f.payload(), f.payload().length);
                    }
                }
            } else if (m instanceof RtspResponse r && r.status() >= 400) {
                log.debug("{} answered a keep-alive with {}", RtspUrls.mask(url), r.status());
            }
            long now = System.nanoTime();
            if (now - lastReport >= RECEIVER_REPORT_NANOS) {
                lastReport = now;
                sendReceiverReports();
            }
            if (reader.drained()) {
                rest();
            }
        }
    }

    private void rest() throws IOException {
        try {
            Thread.sleep(TCP_READ_REST_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while streaming");
        }
    }

    /**
     * UDP: one receiver thread per socket feeds a queue; this thread reorders and depacketizes, so sinks see one
     * thread.
     */
    private void streamUdp(FrameSink sink) throws IOException {
        BlockingQueue<Object[]> queue = new ArrayBlockingQueue<>(4096);
        List<Thread> receivers = new ArrayList<>();
        if (pendingFirstUdp != null) {
            queue.add(new Object[] {tracks.get(0), pendingFirstUdp, Boolean.TRUE});
            pendingFirstUdp = null;
        }
        for (Track t : tracks) {
            receivers.add(Thread.ofVirtual().name("rtp-udp").start(() -> receiveUdp(t, t.rtpSocket, true, queue)));
            receivers.add(Thread.ofVirtual().name("rtcp-udp").start(() -> receiveUdp(t, t.rtcpSocket, false, queue)));
        }
        try {
            long lastReport = System.nanoTime();
            while (!closed) {
                Object[] item = queue.poll(config.readTimeout().toMillis(), TimeUnit.MILLISECONDS);
                if (item == null) {
                    throw new SocketTimeoutException("no UDP packet");
                }
                Track t = (Track) item[0];
                byte[] data = (byte[]) item[1];
                bytesReceived.addAndGet(data.length);
                if ((Boolean) item[2]) {
                    try {
                        RtpPacket p = RtpPacket.parse(data, 0, data.length);
                        t.reorder.push(p, ordered -> deliver(t, ordered, sink));
                    } catch (RtpFormatException notRtp) {
                        // a stray datagram on the RTP port
                    }
                } else {
                    rtcp(t, data, data.length);
                }
                long now = System.nanoTime();
                if (now - lastReport >= RECEIVER_REPORT_NANOS) {
                    lastReport = now;
                    sendReceiverReports();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            receivers.forEach(Thread::interrupt);
        }
    }

    private void receiveUdp(Track t, DatagramSocket s, boolean isRtp, BlockingQueue<Object[]> queue) {
        byte[] buf = new byte[65536];
        try {
            s.setSoTimeout(0);
            while (!closed) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                s.receive(p);
                if (!queue.offer(new Object[] {t, java.util.Arrays.copyOf(buf, p.getLength()), isRtp})) {
                    log.warn("{}: UDP packets arrive faster than they are processed; dropping", RtspUrls.mask(url));
                }
            }
        } catch (IOException e) {
            // socket closed
        }
    }

    private void rtp(Track t, byte[] data, int length, FrameSink sink) {
        try {
            deliver(t, RtpPacket.parse(data, 0, length), sink);
        } catch (RtpFormatException e) {
            // not RTP: ignored like cameras' keep-alive junk
        }
    }

    /** One packet in sequence order: statistics, timeline, depacketizer. */
    private void deliver(Track t, RtpPacket packet, FrameSink sink) {
        if (t.ssrc != packet.ssrc()) {
            t.ssrc = packet.ssrc();
        }
        int seq = packet.sequenceNumber();
        if (t.highestSequence >= 0 && seq < t.highestSequence && t.highestSequence - seq > 0x8000) {
            t.cycles += 0x10000;
        }
        t.highestSequence = seq;
        t.received++;
        long unwrapped = t.unwrapper.unwrap(packet.timestamp());
        if (!t.anchored) {
            anchor(t, unwrapped, packet.timestamp());
        }
        t.depacketizer.push(packet, unwrapped + t.timelineOffset, sink);
    }

    /**
     * Puts a track on the session's common timeline at its first packet. Each track's RTP clock starts at a random
     * value, so audio and video can only be aligned through RTCP sender reports (NTP time of an RTP timestamp) or,
     * when a report has not arrived for every track before the first packet, through arrival time. The choice is
     * made once per session and never changes, so timestamps never jump.
     */
    private void anchor(Track t, long unwrapped, long timestamp32) {
        int rate = t.format.timescale();
        if (senderReportTimeline == null) {
            senderReportTimeline = tracks.stream().allMatch(x -> x.firstSenderReportMicros != 0);
            long base = senderReportTimeline
                    ? tracks.stream().mapToLong(x -> x.firstSenderReportMicros).min().orElse(0)
                    : System.currentTimeMillis() * 1000;
            timelineBaseMicros = base - 1_000_000; // keeps early frames of other tracks positive
        }
        long anchorMicros;
        long anchorRtp;
        if (senderReportTimeline) {
            anchorMicros = t.firstSenderReportMicros;
            anchorRtp = unwrapped + (int) (t.firstSenderReportRtp - timestamp32);
        } else {
            anchorMicros = System.currentTimeMillis() * 1000;
            anchorRtp = unwrapped;
        }
        t.timelineOffset = Math.floorDiv(Math.multiplyExact(anchorMicros - timelineBaseMicros, (long) rate), 1_000_000L)
                - anchorRtp;
        t.anchored = true;
    }

    private void rtcp(Track t, byte[] data, int length) {
        try {
            for (Object o : RtcpPackets.parse(data, 0, length)) {
                if (o instanceof RtcpPackets.SenderReport sr) {
                    t.lastSenderReport = (sr.ntpTimestamp() >>> 16) & 0xFFFFFFFFL;
                    t.lastSenderReportNanos = System.nanoTime();
                    if (t.firstSenderReportMicros == 0) {
                        long seconds = (sr.ntpTimestamp() >>> 32) - 2_208_988_800L;
                        long micros = ((sr.ntpTimestamp() & 0xFFFFFFFFL) * 1_000_000L) >>> 32;
                        t.firstSenderReportMicros = seconds * 1_000_000L + micros;
                        t.firstSenderReportRtp = sr.rtpTimestamp();
                    }
                }
            }
        } catch (RtpFormatException e) {
            // ignore broken RTCP
        }
    }

    private void sendReceiverReports() throws IOException {
        for (Track t : tracks) {
            if (t.ssrc < 0) {
                continue;
            }
            long dlsr = t.lastSenderReportNanos == 0 ? 0
                    : (System.nanoTime() - t.lastSenderReportNanos) * 65536 / 1_000_000_000L;
            byte[] rr = RtcpPackets.receiverReport(OUR_SSRC, List.of(new RtcpPackets.ReportBlock(t.ssrc, 0, 0,
                    t.cycles + Math.max(0, t.highestSequence), 0, t.lastSenderReport, dlsr)));
            if (udp && t.serverRtcp != null) {
                t.rtcpSocket.send(new DatagramPacket(rr, rr.length, t.serverRtcp));
            } else if (!udp) {
                synchronized (writer) {
                    writer.writeInterleaved(2 * t.index + 1, rr, 0, rr.length);
                    writer.flush();
                }
            }
        }
    }

    private void keepAliveLoop() {
        long interval = Math.max(1, sessionTimeoutSeconds / 2) * 1000L;
        try {
            while (!closed) {
                Thread.sleep(interval);
                RtspRequest ping = newRequest(getParameterSupported ? "GET_PARAMETER" : "OPTIONS", url);
                synchronized (writer) {
                    writer.write(ping);
                    writer.flush();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            log.debug("keep-alive to {} failed: {}", RtspUrls.mask(url), e.toString());
        }
    }

    private synchronized RtspRequest newRequest(String method, String uri) {
        RtspRequest r = RtspRequest.of(method, uri, ++cseq);
        r.headers().add("User-Agent", config.userAgent());
        if (session != null) {
            r.headers().add("Session", session);
        }
        return r;
    }

    /** Sends a request and waits for its response, answering one authentication challenge. */
    private RtspResponse send(RtspRequest request) throws IOException {
        RtspResponse response = exchange(request);
        if (response.status() == 401) {
            if (credentials == null) {
                throw new RtspClientException(RtspClientException.Reason.AUTH_REFUSED, RtspUrls.mask(url)
                        + " requires credentials and none were given");
            }
            if (authenticator == null) {
                authenticator = new ClientAuthenticator(credentials);
            }
            boolean hadChallenge = authenticator.hasChallenge();
            if (!authenticator.accept(response.headers().getAll("WWW-Authenticate"))) {
                throw new RtspClientException(RtspClientException.Reason.AUTH_REFUSED, RtspUrls.mask(url)
                        + " asks for an authentication scheme we do not support");
            }
            if (hadChallenge && !authenticator.staleNonce() && request.headers().contains("Authorization")) {
                throw new RtspClientException(RtspClientException.Reason.AUTH_REFUSED, "camera at "
                        + RtspUrls.mask(url) + " refused the credentials of user " + credentials.username());
            }
            RtspRequest retry = newRequest(request.method(), request.uri());
            request.headers().entries().forEach(e -> {
                if (!e.getKey().equalsIgnoreCase("CSeq") && !e.getKey().equalsIgnoreCase("Authorization")
                        && !retry.headers().contains(e.getKey())) {
                    retry.headers().add(e.getKey(), e.getValue());
                }
            });
            response = exchange(retry);
            if (response.status() == 401) {
                throw new RtspClientException(RtspClientException.Reason.AUTH_REFUSED, "camera at "
                        + RtspUrls.mask(url) + " refused the credentials of user " + credentials.username());
            }
        }
        if (response.status() == 404) {
            throw new RtspClientException(RtspClientException.Reason.NOT_FOUND, RtspUrls.mask(request.uri())
                    + " not found (404)");
        }
        return response;
    }

    private RtspResponse exchange(RtspRequest request) throws IOException {
        if (authenticator != null) {
            authenticator.authorization(request.method(), request.uri())
                    .ifPresent(a -> request.headers().set("Authorization", a));
        }
        synchronized (writer) {
            writer.write(request);
            writer.flush();
        }
        while (true) {
            RtspMessage m = reader.read();
            if (m == null) {
                throw new EOFException("camera closed the connection during " + request.method());
            }
            if (m instanceof RtspResponse r) {
                if (r.cseq() == request.cseq() || r.cseq() < 0) {
                    return r;
                }
            }
            // interleaved packets before PLAY's answer, or answers to keep-alives: not what we wait for
        }
    }

    private void expectSuccess(RtspResponse response, String method) throws RtspClientException {
        if (!response.isSuccess()) {
            throw new RtspClientException(RtspClientException.Reason.PROTOCOL_ERROR, method + " on "
                    + RtspUrls.mask(url) + " answered " + response.status() + " " + response.reason());
        }
    }

    /** Ends the session: a TEARDOWN (best effort, not waited for), then the sockets close. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (socket != null && session != null && !socket.isClosed()) {
            try {
                synchronized (writer) {
                    writer.write(newRequest("TEARDOWN", url));
                    writer.flush();
                }
            } catch (IOException e) {
                // the camera is gone already
            }
        }
        closeSocket();
        for (Track t : tracks) {
            if (t.rtpSocket != null) {
                t.rtpSocket.close();
                t.rtcpSocket.close();
            }
        }
    }

    private void closeSocket() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
