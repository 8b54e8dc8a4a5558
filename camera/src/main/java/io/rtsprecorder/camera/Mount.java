package io.rtsprecorder.camera;

import io.rtsprecorder.media.codec.Frame;
import io.rtsprecorder.media.codec.TrackFormat;
import io.rtsprecorder.media.demux.Mp4Demuxer;
import io.rtsprecorder.media.rtp.RtcpPackets;
import io.rtsprecorder.media.rtp.RtpClock;
import io.rtsprecorder.media.rtp.RtpPacketizer;
import io.rtsprecorder.media.rtp.RtpStreamWriter;
import io.rtsprecorder.media.rtsp.server.Admission;
import io.rtsprecorder.media.rtsp.server.LiveSource;
import io.rtsprecorder.media.rtsp.server.PacketBatch;
import io.rtsprecorder.media.rtsp.server.PacketSubscriber;
import io.rtsprecorder.media.rtsp.server.TrackStart;
import io.rtsprecorder.media.rtsp.wire.RtspRequest;
import io.rtsprecorder.media.rtsp.wire.ServerAuthenticator;
import io.rtsprecorder.media.sdp.SdpTracks;
import io.rtsprecorder.media.sdp.SessionDescription;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One path of the mock camera: a clip looped forever in real time and fanned out to every playing client.
 *
 * <p>One reader thread per mount reads frames in decode order, sleeps until each is due, packetizes it once and
 * hands the same packets to every subscriber. Loops continue the timeline: each loop is shifted by the clip's
 * duration, and a frame that would not advance its track (the AAC priming frame of the next loop, say) is
 * skipped, so timestamps at the client never go backwards unless a fault says so. A client starts at the next
 * video keyframe, which carries the parameter sets in band (unless the mount is configured not to, see
 * {@link ParameterSetDelivery}); that moment defines its RTP-Info.
 *
 * <p>Faults that change what is sent (a timestamp offset, RTCP BYE) are requested from any thread and carried out
 * by the reader thread at the next frame, so every track changes at the same frame boundary and the timeline state
 * stays the reader thread's alone. Sender reports always describe the timestamps actually sent: the NTP↔RTP mapping
 * includes the timestamp offset.
 */
