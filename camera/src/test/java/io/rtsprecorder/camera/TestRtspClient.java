package io.rtsprecorder.camera;

import io.rtsprecorder.media.rtp.RtpPacket;
import io.rtsprecorder.media.rtsp.InterleavedFrame;
import io.rtsprecorder.media.rtsp.RtspMessage;
import io.rtsprecorder.media.rtsp.RtspMessageReader;
import io.rtsprecorder.media.rtsp.RtspMessageWriter;
import io.rtsprecorder.media.rtsp.RtspRequest;
import io.rtsprecorder.media.rtsp.RtspResponse;
import io.rtsprecorder.media.sdp.SessionDescription;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * A minimal RTSP/TCP client for camera tests: DESCRIBE, SETUP of every track (interleaved), PLAY, then counts
 * what arrives per track: packets, frames (marker bits), sequence gaps and RTP timestamps that go backwards.
 */
final class TestRtspClient implements AutoCloseable {

    static final int MAX_TRACKS = 4;

    final long[] packets = new long[MAX_TRACKS];
    final long[] frames = new long[MAX_TRACKS];
    final long[] sequenceGaps = new long[MAX_TRACKS];
    final long[] timestampsBackwards = new long[MAX_TRACKS];
    final long[] rtcpPackets = new long[MAX_TRACKS];
    private final int[] lastSequence = {-1, -1, -1, -1};
    private final long[] lastTimestamp = {-1, -1, -1, -1};
    private final Socket socket;
    private final RtspMessageReader reader;
    private final RtspMessageWriter writer;
    private int cseq;
    String session;
    int trackCount;
    RtspResponse playResponse;

    TestRtspClient(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(10_000);
        reader = new RtspMessageReader(socket.getInputStream());
        writer = new RtspMessageWriter(socket.getOutputStream());
    }

    /** Sends a request and returns its response, skipping interleaved packets that arrive first. */
    RtspResponse request(RtspRequest request) throws IOException {
        if (session != null && !request.headers().contains("Session")) {
            request.headers().add("Session", session);
        }
        writer.write(request);
        writer.flush();
        socket.setSoTimeout(10_000); // PLAY is answered at the next keyframe
        while (true) {
            RtspMessage m = reader.read();
            if (m == null) {
                throw new IOException("connection closed while waiting for a response");
            }
            if (m instanceof InterleavedFrame f) {
                count(f);
            } else if (m instanceof RtspResponse r) {
                return r;
            }
        }
    }

    RtspRequest newRequest(String method, String url) {
        return RtspRequest.of(method, url, ++cseq);
    }

    /** DESCRIBE, SETUP every track over TCP, PLAY. */
    void play(String url) throws IOException {
        RtspResponse describe = request(newRequest("DESCRIBE", url));
        if (describe.status() != 200) {
            throw new IOException("DESCRIBE answered " + describe.status());
        }
        SessionDescription sdp = SessionDescription.parse(describe.body());
        trackCount = sdp.media().size();
        for (int i = 0; i < trackCount; i++) {
            RtspRequest setup = newRequest("SETUP", url + "/" + sdp.media().get(i).control().orElseThrow());
            setup.headers().add("Transport", "RTP/AVP/TCP;unicast;interleaved=" + (2 * i) + "-" + (2 * i + 1));
            RtspResponse r = request(setup);
            if (r.status() != 200) {
                throw new IOException("SETUP answered " + r.status());
            }
            session = r.headers().get("Session").orElseThrow().split(";")[0];
        }
        playResponse = request(newRequest("PLAY", url));
        if (playResponse.status() != 200) {
            throw new IOException("PLAY answered " + playResponse.status());
        }
    }

    /** Reads and counts media for the given time (bounded by the clock, not by what arrives). */
    void receiveFor(Duration duration) throws IOException {
        long end = System.nanoTime() + duration.toNanos();
        socket.setSoTimeout(500);
        while (System.nanoTime() < end) {
            RtspMessage m;
            try {
                m = reader.read();
            } catch (SocketTimeoutException e) {
                continue;
            }
            if (m == null) {
                throw new IOException("camera closed the connection");
            }
            if (m instanceof InterleavedFrame f) {
                count(f);
            }
        }
    }

    private void count(InterleavedFrame f) throws IOException {
        int track = f.channel() / 2;
        if (track >= MAX_TRACKS) {
            return;
        }
        if (f.channel() % 2 == 1) {
            rtcpPackets[track]++;
            return;
        }
        RtpPacket p = RtpPacket.parse(f.payload(), 0, f.payload().length);
        packets[track]++;
        if (p.marker()) {
            frames[track]++;
        }
        if (lastSequence[track] >= 0 && p.sequenceNumber() != ((lastSequence[track] + 1) & 0xFFFF)) {
            sequenceGaps[track]++;
        }
        lastSequence[track] = p.sequenceNumber();
        if (lastTimestamp[track] >= 0 && (int) (p.timestamp() - lastTimestamp[track]) < 0) {
            timestampsBackwards[track]++;
        }
        lastTimestamp[track] = p.timestamp();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
