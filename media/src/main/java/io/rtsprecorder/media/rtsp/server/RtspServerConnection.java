package io.rtsprecorder.media.rtsp.server;

import io.rtsprecorder.media.rtsp.wire.InterleavedFrame;
import io.rtsprecorder.media.rtsp.wire.RtspMessage;
import io.rtsprecorder.media.rtsp.wire.RtspMessageReader;
import io.rtsprecorder.media.rtsp.wire.RtspMessageWriter;
import io.rtsprecorder.media.rtsp.wire.RtspProtocolException;
import io.rtsprecorder.media.rtsp.wire.RtspRequest;
import io.rtsprecorder.media.rtsp.wire.RtspResponse;
import io.rtsprecorder.media.rtsp.wire.RtspTransport;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One RTSP client connection of an {@link RtspServer}: reads requests on its own virtual thread, answers them, and
 * streams media from one {@link LiveSource} over TCP (interleaved) or UDP.
 *
 * <p>Everything written to the socket goes through one writer thread fed by one queue, so a PLAY response always
 * precedes the media it starts. Responses are never dropped; media batches are bounded (see
 * {@link PacketSubscriber} for what a source does when they are full). That keeps a slow or stalled client from
 * holding up the source or anybody else.
 */
final class RtspServerConnection implements PacketSubscriber {

