package io.rtsprecorder.recorder.restream;

import io.rtsprecorder.media.codec.Frame;
import io.rtsprecorder.media.codec.TrackFormat;
import io.rtsprecorder.media.rtp.RtcpPackets;
import io.rtsprecorder.media.rtp.RtpClock;
import io.rtsprecorder.media.rtp.RtpPacketizer;
import io.rtsprecorder.media.rtp.RtpStreamWriter;
import io.rtsprecorder.media.rtsp.server.PacketBatch;
import io.rtsprecorder.media.rtsp.server.PacketSubscriber;
import io.rtsprecorder.media.rtsp.server.TrackStart;
import io.rtsprecorder.recorder.live.LiveSubscriber;
import io.rtsprecorder.recorder.live.Subscription;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One RTSP player watching one camera: takes the camera's frames from its own {@link Subscription} to the live feed
 * (so it starts at the cached keyframe and a slow player only loses its own frames) and packetizes them with its own
 * sequence numbers, SSRCs and RTP clocks, then sends them through the player's connection, waiting for room. While
 * it waits its feed queue fills and drops frames, counted; the recording and the other players never wait for it.
 *
 * <p>All tracks keep the camera's one timeline: each track's RTP time is its frame time since the first frame sent
 * (the keyframe), and a sender report ahead of each track's first packet and every {@link #REPORT_MILLIS} after ties
 * that timeline to the wall clock, so players keep audio and video in sync.
 *
 * <p>The camera's session ending ends the player's stream (an RTCP BYE per track, then the connection is closed):
 * the next session may bring other tracks than the player set up. Calls come from the subscription's delivery
 * thread, one at a time.
 */
final class Viewer implements LiveSubscriber {

    private static final Logger log = LoggerFactory.getLogger(Viewer.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    static final long REPORT_MILLIS = 5_000;

    private final String camera;
    private final List<TrackFormat> described;
    private final PacketSubscriber player;
    private final Clock clock;
    private final RtpStreamWriter[] writers;
    private final long[] lastReportMillis;
    private volatile Subscription subscription;
    private volatile boolean gone;
    private boolean playing;
    private long originMicros;
    private long originWallMicros;

    Viewer(String camera, List<TrackFormat> described, List<Integer> payloadTypes, PacketSubscriber player,
           Clock clock) {
        this.camera = camera;
        this.described = List.copyOf(described);
        this.player = player;
        this.clock = clock;
        this.writers = new RtpStreamWriter[described.size()];
        this.lastReportMillis = new long[described.size()];
        Arrays.fill(lastReportMillis, Long.MIN_VALUE);
        for (int i = 0; i < writers.length; i++) {
            TrackFormat f = described.get(i);
            writers[i] = new RtpStreamWriter(RtpPacketizer.forCodec(f.codec(), RtpPacketizer.DEFAULT_MAX_PAYLOAD),
                    payloadTypes.get(i), RANDOM.nextInt(), RtpClock.rate(f), RtpPacketizer.DEFAULT_MAX_PAYLOAD,
                    RANDOM.nextInt(0x10000), RANDOM.nextInt() & 0xFFFFFFFFL);
        }
    }

    /** The subscription this viewer reads from; closed when the player goes. */
    void attach(Subscription s) {
        subscription = s;
        if (gone) {
            s.close();
        }
    }

    /** Frames this viewer lost because its player fell behind. */
    long dropped() {
        Subscription s = subscription;
        return s == null ? 0 : s.dropped();
    }

    /** The player is gone: no more frames. */
    void close() {
        gone = true;
        Subscription s = subscription;
        if (s != null) {
            s.close();
        }
    }

    @Override
    public void started(List<TrackFormat> tracks) {
        if (!tracks.equals(described)) {
            stop("the camera's new session has other tracks than this player set up");
        }
    }

    @Override
    public void frame(Frame frame) {
        if (gone || frame.track() >= writers.length) {
            return;
        }
        try {
            if (!playing) {
                start(frame);
            }
            int track = frame.track();
            RtpStreamWriter w = writers[track];
            long ticks = mediaTicks(track, frame);
            long now = clock.millis();
            if (lastReportMillis[track] == Long.MIN_VALUE || now - lastReportMillis[track] >= REPORT_MILLIS) {
                lastReportMillis[track] = now;
                send(new PacketBatch(track, true, List.of(senderReport(track, frame, ticks))));
            }
            List<byte[]> packets = new ArrayList<>();
            w.write(frame, ticks, (packet, length, ts) -> packets.add(Arrays.copyOf(packet, length)));
            send(new PacketBatch(track, false, packets));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
        }
    }

    @Override
    public void ended() {
        stop("the camera's session ended");
    }

    /** The first frame (a keyframe): the timeline's origin, and the PLAY response with each track's RTP-Info. */
    private void start(Frame first) {
        playing = true;
        originMicros = first.ptsMicros();
        originWallMicros = clock.millis() * 1000;
        List<TrackStart> starts = new ArrayList<>();
        for (int i = 0; i < writers.length; i++) {
            starts.add(new TrackStart(i, writers[i].nextSequenceNumber(),
                    writers[i].rtpTimestamp(i == first.track() ? mediaTicks(i, first) : 0)));
        }
        player.started(starts);
    }

    /** The frame's presentation time on this viewer's RTP clock of its track, from the first frame sent. */
    private long mediaTicks(int track, Frame f) {
        int rate = writers[track].clockRate();
        return RtpClock.convert(f.pts(), f.format().timescale(), rate)
                - RtpClock.convert(originMicros, 1_000_000, rate);
    }

    private byte[] senderReport(int track, Frame f, long ticks) {
        RtpStreamWriter w = writers[track];
        long wallMicros = originWallMicros + (f.ptsMicros() - originMicros);
        return RtcpPackets.senderReport(new RtcpPackets.SenderReport(w.ssrc(), RtcpPackets.unixMicrosToNtp(wallMicros),
                w.rtpTimestamp(ticks), w.packetCount(), w.octetCount()));
    }

    private void send(PacketBatch batch) throws InterruptedException {
        if (!player.send(batch)) {
            close();
        }
    }

    /** Ends the player's stream: a BYE per track when it was playing, then its connection is closed. */
    private void stop(String reason) {
        if (gone) {
            return;
        }
        log.info("restream of {}: closing a player ({}): {}", camera, player.remote(), reason);
        if (playing) {
            for (int i = 0; i < writers.length; i++) {
                player.offer(new PacketBatch(i, true, List.of(RtcpPackets.bye(List.of(writers[i].ssrc()), null))));
            }
        }
        close();
        player.dropped(reason);
    }
}
