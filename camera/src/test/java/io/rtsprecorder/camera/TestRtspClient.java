package io.rtsprecorder.camera;

import io.rtsprecorder.media.codec.Codec;
import io.rtsprecorder.media.codec.NalUnits;
import io.rtsprecorder.media.rtp.RtpPacket;
import io.rtsprecorder.media.rtsp.wire.InterleavedFrame;
import io.rtsprecorder.media.rtsp.wire.RtspMessage;
import io.rtsprecorder.media.rtsp.wire.RtspMessageReader;
import io.rtsprecorder.media.rtsp.wire.RtspMessageWriter;
import io.rtsprecorder.media.rtsp.wire.RtspRequest;
import io.rtsprecorder.media.rtsp.wire.RtspResponse;
import io.rtsprecorder.media.sdp.MediaDescription;
import io.rtsprecorder.media.sdp.SdpTracks;
import io.rtsprecorder.media.sdp.SessionDescription;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A minimal RTSP/TCP client for camera tests: DESCRIBE, SETUP of every track (interleaved), PLAY, then counts
 * what arrives per track: packets, frames (marker bits), sequence gaps and RTP timestamps that go backwards; the
 * SSRC of the RTP, RTCP sender reports and BYEs (read here byte by byte, independently of the camera's writer);
 * the NAL unit types of H.264/H.265 payloads; and when each new RTP timestamp arrived.
 */
final class TestRtspClient implements AutoCloseable {

    static final int MAX_TRACKS = 4;

    final long[] packets = new long[MAX_TRACKS];
    final long[] frames = new long[MAX_TRACKS];
    final long[] sequenceGaps = new long[MAX_TRACKS];
    final long[] timestampsBackwards = new long[MAX_TRACKS];
    final long[] rtcpPackets = new long[MAX_TRACKS];
    final long[] rtpSsrc = {-1, -1, -1, -1};
    final long[] senderReports = new long[MAX_TRACKS];
    /** Per track, the SSRCs of the RTCP BYE packets received. */
    final List<List<Long>> byeSsrcs = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
            new ArrayList<>());
    /** Per track, whether every BYE came after a sender report of the same SSRC in its compound packet. */
    final boolean[] byeAfterSenderReport = {true, true, true, true};
    final long[] parameterSetNalUnits = new long[MAX_TRACKS];
    final long[] keyframeNalUnits = new long[MAX_TRACKS];
    /** Per track, {arrival nanos, RTP timestamp} of each packet whose timestamp differs from the one before. */
    final List<List<long[]>> timestamps = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
            new ArrayList<>());
    /** Per track, {arrival nanos, RTP timestamp} of each sender report. */
    final List<List<long[]>> senderReportTimes = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
            new ArrayList<>());
    final Codec[] codecs = new Codec[MAX_TRACKS];
    final int[] clockRates = new int[MAX_TRACKS];
    private static final int MAX_RECORDED = 20_000;
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
        for (int i = 0; i < trackCount && i < MAX_TRACKS; i++) {
            SdpTracks.Result format = SdpTracks.trackFormat(sdp.media().get(i));
            codecs[i] = format.supported() ? format.format().codec() : null;
            clockRates[i] = sdp.media().get(i).rtpMap().map(MediaDescription.RtpMap::clockRate).orElse(0);
        }
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
        receiveUntil(() -> false, duration);
    }

    /** Reads and counts media until {@code done} holds or the time is up; returns whether it holds. */
    boolean receiveUntil(BooleanSupplier done, Duration timeout) throws IOException {
        long end = System.nanoTime() + timeout.toNanos();
        socket.setSoTimeout(500);
        while (!done.getAsBoolean() && System.nanoTime() < end) {
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
        return done.getAsBoolean();
    }

    long totalRtpPackets() {
        return Arrays.stream(packets).sum();
    }

    long totalRtcpPackets() {
        return Arrays.stream(rtcpPackets).sum();
    }

    private void count(InterleavedFrame f) throws IOException {
        int track = f.channel() / 2;
        if (track >= MAX_TRACKS) {
            return;
        }
        long arrival = System.nanoTime();
        if (f.channel() % 2 == 1) {
            rtcpPackets[track]++;
            readRtcp(track, f.payload(), arrival);
            return;
        }
        RtpPacket p = RtpPacket.parse(f.payload(), 0, f.payload().length);
        packets[track]++;
        rtpSsrc[track] = p.ssrc();
        if (lastTimestamp[track] != p.timestamp() && timestamps.get(track).size() < MAX_RECORDED) {
            timestamps.get(track).add(new long[] {arrival, p.timestamp()});
        }
        if (codecs[track] == Codec.H264 || codecs[track] == Codec.H265) {
            countNalUnits(track, codecs[track], p.buffer(), p.payloadOffset(), p.payloadLength());
        }
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

    /** A compound RTCP packet (RFC 3550 §6): sender reports and BYEs counted, at most 16 packets walked. */
    private void readRtcp(int track, byte[] data, long arrival) throws IOException {
        int pos = 0;
        long reportSsrc = -1;
        for (int n = 0; n < 16 && pos + 8 <= data.length; n++) {
            int count = data[pos] & 0x1F;
            int type = data[pos + 1] & 0xFF;
            int bytes = 4 * ((((data[pos + 2] & 0xFF) << 8) | (data[pos + 3] & 0xFF)) + 1);
            if ((data[pos] & 0xC0) != 0x80 || bytes > data.length - pos) {
                throw new IOException("malformed RTCP on track " + track);
            }
            if (type == 200 && bytes >= 28) {
                senderReports[track]++;
                reportSsrc = uint32(data, pos + 4);
                if (senderReportTimes.get(track).size() < MAX_RECORDED) {
                    senderReportTimes.get(track).add(new long[] {arrival, uint32(data, pos + 16)});
                }
            } else if (type == 203) {
                for (int i = 0; i < count && 4 + 4 * i + 4 <= bytes; i++) {
                    long ssrc = uint32(data, pos + 4 + 4 * i);
                    byeSsrcs.get(track).add(ssrc);
                    byeAfterSenderReport[track] &= ssrc == reportSsrc;
                }
            }
            pos += bytes;
        }
    }

    /** Counts parameter sets and keyframe slices in a single, aggregation or (first) fragmentation packet. */
    private void countNalUnits(int track, Codec codec, byte[] p, int off, int len) {
        if (len < 3) {
            return;
        }
        boolean h265 = codec == Codec.H265;
        int type = h265 ? (p[off] >> 1) & 0x3F : p[off] & 0x1F;
        if (type == (h265 ? 48 : 24)) { // AP / STAP-A: 16-bit sizes, then units
            int pos = off + (h265 ? 2 : 1);
            while (pos + 2 < off + len) {
                int size = ((p[pos] & 0xFF) << 8) | (p[pos + 1] & 0xFF);
                if (size == 0 || pos + 2 + size > off + len) {
                    return;
                }
                countNalUnit(track, codec, h265 ? (p[pos + 2] >> 1) & 0x3F : p[pos + 2] & 0x1F);
                pos += 2 + size;
            }
        } else if (type == (h265 ? 49 : 28)) { // FU / FU-A: count the first fragment only
            int fu = p[off + (h265 ? 2 : 1)] & 0xFF;
            if ((fu & 0x80) != 0) {
                countNalUnit(track, codec, fu & (h265 ? 0x3F : 0x1F));
            }
        } else {
            countNalUnit(track, codec, type);
        }
    }

    private void countNalUnit(int track, Codec codec, int type) {
        if (NalUnits.isParameterSet(codec, type)) {
            parameterSetNalUnits[track]++;
        } else if (NalUnits.isKeyframe(codec, type)) {
            keyframeNalUnits[track]++;
        }
    }

    private static long uint32(byte[] d, int o) {
        return ((d[o] & 0xFFL) << 24) | ((d[o + 1] & 0xFFL) << 16) | ((d[o + 2] & 0xFFL) << 8) | (d[o + 3] & 0xFFL);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
