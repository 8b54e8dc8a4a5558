package io.rtsprecorder.recorder.device;

import io.rtsprecorder.media.codec.Frame;
import io.rtsprecorder.media.codec.TrackFormat;
import io.rtsprecorder.media.rtsp.RtspClient;
import io.rtsprecorder.media.rtsp.RtspClientException;
import io.rtsprecorder.recorder.live.Ingest;
import io.rtsprecorder.recorder.storage.GapReason;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One RTSP session of a camera, from connect to end, and the facts from which the camera's liveness is judged.
 *
 * <p>The caller's thread (the camera's supervisor) reads the connection and hands every frame to the camera's
 * {@link Ingest}, which keeps the live feed for viewers and passes frames on to the {@link RecordingAttachment}
 * while recording is switched on ({@link #startRecording}, {@link #stopRecording}); with a pre-roll the session
 * stays up while recording is off. The session ends when the camera ends it (RTCP BYE, a lost connection), when
 * writing fails, or when {@link #end} is called (a stall seen by the {@link LivenessMonitor}, a shutdown):
 * whichever comes first decides the {@link SessionOutcome}. {@link #run} returns only after the file is closed.
 *
 * <p>Liveness is measured on media, never on bytes on the socket: while recording, on video frames that reached
 * the file; while only connected, on video frames that arrived (any frame, for a stream without video).
 */
final class CameraSession {

    /** What a liveness check found. */
    enum Liveness {
        /** Connected; no video has reached the file (or, not recording, arrived) yet, within the stream timeout. */
        WAITING,
        /** Recording: video reached the file within the stream timeout. */
        RECORDING,
        /** Not recording: video arrived within the stream timeout. */
        STANDBY,
        /** A write to the file has not returned for the stream timeout: the disk, not the camera. */
        DISK_STALLED,
        /** No video reached the file (or arrived) for the stream timeout: the stream is lost. */
        STALLED
    }

    /** A liveness check's verdict; {@code detail} says why for {@link Liveness#STALLED}. */
    record Check(Liveness liveness, String detail) {
    }

    private final RtspClient client;
    private final Clock clock;
    private final Duration streamTimeout;
    private final Ingest ingest;
    private final int[] videoTracks;
    private final AtomicReference<SessionOutcome> outcome = new AtomicReference<>();
    private final long startedMillis;
    private final Object recordingLock = new Object();

    private volatile RecordingAttachment attachment;
    private volatile long attachedMillis;
    private volatile boolean recorded;
    private volatile long lastVideoArrivalMillis;
    private volatile long bytesAtLastVideo;

    CameraSession(RtspClient client, Clock clock, Duration streamTimeout, Ingest ingest) {
        this.client = client;
        this.clock = clock;
        this.streamTimeout = streamTimeout;
        this.ingest = ingest;
        this.videoTracks = watchedTracks(client.tracks());
        this.startedMillis = clock.millis();
    }

    /** The tracks liveness watches: the video tracks, or every track of a stream without video. */
    static int[] watchedTracks(List<TrackFormat> tracks) {
        boolean hasVideo = tracks.stream().anyMatch(t -> t.codec().isVideo());
        List<Integer> watched = new ArrayList<>();
        for (int i = 0; i < tracks.size(); i++) {
            if (!hasVideo || tracks.get(i).codec().isVideo()) {
                watched.add(i);
            }
        }
        return watched.stream().mapToInt(Integer::intValue).toArray();
    }

    List<TrackFormat> tracks() {
        return client.tracks();
    }

    /** Reads until the session ends; returns how it ended, once the file is closed. */
    SessionOutcome run() {
        ingest.started(client.tracks());
        try {
            client.stream(this::offer);
            end(SessionOutcome.lost(GapReason.DISCONNECTED, "the camera closed the session", recorded));
        } catch (RtspClientException e) {
            end(outcomeOf(e));
        } finally {
            ingest.ended();
            client.close();
            stopRecording();
        }
        SessionOutcome o = outcome.get();
        return new SessionOutcome(o.gap(), o.failure(), o.detail(), recorded);
    }

    /**
     * Ends the session with {@code o} unless it has ended already (the first reason wins); returns at once, and
     * {@link #run} returns when the file is closed.
     */
    void end(SessionOutcome o) {
        if (outcome.compareAndSet(null, o)) {
            client.close();
        }
    }

    /**
     * Starts recording this session's frames with {@code a}, from the keyframe at or before {@code preRoll} ago
     * when the feed still holds it; nothing happens when it records already (then {@code a} is finished at once).
     */
    void startRecording(RecordingAttachment a, Duration preRoll) {
        synchronized (recordingLock) {
            if (attachment != null || outcome.get() != null) {
                a.finish();
                return;
            }
            attachedMillis = clock.millis();
            attachment = a;
            ingest.attachRecorder(a, preRoll);
        }
    }

    /** Stops recording (the session may go on); returns once the file is closed. */
    void stopRecording() {
        RecordingAttachment a;
        synchronized (recordingLock) {
            a = attachment;
            if (a == null) {
                return;
            }
            ingest.detachRecorder();
            attachment = null;
        }
        a.finish();
        if (a.recorded()) {
            recorded = true;
        }
    }

    /** The recording, or null while only connected. */
    RecordingAttachment attachment() {
        return attachment;
    }

    /** Whether video reached a file in this session. */
    boolean recorded() {
        RecordingAttachment a = attachment;
        return recorded || (a != null && a.recorded());
    }

    /** Judges liveness at {@code nowMillis} from media (see the class comment). */
    Check check(long nowMillis) {
        long timeout = streamTimeout.toMillis();
        RecordingAttachment a = attachment;
        if (a == null) {
            long arrived = lastVideoArrivalMillis;
            if (nowMillis - Math.max(startedMillis, arrived) <= timeout) {
                return new Check(arrived > 0 ? Liveness.STANDBY : Liveness.WAITING, null);
            }
            return new Check(Liveness.STALLED, stallDetail(arrived));
        }
        long writing = a.writeStartedMillis();
        long written = a.lastVideoWrittenMillis();
        if (writing != 0) {
            // while the writer is busy, video not yet written is the disk's doing, not the camera's
            if (nowMillis - writing > timeout) {
                return new Check(Liveness.DISK_STALLED, null);
            }
            return new Check(written > 0 ? Liveness.RECORDING : Liveness.WAITING, null);
        }
        long since = Math.max(Math.max(startedMillis, attachedMillis), written);
        if (nowMillis - since <= timeout) {
            return new Check(written > 0 ? Liveness.RECORDING : Liveness.WAITING, null);
        }
        long arrived = lastVideoArrivalMillis;
        if (arrived > written && nowMillis - arrived <= timeout) {
            return new Check(Liveness.STALLED, media() + "s arrive but none could be written for "
                    + streamTimeout.toSeconds() + " s: no keyframe with its parameter sets (SPS/PPS) yet");
        }
        return new Check(Liveness.STALLED, stallDetail(arrived));
    }

    private String stallDetail(long arrived) {
        if (noUdpPackets()) {
            return udpDetail();
        }
        long seconds = streamTimeout.toSeconds();
        boolean busy = client.bytesReceived() > bytesAtLastVideo;
        String still = busy ? " (the connection still carries RTCP or keep-alive answers)" : "";
        return arrived == 0 ? "no " + media() + " in the first " + seconds + " s of the session" + still
                : "no " + media() + " for " + seconds + " s" + still;
    }

    private String media() {
        return client.tracks().get(videoTracks[0]).codec().isVideo() ? "video frame" : "frame";
    }

    /** A UDP session that has not received a single RTP packet: its datagrams do not reach us at all. */
    private boolean noUdpPackets() {
        return client.usesUdp() && client.receptionStatistics().stream().allMatch(r -> r.packetsReceived() == 0);
    }

    private String udpDetail() {
        return "no RTP packet arrived over UDP in " + streamTimeout.toSeconds() + " s: the camera's UDP does not "
                + "reach the recorder (a TCP forwarder such as deviceShifu-TCP carries only TCP; set "
                + "RTSPTransport=tcp)";
    }

    boolean transportIsUdp() {
        return client.usesUdp();
    }

    /** Packets received and lost and jitter per track, from the RTSP client's receiver statistics. */
    List<DeviceStatus.TrackReception> reception() {
        List<TrackFormat> tracks = client.tracks();
        return client.receptionStatistics().stream().map(r -> new DeviceStatus.TrackReception(r.track(),
                tracks.get(r.track()).codec().name().toLowerCase(Locale.ROOT), r.packetsReceived(), r.packetsLost(),
                Math.round(r.jitterMillis() * 100) / 100.0)).toList();
    }

    /** The reading thread's hand-over: note video arrivals, then the ingest takes it on. */
    private void offer(Frame f) {
        long now = clock.millis();
        if (isWatched(f.track())) {
            lastVideoArrivalMillis = now;
            bytesAtLastVideo = client.bytesReceived();
        }
        ingest.frame(f, now);
    }

    private boolean isWatched(int track) {
        for (int t : videoTracks) {
            if (t == track) {
                return true;
            }
        }
        return false;
    }

    private SessionOutcome outcomeOf(RtspClientException e) {
        return switch (e.reason()) {
            case STREAM_ENDED -> SessionOutcome.lost(GapReason.ENDED, e.getMessage(), recorded());
            case TIMEOUT -> SessionOutcome.lost(GapReason.STALLED, noUdpPackets() ? udpDetail() : e.getMessage(),
                    recorded());
            default -> SessionOutcome.lost(GapReason.DISCONNECTED, e.getMessage(), recorded());
        };
    }
}