final class Mount implements LiveSource, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Mount.class);
    private static final long SENDER_REPORT_INTERVAL_NANOS = 5_000_000_000L;
    /** During an RTP stall: often enough that a client taking RTCP for a sign of life is visibly fooled. */
    private static final long STALLED_SENDER_REPORT_INTERVAL_NANOS = 1_000_000_000L;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One served track. */
    record Track(TrackFormat format, int payloadType, String control, int clockRate) {
    }

    private final MountConfig config;
    private final LongSupplier nanoTime;
    private final Mp4Demuxer demuxer;
    private final List<Track> tracks;
    private final ServerAuthenticator authenticator;
    private final ParameterSetDelivery parameterSets;
    private final Set<PacketSubscriber> active = ConcurrentHashMap.newKeySet();
    private final Set<PacketSubscriber> pending = ConcurrentHashMap.newKeySet();
    private final boolean hasVideo;
    private final long periodMicros;
    private final AtomicLong framesSent = new AtomicLong();
    private final AtomicLong packetsSent = new AtomicLong();
    private final AtomicLong loops = new AtomicLong();
    private final AtomicLong wrongCredentials = new AtomicLong();
    private volatile long silentUntilNanos;
    private volatile long refusingCredentialsUntilNanos;
    private volatile long stalledUntilNanos;
    private volatile boolean byeRequested;
    private final AtomicLong requestedOffsetMicros = new AtomicLong();
    /** Written by the reader thread only: the timestamp offset applied so far, since the clip (re)started. */
    private volatile long timestampOffsetMicros;
    private volatile boolean restartRequested;
    private volatile boolean refusing;
    private volatile boolean running = true;
    private Thread thread;

    // State of the reader thread only.
    private RtpStreamWriter[] writers;
    private long[] periodTicks;
    private long[] lastDtsTicks;
    private long[] offsetTicks;
    private long firstDtsMicros = Long.MIN_VALUE;
    private long startNanos;
    private long startWallMicros;
    private long loop;
    private long lastSenderReportNanos;

    Mount(MountConfig config, LongSupplier nanoTime) throws IOException {
        this.config = config;
        this.nanoTime = nanoTime;
        this.demuxer = MountClip.open(config);
        List<TrackFormat> formats = demuxer.tracks();
        if (formats.isEmpty()) {
            demuxer.close();
            throw new IOException("clip " + config.source() + " has no track the camera can serve: "
                    + demuxer.skippedTracks());
        }
        List<Track> list = new ArrayList<>();
        for (int i = 0; i < formats.size(); i++) {
            TrackFormat f = formats.get(i);
            String control = "trackID=" + i;
            // The SDP mapping decides the payload type actually sent (static 0/8 for 8 kHz mono G.711).
            int payloadType = SdpTracks.describe(f, 96 + i, control).payloadType();
            list.add(new Track(f, payloadType, control, RtpClock.rate(f)));
        }
        this.tracks = List.copyOf(list);
        this.hasVideo = formats.stream().anyMatch(f -> f.codec().isVideo());
        long period = 0;
        for (int i = 0; i < formats.size(); i++) {
            long micros = demuxer.trackDuration(i) * 1_000_000L / formats.get(i).timescale();
            // The video track sets the loop length; audio that runs longer (encoder priming) is trimmed at the seam.
            if (formats.get(i).codec().isVideo() || !hasVideo) {
                period = Math.max(period, micros);
            }
        }
        if (period <= 0) {
            demuxer.close();
            throw new IOException("clip " + config.source() + " has no frames");
        }
        this.periodMicros = period;
        this.authenticator = config.authScheme() == null ? null
                : new ServerAuthenticator(config.authScheme(), "rtsp-recorder mock camera", config.credentials());
        this.parameterSets = new ParameterSetDelivery(config, tracks.size());
        resetTimeline();
    }

    void start() {
        thread = Thread.ofPlatform().name("mount" + config.path()).daemon(true).start(this::run);
    }

    @Override
    public String path() {
        return config.path();
    }

    MountConfig config() {
        return config;
    }

    List<Track> tracks() {
        return tracks;
    }

    /** Null when the mount needs no authentication. */
    ServerAuthenticator authenticator() {
        return authenticator;
    }

    /**
     * Answers 503 while refusing, else asks for the mount's credentials when it has some; counts wrong ones (before
     * the 401 goes out, so whoever sees the 401 also sees the count).
     */
    @Override
    public Admission admit(RtspRequest request, InetSocketAddress client) {
        if (refusing) {
            return Admission.refuse(503, null);
        }
        if (authenticator == null) {
            return Admission.ok();
        }
        ServerAuthenticator.Result result = authenticator.verify(request.method(),
                request.headers().get("Authorization").orElse(null));
        if (result == ServerAuthenticator.Result.OK && refusingCredentials()) {
            result = ServerAuthenticator.Result.WRONG; // the password-change fault: right yesterday, wrong today
        }
        if (result == ServerAuthenticator.Result.OK) {
            return Admission.ok();
        }
        if (result == ServerAuthenticator.Result.WRONG) {
            wrongCredentials.incrementAndGet();
            log.info("wrong credentials from {} for {}", client, path());
        }
        return Admission.challenge(authenticator.challenge(result == ServerAuthenticator.Result.STALE));
    }

    /** The DESCRIBE answer: session-level control {@code *}, one media section per track. */
    @Override
    public SessionDescription describe(String host) {
        SessionDescription sd = SessionDescription.create("rtsp-recorder mock camera " + config.path(), host);
        sd.sessionAttribute("control", "*");
        sd.sessionAttribute("range", "npt=0-");
        sd.sessionAttribute("tool", "rtsp-recorder mock camera");
        for (Track t : tracks) {
            sd.add(parameterSets.describe(SdpTracks.describe(t.format(), t.payloadType(), t.control())));
        }
        return sd;
    }

    @Override
    public String control(int track) {
        return tracks.get(track).control();
    }

    /** Index of the track a control URL (or its last path segment) names, or -1. */
    @Override
    public int trackForControl(String controlOrUrl) {
        for (int i = 0; i < tracks.size(); i++) {
            String c = tracks.get(i).control();
            if (controlOrUrl.equals(c) || controlOrUrl.endsWith("/" + c)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public boolean subscribe(PacketSubscriber s) {
        pending.add(s);
        return true;
    }

    @Override
    public void unsubscribe(PacketSubscriber s) {
        pending.remove(s);
        active.remove(s);
    }

    int clientCount() {
        return active.size() + pending.size();
    }

    long framesSent() {
        return framesSent.get();
    }

    long packetsSent() {
        return packetsSent.get();
    }

    long loops() {
        return loops.get();
    }

    /** Requests refused for wrong credentials (not for missing ones: those are the first challenge). */
    long wrongCredentials() {
        return wrongCredentials.get();
    }

    /** Drops every client (fault injection: "drop all connections"). */
    void dropAll(String reason) {
        List<PacketSubscriber> all = new ArrayList<>(active);
        all.addAll(pending);
        active.clear();
        pending.clear();
        for (PacketSubscriber s : all) {
            s.dropped(reason);
        }
    }

    /** Sends nothing for the given time, then resumes at the current position of the timeline. */
    void silence(long seconds) {
        silentUntilNanos = nanoTime.getAsLong() + seconds * 1_000_000_000L;
    }

    /** While refusing, DESCRIBE, SETUP and PLAY are answered 503 (an overloaded or booting camera). */
    void refuse(boolean enabled) {
        refusing = enabled;
    }

    boolean refusing() {
        return refusing;
    }

    /** Refuses every credentials for the given time, as a camera whose password was changed would. */
    void refuseCredentials(long seconds) {
        refusingCredentialsUntilNanos = nanoTime.getAsLong() + seconds * 1_000_000_000L;
    }

    boolean refusingCredentials() {
        return nanoTime.getAsLong() < refusingCredentialsUntilNanos;
    }

    boolean silent() {
        return nanoTime.getAsLong() < silentUntilNanos;
    }

    /**
     * Sends no RTP for the given time, to clients playing now and to those that start meanwhile (their PLAY is
     * answered), while RTCP sender reports go out every second. Then RTP resumes at the current position of the
     * timeline. Nothing is packetized meanwhile, so sequence numbers continue without a gap and the reports'
     * packet counts stay true: it looks like an encoder that stopped producing, behind a live RTCP stack.
     */
    void rtpStall(long seconds) {
        stalledUntilNanos = nanoTime.getAsLong() + seconds * 1_000_000_000L;
    }

    boolean rtpStalled() {
        return nanoTime.getAsLong() < stalledUntilNanos;
    }

    /**
     * From the next frame on, the RTP timestamps of every track are shifted by {@code micros} (negative: back),
     * in each track's clock, and continue from there; pacing in real time is unchanged. Shifts add up.
     */
    void shiftTimestamps(long micros) {
        requestedOffsetMicros.addAndGet(micros);
    }

    /** The timestamp offset applied so far (since the clip started or was restarted), in milliseconds. */
    long timestampOffsetMillis() {
        return timestampOffsetMicros / 1000;
    }

    /**
     * At the next frame, every client playing then gets an RTCP BYE per track (a sender report and a BYE in one
     * compound packet) and nothing more; their sessions stay. Clients still waiting for their first keyframe are
     * not playing yet: they start normally, like every session started later.
     */
    void bye() {
        byeRequested = true;
    }

    /** Drops all clients and restarts the clip with new SSRCs and timestamps, like a rebooted camera. */
    void restart() {
        restartRequested = true;
        dropAll("camera restarted");
    }

    private void resetTimeline() {
        writers = new RtpStreamWriter[tracks.size()];
        periodTicks = new long[tracks.size()];
        lastDtsTicks = new long[tracks.size()];
        Arrays.fill(lastDtsTicks, Long.MIN_VALUE);
        offsetTicks = new long[tracks.size()];
        timestampOffsetMicros = 0;
        for (int i = 0; i < tracks.size(); i++) {
            Track t = tracks.get(i);
            writers[i] = new RtpStreamWriter(RtpPacketizer.forCodec(t.format().codec(),
                    RtpPacketizer.DEFAULT_MAX_PAYLOAD),
                    t.payloadType(), RANDOM.nextInt(), t.clockRate(), RtpPacketizer.DEFAULT_MAX_PAYLOAD,
                    RANDOM.nextInt(0x10000), RANDOM.nextInt() & 0xFFFFFFFFL);
            periodTicks[i] = periodMicros * t.clockRate() / 1_000_000L;
        }
        demuxer.rewind();
        loop = 0;
        firstDtsMicros = Long.MIN_VALUE;
        startNanos = nanoTime.getAsLong();
        startWallMicros = System.currentTimeMillis() * 1000;
        lastSenderReportNanos = startNanos;
    }

    private void run() {
        try {
            while (running) {
                if (restartRequested) {
                    restartRequested = false;
                    resetTimeline();
                }
                Frame frame = demuxer.readFrame();
                if (frame == null) {
                    demuxer.rewind();
                    loop++;
                    loops.incrementAndGet();
                    continue;
                }
                sendWhenDue(frame);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            log.error("mount {} stopped: {}", config.path(), e.toString());
            dropAll("mount failed: " + e.getMessage());
        }
    }

    private void sendWhenDue(Frame frame) throws InterruptedException {
        int track = frame.track();
        Track t = tracks.get(track);
        long dtsMicros = frame.dts() * 1_000_000L / frame.format().timescale();
        if (firstDtsMicros == Long.MIN_VALUE) {
            firstDtsMicros = dtsMicros;
        }
        long dtsTicks = RtpClock.convert(frame.dts(), frame.format().timescale(), t.clockRate())
                + loop * periodTicks[track];
        if (dtsTicks <= lastDtsTicks[track]) {
            return; // would not advance this track across the loop seam
        }
        lastDtsTicks[track] = dtsTicks;
        long dueMicros = loop * periodMicros + dtsMicros - firstDtsMicros;
        long dueNanos = startNanos + dueMicros * 1000;
        long wait = dueNanos - nanoTime.getAsLong();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        long now = nanoTime.getAsLong();
        applyRequestedFaults(now);
        // The fault offset comes after the seam check above: a deliberate step back must be sent, not skipped.
        long ptsTicks = RtpClock.convert(frame.pts(), frame.format().timescale(), t.clockRate())
                + loop * periodTicks[track] + offsetTicks[track];
        boolean stalled = now < stalledUntilNanos;
        List<byte[]> packets = stalled ? List.of() : packetize(frame, ptsTicks);
        if (silent()) {
            return;
        }
        if (!pending.isEmpty() && (!hasVideo || frame.keyframe() && frame.format().codec().isVideo())) {
            activatePending(track, ptsTicks, packets.size());
        }
        if (!stalled) {
            framesSent.incrementAndGet();
            deliver(new PacketBatch(track, false, packets));
            packetsSent.addAndGet((long) packets.size() * active.size());
        }
        long interval = stalled ? STALLED_SENDER_REPORT_INTERVAL_NANOS : SENDER_REPORT_INTERVAL_NANOS;
        if (now - lastSenderReportNanos >= interval) {
            lastSenderReportNanos = now;
            for (int i = 0; i < tracks.size(); i++) {
                deliver(senderReport(i, now));
            }
        }
    }

    private List<byte[]> packetize(Frame frame, long ptsTicks) {
        List<byte[]> packets = new ArrayList<>();
        writers[frame.track()].write(parameterSets.forPacketizer(frame), ptsTicks,
                (packet, length, ts) -> packets.add(Arrays.copyOf(packet, length)));
        return List.copyOf(packets);
    }

    /** Carries out what {@link #shiftTimestamps} and {@link #bye} asked for, at this frame boundary. */
    private void applyRequestedFaults(long now) {
        long shift = requestedOffsetMicros.getAndSet(0);
        if (shift != 0) {
            long total = timestampOffsetMicros + shift;
            for (int i = 0; i < tracks.size(); i++) {
                // Whole seconds and the rest apart: repeated day-long jumps must not overflow the product.
                long rate = tracks.get(i).clockRate();
                offsetTicks[i] = Math.floorDiv(total, 1_000_000L) * rate
                        + Math.floorMod(total, 1_000_000L) * rate / 1_000_000L;
            }
            timestampOffsetMicros = total;
            log.info("mount {}: RTP timestamps shifted by {} ms, {} ms in all", config.path(), shift / 1000,
                    total / 1000);
        }
        if (byeRequested) {
            byeRequested = false;
            sayGoodbye(now);
        }
    }

    /** RTCP BYE, after a sender report, per track to every playing client; then they get nothing more. */
    private void sayGoodbye(long now) {
        List<PacketBatch> byes = new ArrayList<>();
        for (int i = 0; i < tracks.size(); i++) {
            byes.add(new PacketBatch(i, true, List.of(RtcpBye.afterReport(senderReportPacket(i, now),
                    writers[i].ssrc()))));
        }
        List<PacketSubscriber> playing = new ArrayList<>(active);
        log.info("mount {}: RTCP BYE to {} client(s)", config.path(), playing.size());
        for (PacketSubscriber s : playing) {
            active.remove(s);
            boolean ok = true;
            for (PacketBatch bye : byes) {
                ok &= s.offer(bye);
            }
            if (ok) {
                s.ended();
            } else {
                s.dropped("client queue full at BYE");
            }
        }
    }

    /**
     * Starts waiting clients at this keyframe. The keyframe's packets were already numbered, so its first
     * sequence number is the writer's next minus the frame's packet count.
     */
    private void activatePending(int keyTrack, long keyPtsTicks, int keyPackets) {
        long now = nanoTime.getAsLong();
        List<TrackStart> starts = new ArrayList<>();
        for (int i = 0; i < tracks.size(); i++) {
            RtpStreamWriter w = writers[i];
            if (i == keyTrack) {
                starts.add(new TrackStart(i, (w.nextSequenceNumber() - keyPackets) & 0xFFFF,
                        w.rtpTimestamp(keyPtsTicks)));
            } else {
                starts.add(new TrackStart(i, w.nextSequenceNumber(), rtpTimeAt(i, now)));
            }
        }
        List<PacketBatch> reports = new ArrayList<>();
        for (int i = 0; i < tracks.size(); i++) {
            reports.add(senderReport(i, now));
        }
        for (PacketSubscriber s : new ArrayList<>(pending)) {
            pending.remove(s);
            s.started(starts);
            boolean ok = true;
            for (PacketBatch r : reports) {
                ok &= s.offer(r);
            }
            if (ok) {
                active.add(s);
            } else {
                s.dropped("client queue full at start");
            }
        }
    }

    /** The RTP time of a track at a wall-clock instant: all tracks share one media timeline. */
    private long rtpTimeAt(int track, long nanos) {
        long mediaMicros = (nanos - startNanos) / 1000 + firstDtsMicros;
        return writers[track].rtpTimestamp(mediaMicros * tracks.get(track).clockRate() / 1_000_000L
                + offsetTicks[track]);
    }

    private PacketBatch senderReport(int track, long nanos) {
        return new PacketBatch(track, true, List.of(senderReportPacket(track, nanos)));
    }

    private byte[] senderReportPacket(int track, long nanos) {
        RtpStreamWriter w = writers[track];
        // Wall time runs on the same monotonic clock as the RTP timestamps: reading the system clock for each
        // report would let its adjustments show up as timestamp jumps in players that sync by RTCP.
        long wallMicros = startWallMicros + (nanos - startNanos) / 1000;
        return RtcpPackets.senderReport(new RtcpPackets.SenderReport(w.ssrc(),
                RtcpPackets.unixMicrosToNtp(wallMicros), rtpTimeAt(track, nanos), w.packetCount(), w.octetCount()));
    }

    private void deliver(PacketBatch batch) {
        for (PacketSubscriber s : active) {
            if (!s.offer(batch)) {
                active.remove(s);
                log.warn("mount {}: dropping a client that fell behind", config.path());
                s.dropped("client too slow");
            }
        }
    }

    @Override
    public void close() throws IOException {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        dropAll("camera shutting down");
        demuxer.close();
    }
}