    private static final Logger log = LoggerFactory.getLogger(RtspServerConnection.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PUBLIC =
            "OPTIONS, DESCRIBE, SETUP, PLAY, PAUSE, TEARDOWN, GET_PARAMETER, SET_PARAMETER";

    private enum State { INIT, READY, PLAYING }

    /** Where one set-up track goes. */
    private record Destination(int track, RtspTransport transport, DatagramSocket rtpSocket,
                               DatagramSocket rtcpSocket, InetSocketAddress rtpTarget, InetSocketAddress rtcpTarget) {
    }

    private final Socket socket;
    private final RtspServer server;
    private final Duration sessionTimeout;
    private final OutboundQueue outbound;
    private final Destination[] destinations = new Destination[16];
    private volatile boolean closed;
    /** The source sent RTCP BYE and nothing more; the session stays, and a new PLAY starts it again. */
    private volatile boolean ended;
    private State state = State.INIT;
    private volatile LiveSource source;
    private String sessionId;
    private String pendingPlayUrl;
    private int pendingPlayCseq = -1;
    private Thread writer;

    RtspServerConnection(Socket socket, RtspServer server, Duration sessionTimeout, int maxQueuedBatches) {
        this.socket = socket;
        this.server = server;
        this.sessionTimeout = sessionTimeout;
        this.outbound = new OutboundQueue(maxQueuedBatches);
    }

    void run() {
        writer = Thread.ofVirtual().name("rtsp-writer").start(this::writeLoop);
        try {
            socket.setSoTimeout((int) sessionTimeout.toMillis());
            socket.setTcpNoDelay(true);
            RtspMessageReader reader = new RtspMessageReader(socket.getInputStream());
            while (!closed) {
                RtspMessage message;
                try {
                    message = reader.read();
                } catch (SocketTimeoutException e) {
                    log.info("session {} timed out after {} s without a request", sessionId,
                            sessionTimeout.toSeconds());
                    break;
                }
                if (message == null) {
                    break;
                }
                switch (message) {
                    case RtspRequest request -> handle(request);
                    case InterleavedFrame frame -> {
                        // RTCP receiver reports from the client: accepted and ignored.
                    }
                    case RtspResponse response -> {
                        // A client has no business answering; ignore.
                    }
                }
            }
        } catch (RtspProtocolException e) {
            log.info("bad request from {}: {}", socket.getRemoteSocketAddress(), e.getMessage());
            respond(RtspResponse.of(e.status(), -1));
        } catch (IOException e) {
            if (!closed) {
                log.debug("connection {} ended: {}", socket.getRemoteSocketAddress(), e.toString());
            }
        } finally {
            close();
        }
    }

    private void handle(RtspRequest request) {
        int cseq = request.cseq();
        if (cseq < 0) {
            respond(RtspResponse.of(400, -1));
            return;
        }
        String method = request.method().toUpperCase(Locale.ROOT);
        try {
            switch (method) {
                case "OPTIONS" -> respond(withPublic(RtspResponse.of(200, cseq)));
                case "DESCRIBE" -> describe(request, cseq);
                case "SETUP" -> setup(request, cseq);
                case "PLAY" -> play(request, cseq);
                case "PAUSE" -> pause(request, cseq);
                case "TEARDOWN" -> teardown(request, cseq);
                case "GET_PARAMETER", "SET_PARAMETER" -> {
                    if (checkSession(request, cseq, false)) {
                        respond(RtspResponse.of(200, cseq));
                    }
                }
                default -> respond(withPublic(RtspResponse.of(501, cseq)));
            }
        } catch (RtspProtocolException e) {
            respond(RtspResponse.of(e.status(), cseq));
        }
    }

    private void describe(RtspRequest request, int cseq) {
        LiveSource m = server.sourceForUrl(request.uri());
        if (m == null || RtspServer.trackPath(m, request.uri()) != null) {
            respond(RtspResponse.of(404, cseq));
            return;
        }
        if (!admitted(m, request, cseq)) {
            return;
        }
        String host = socket.getLocalAddress().getHostAddress();
        byte[] sdp = m.describe(host).format().getBytes(StandardCharsets.UTF_8);
        RtspResponse response = RtspResponse.of(200, cseq).withBody("application/sdp", sdp);
        String base = stripQuery(request.uri());
        response.headers().set("Content-Base", base.endsWith("/") ? base : base + "/");
        respond(response);
    }

    private void setup(RtspRequest request, int cseq) throws RtspProtocolException {
        LiveSource m = server.sourceForUrl(request.uri());
        String control = m == null ? null : RtspServer.trackPath(m, request.uri());
        int track = control == null ? -1 : m.trackForControl(control);
        if (m == null || track < 0) {
            respond(RtspResponse.of(404, cseq));
            return;
        }
        if (!admitted(m, request, cseq)) {
            return;
        }
        if (source != null && source != m) {
            respond(RtspResponse.of(459, cseq)); // one session serves one source
            return;
        }
        if (sessionId != null && !checkSession(request, cseq, true)) {
            return;
        }
        if (state == State.PLAYING) {
            respond(RtspResponse.of(455, cseq));
            return;
        }
        String header = request.headers().get("Transport").orElse(null);
        if (header == null) {
            respond(RtspResponse.of(461, cseq));
            return;
        }
        RtspTransport chosen = null;
        for (RtspTransport t : RtspTransport.parseAll(header)) {
            if (!t.unicast() || !"RTP".equals(t.protocol()) || !"AVP".equals(t.profile())) {
                continue;
            }
            if (t.isTcp() && !usesUdp()) {
                chosen = t.interleavedRtp() >= 0 ? t : t.withInterleaved(2 * track, 2 * track + 1);
                break;
            }
            if (t.isUdp() && t.clientRtpPort() > 0 && !usesTcp()) {
                chosen = t;
                break;
            }
        }
        if (chosen == null) {
            respond(RtspResponse.of(461, cseq));
            return;
        }
        String ssrc = String.format("%08X", RANDOM.nextInt());
        Destination destination;
        if (chosen.isTcp()) {
            destination = new Destination(track, chosen.withSsrc(ssrc), null, null, null, null);
        } else {
            try {
                DatagramSocket rtp = new DatagramSocket(new InetSocketAddress(socket.getLocalAddress(), 0));
                DatagramSocket rtcp = new DatagramSocket(new InetSocketAddress(socket.getLocalAddress(), 0));
                var clientHost = socket.getInetAddress();
                destination = new Destination(track, chosen.withServerPorts(rtp.getLocalPort(), rtcp.getLocalPort())
                        .withSsrc(ssrc), rtp, rtcp, new InetSocketAddress(clientHost, chosen.clientRtpPort()),
                        new InetSocketAddress(clientHost, chosen.clientRtcpPort()));
            } catch (IOException e) {
                respond(RtspResponse.of(500, cseq));
                return;
            }
        }
        closeDestination(destinations[track]);
        destinations[track] = destination;
        source = m;
        if (sessionId == null) {
            byte[] id = new byte[8];
            RANDOM.nextBytes(id);
            sessionId = HexFormat.of().formatHex(id).toUpperCase(Locale.ROOT);
        }
        state = State.READY;
        RtspResponse response = RtspResponse.of(200, cseq);
        response.headers().set("Transport", destination.transport().format());
        response.headers().set("Session", sessionId + ";timeout=" + sessionTimeout.toSeconds());
        respond(response);
    }

    private void play(RtspRequest request, int cseq) {
        if (state == State.INIT || source == null) {
            respond(RtspResponse.of(455, cseq));
            return;
        }
        if (!checkSession(request, cseq, true) || !admitted(source, request, cseq)) {
            return;
        }
        if (state == State.PLAYING && !ended) {
            RtspResponse response = RtspResponse.of(200, cseq);
            response.headers().set("Session", sessionId);
            respond(response);
            return;
        }
        ended = false;
        synchronized (this) {
            pendingPlayCseq = cseq;
            pendingPlayUrl = stripQuery(request.uri());
        }
        state = State.PLAYING;
        if (!source.subscribe(this)) { // the response goes out when the source starts us (at a keyframe)
            state = State.READY;
            respond(RtspResponse.of(503, cseq));
        }
    }

    private void pause(RtspRequest request, int cseq) {
        if (state == State.INIT) {
            respond(RtspResponse.of(455, cseq));
            return;
        }
        if (!checkSession(request, cseq, true)) {
            return;
        }
        source.unsubscribe(this);
        state = State.READY;
        RtspResponse response = RtspResponse.of(200, cseq);
        response.headers().set("Session", sessionId);
        respond(response);
    }

    private void teardown(RtspRequest request, int cseq) {
        if (sessionId != null && !checkSession(request, cseq, true)) {
            return;
        }
        if (source != null) {
            source.unsubscribe(this);
        }
        respond(RtspResponse.of(200, cseq));
        outbound.end();
    }

    /** Answers the source's refusal and returns false when the request may not proceed. */
    private boolean admitted(LiveSource m, RtspRequest request, int cseq) {
        Admission a = m.admit(request, remote());
        if (a.admitted()) {
            return true;
        }
        RtspResponse r = RtspResponse.of(a.status(), cseq);
        RtspResponse response = a.reason() == null ? r
                : new RtspResponse(r.version(), r.status(), a.reason(), r.headers(), null);
        if (a.header() != null) {
            response.headers().set(a.header(), a.value());
        }
        respond(response);
        return false;
    }

    private boolean checkSession(RtspRequest request, int cseq, boolean required) {
        String given = request.headers().get("Session").map(v -> v.split(";")[0].strip()).orElse(null);
        if (given == null && !required) {
            return true;
        }
        if (sessionId == null || !sessionId.equals(given)) {
            respond(RtspResponse.of(454, cseq));
            return false;
        }
        return true;
    }

    private boolean usesTcp() {
        for (Destination d : destinations) {
            if (d != null && d.transport().isTcp()) {
                return true;
            }
        }
        return false;
    }

    private boolean usesUdp() {
        for (Destination d : destinations) {
            if (d != null && d.transport().isUdp()) {
                return true;
            }
        }
        return false;
    }

    private static RtspResponse withPublic(RtspResponse response) {
        response.headers().set("Public", PUBLIC);
        return response;
    }

    private static String stripQuery(String uri) {
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }

    // ---- PacketSubscriber: called on the source's threads; nothing but send() blocks ----

    @Override
    public void started(List<TrackStart> starts) {
        int cseq;
        String url;
        synchronized (this) {
            cseq = pendingPlayCseq;
            url = pendingPlayUrl;
        }
        List<String> info = new ArrayList<>();
        for (TrackStart s : starts) {
            if (destinations[s.track()] != null) {
                String base = url.endsWith("/") ? url : url + "/";
                String control = source.control(s.track());
                String trackUrl = url.endsWith(control) ? url : base + control;
                info.add("url=" + trackUrl + ";seq=" + s.sequenceNumber() + ";rtptime=" + s.rtpTime());
            }
        }
        RtspResponse response = RtspResponse.of(200, cseq);
        response.headers().set("Session", sessionId);
        response.headers().set("Range", "npt=0.000-");
        response.headers().set("RTP-Info", String.join(",", info));
        respond(response);
    }

    @Override
    public boolean offer(PacketBatch batch) {
        if (closed) {
            return false;
        }
        if (destinations[batch.track()] == null) {
            return true;
        }
        return outbound.offerMedia(batch);
    }

    @Override
    public boolean send(PacketBatch batch) throws InterruptedException {
        if (closed) {
            return false;
        }
        if (destinations[batch.track()] == null) {
            return true;
        }
        return outbound.putMedia(batch, () -> closed);
    }

    @Override
    public InetSocketAddress remote() {
        return (InetSocketAddress) socket.getRemoteSocketAddress();
    }

    @Override
    public void ended() {
        log.info("connection {}: RTCP BYE sent, stream ended, session kept", socket.getRemoteSocketAddress());
        ended = true;
    }

    @Override
    public void dropped(String reason) {
        log.info("closing connection {}: {}", socket.getRemoteSocketAddress(), reason);
        Thread.ofVirtual().name("rtsp-close").start(this::close); // never block the source's thread
    }

    /** Fault injection: raw bytes that are neither RTSP nor {@code $} frames, in the middle of the stream. */
    void sendRaw(byte[] bytes) {
        outbound.raw(bytes);
    }

    LiveSource source() {
        return source;
    }

    private void respond(RtspResponse response) {
        outbound.respond(response);
    }

    private void writeLoop() {
        try (OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024)) {
            RtspMessageWriter w = new RtspMessageWriter(out);
            outbound.sendTo(new OutboundQueue.Sink() {
                @Override
                public void media(PacketBatch batch) throws IOException {
                    writeBatch(w, batch);
                }

                @Override
                public void response(RtspResponse response) throws IOException {
                    w.write(response);
                }

                @Override
                public void raw(byte[] bytes) throws IOException {
                    out.write(bytes);
                }

                @Override
                public void flush() throws IOException {
                    out.flush();
                }
            }, () -> closed);
        } catch (IOException e) {
            log.debug("write to {} failed: {}", socket.getRemoteSocketAddress(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close();
        }
    }

    private void writeBatch(RtspMessageWriter w, PacketBatch batch) throws IOException {
        Destination d = destinations[batch.track()];
        if (d == null) {
            return;
        }
        for (byte[] packet : batch.packets()) {
            if (d.transport().isTcp()) {
                w.writeInterleaved(batch.rtcp() ? d.transport().interleavedRtcp() : d.transport().interleavedRtp(),
                        packet, 0, packet.length);
            } else {
                DatagramSocket s = batch.rtcp() ? d.rtcpSocket() : d.rtpSocket();
                s.send(new DatagramPacket(packet, packet.length, batch.rtcp() ? d.rtcpTarget() : d.rtpTarget()));
            }
        }
    }

    void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (source != null) {
            source.unsubscribe(this);
        }
        if (writer != null && Thread.currentThread() != writer) {
            try {
                writer.join(1_000); // let queued responses (e.g. TEARDOWN's 200) out first
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
        for (Destination d : destinations) {
            closeDestination(d);
        }
        server.connectionClosed(this);
    }

    private static void closeDestination(Destination d) {
        if (d != null && d.rtpSocket() != null) {
            d.rtpSocket().close();
            d.rtcpSocket().close();
        }
    }
}
