package io.rtsprecorder.recorder.device;

import io.micrometer.core.instrument.Timer;
import io.rtsprecorder.media.codec.Frame;
import io.rtsprecorder.media.codec.TrackFormat;
import io.rtsprecorder.media.mux.SkippedTrack;
import io.rtsprecorder.media.record.Recording;
import io.rtsprecorder.media.record.RecordingConfig;
import io.rtsprecorder.media.record.SegmentListener;
import io.rtsprecorder.media.rtsp.RtspClient;
import io.rtsprecorder.media.rtsp.RtspClientException;
import io.rtsprecorder.recorder.storage.GapReason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * One RTSP session of a camera, recorded from its first frame to its end, and the facts from which the camera's
 * liveness is judged.
 *
 * <p>Two threads: the caller (the camera's supervisor) reads the connection and hands frames to a bounded
 * {@link FrameQueue}; a writer thread takes them, a fifth of a second at a time, into a {@link Recording}. The
 * session ends when the camera ends it (RTCP BYE, a lost connection), when writing fails, or when {@link #end} is
 * called (a stall seen by the {@link LivenessMonitor}, a switch-off): whichever comes first decides the
 * {@link SessionOutcome}. {@link #run} returns only after the segment file is closed and playable.
 *
 * <p>Liveness is measured on media that reached the file ({@link #check}): video frames written (any frame for a
 * stream without video), not bytes on the socket, so RTCP reports and keep-alive answers keep nothing alive.
 */
final class RecordingSession {

    /** The writer takes frames in batches: when this much has gathered, or after {@link #BATCH_MILLIS}. */
    static final long BATCH_BYTES = 128L << 10;
    static final long BATCH_MILLIS = 200;
    static final int QUEUE_FRAMES = 2048;
    static final long QUEUE_BYTES = 32L << 20;

    /** What the session tells its camera as it goes. Calls come from the writer thread unless noted. */
    interface Events {
        void segmentOpened(Path file, Instant wallClockStart);

        void segmentClosed(Path file, double durationSeconds, long bytes);

        void segmentDiscarded(Path file);

        /** The open segment has grown to {@code bytes} (about once a second). */
        void progress(Path file, long bytes);

        /** Video (any media, for streams without video) reached the file. */
        void videoWritten(Instant at);

        /** From the reading thread: frames were dropped from {@code from} to {@code to}. */
        void framesDropped(Instant from, Instant to, long count);
    }

    /** What a liveness check found. */
    enum Liveness {
        /** Connected; no video has reached the file yet, within the stream timeout. */
        WAITING,
        /** Video reached the file within the stream timeout. */
        RECORDING,
        /** A write to the file has not returned for the stream timeout: the disk, not the camera. */
        DISK_STALLED,
        /** No video reached the file for the stream timeout: the stream is lost. */
        STALLED
    }

    /** A liveness check's verdict; {@code detail} says why for {@link Liveness#STALLED}. */
    record Check(Liveness liveness, String detail) {
    }

    private final String name;
    private final RtspClient client;
    private final Clock clock;
    private final Duration streamTimeout;
    private final DeviceCounters counters;
    private final Events events;
    private final Timer writeLatency;
    private final RateMeter rates;
    private final Recording recording;
    private final FrameQueue queue;
    private final int[] videoTracks;
    private final AtomicReference<SessionOutcome> outcome = new AtomicReference<>();
    private final long startedMillis;

    private volatile long lastVideoWrittenMillis;
    private volatile long lastVideoArrivalMillis;
    private volatile long bytesAtLastVideo;
    private volatile long writeStartedMillis;
    private volatile Path currentFile;
    private volatile long openSegmentBytes;
    private volatile long stepsAbsorbed;
    private volatile long discontinuities;
    private volatile boolean recorded;

    // writer thread only
    private long framesCounted;
    // reading thread only
    private Instant dropRunStart;
    private long dropRunCount;

    RecordingSession(String name, RtspClient client, RecordingConfig config, Clock clock, Duration streamTimeout,
                     DeviceCounters counters, Events events, Timer writeLatency, RateMeter rates) {
        this.name = name;
        this.client = client;
        this.clock = clock;
        this.streamTimeout = streamTimeout;
        this.counters = counters;
        this.events = events;
        this.writeLatency = writeLatency;
        this.rates = rates;
        List<TrackFormat> tracks = client.tracks();
        this.recording = new Recording(config, tracks, clock, new Segments());
        this.queue = new FrameQueue(QUEUE_FRAMES, QUEUE_BYTES, BATCH_BYTES, QueueBudget.SHARED,
                counters.framesDropped);
        boolean hasVideo = tracks.stream().anyMatch(t -> t.codec().isVideo());
        List<Integer> watched = new ArrayList<>();
        for (int i = 0; i < tracks.size(); i++) {
            if (!hasVideo || tracks.get(i).codec().isVideo()) {
                watched.add(i);
            }
        }
        this.videoTracks = watched.stream().mapToInt(Integer::intValue).toArray();
        this.startedMillis = clock.millis();
    }

    /**
     * Records until the session ends; returns how it ended, once its file is closed. The constructor throws
     * {@link io.rtsprecorder.media.record.NoRecordableTrackException} when the container carries none of the tracks.
     */
    SessionOutcome run() {
        Thread writer = Thread.ofVirtual().name("write-" + name).start(this::write);
        try {
            client.stream(this::offer);
            end(SessionOutcome.lost(GapReason.DISCONNECTED, "the camera closed the session", recorded));
        } catch (RtspClientException e) {
            end(outcomeOf(e));
        } finally {
            client.close();
            queue.close();
            joinUninterruptibly(writer);
            queue.clear();
            if (dropRunStart != null) {
                events.framesDropped(dropRunStart, clock.instant(), dropRunCount);
            }
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

    /** Judges liveness at {@code nowMillis} from what reached the file (see the class comment). */
    Check check(long nowMillis) {
        long writing = writeStartedMillis;
        long written = lastVideoWrittenMillis;
        if (writing != 0) {
            // while the writer is busy, video not yet written is the disk's doing, not the camera's
            if (nowMillis - writing > streamTimeout.toMillis()) {
                return new Check(Liveness.DISK_STALLED, null);
            }
            return new Check(written > 0 ? Liveness.RECORDING : Liveness.WAITING, null);
        }
        long since = Math.max(startedMillis, written);
        if (nowMillis - since <= streamTimeout.toMillis()) {
            return new Check(written > 0 ? Liveness.RECORDING : Liveness.WAITING, null);
        }
        return new Check(Liveness.STALLED, stallDetail(nowMillis, written));
    }

    private String stallDetail(long nowMillis, long written) {
        long seconds = streamTimeout.toSeconds();
        if (noUdpPackets()) {
            return udpDetail();
        }
        long arrived = lastVideoArrivalMillis;
        String media = videoTracks.length == client.tracks().size() && !client.tracks().get(0).codec().isVideo()
                ? "frame" : "video frame";
        if (arrived > written && nowMillis - arrived <= streamTimeout.toMillis()) {
            return media + "s arrive but none could be written for " + seconds + " s: no keyframe with its parameter "
                    + "sets (SPS/PPS) yet";
        }
        boolean busy = client.bytesReceived() > bytesAtLastVideo;
        String still = busy ? " (the connection still carries RTCP or keep-alive answers)" : "";
        return written == 0 && arrived == 0
                ? "no " + media + " in the first " + seconds + " s of the session" + still
                : "no " + media + " for " + seconds + " s" + still;
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

    Path currentFile() {
        return currentFile;
    }

    long openSegmentBytes() {
        return openSegmentBytes;
    }

    long timestampStepsAbsorbed() {
        return stepsAbsorbed;
    }

    long discontinuities() {
        return discontinuities;
    }

    /** The session's tracks the container cannot carry (see {@link Recording#skippedTracks()}). */
    List<SkippedTrack> skippedTracks() {
        return recording.skippedTracks();
    }

    /** The codecs the segment files hold, lower-case: the session's tracks but the skipped ones. */
    List<String> recordedCodecs() {
        Set<Integer> skipped = recording.skippedTracks().stream().map(SkippedTrack::track).collect(Collectors.toSet());
        List<TrackFormat> tracks = client.tracks();
        return IntStream.range(0, tracks.size()).filter(t -> !skipped.contains(t))
                .mapToObj(t -> tracks.get(t).codec().name().toLowerCase(Locale.ROOT)).toList();
    }

    /** Packets received and lost and jitter per track, from the RTSP client's receiver statistics. */
    List<DeviceStatus.TrackReception> reception() {
        List<TrackFormat> tracks = client.tracks();
        return client.receptionStatistics().stream().map(r -> new DeviceStatus.TrackReception(r.track(),
                tracks.get(r.track()).codec().name().toLowerCase(Locale.ROOT), r.packetsReceived(), r.packetsLost(),
                Math.round(r.jitterMillis() * 100) / 100.0)).toList();
    }

    boolean transportIsUdp() {
        return client.usesUdp();
    }

    /** The reading thread's hand-over: queue the frame, note video arrivals and runs of dropped frames. */
    private void offer(Frame f) {
        long droppedBefore = counters.framesDropped.get();
        boolean queued = queue.offer(f);
        if (queued) {
            if (dropRunStart != null) {
                events.framesDropped(dropRunStart, clock.instant(), dropRunCount);
                dropRunStart = null;
                dropRunCount = 0;
            }
            if (isWatched(f.track())) {
                lastVideoArrivalMillis = clock.millis();
                bytesAtLastVideo = client.bytesReceived();
            }
        } else if (counters.framesDropped.get() != droppedBefore) {
            if (dropRunStart == null) {
                dropRunStart = clock.instant();
            }
            dropRunCount++;
        }
    }

    private boolean isWatched(int track) {
        for (int t : videoTracks) {
            if (t == track) {
                return true;
            }
        }
        return false;
    }

    /** The writer thread: frames to file until the queue is finished; a write failure ends the session. */
    private void write() {
        long lastProgress = 0;
        long videoBefore = 0;
        try {
            List<Frame> batch = new ArrayList<>();
            while (!queue.finished()) {
                batch.clear();
                if (queue.drainTo(batch, BATCH_MILLIS) == 0) {
                    continue;
                }
                long now = clock.millis();
                writeStartedMillis = now;
                for (Frame f : batch) {
                    long t0 = System.nanoTime();
                    recording.frame(f);
                    writeLatency.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
                    rates.add(f, now);
                }
                // what reached the file: frames before the first usable keyframe, and of tracks the container
                // cannot carry, do not count
                countWrittenFrames();
                long video = videoFramesWritten();
                if (video > videoBefore) {
                    videoBefore = video;
                    lastVideoWrittenMillis = clock.millis();
                    recorded = true;
                    events.videoWritten(clock.instant());
                }
                // cleared only now: a check between the two would see neither a write in progress nor fresh video
                writeStartedMillis = 0;
                stepsAbsorbed = recording.timestampStepsAbsorbed();
                discontinuities = recording.discontinuities();
                openSegmentBytes = recording.bytesWrittenInSegment();
                Path file = currentFile;
                if (file != null && now - lastProgress >= 1000) {
                    events.progress(file, openSegmentBytes);
                    lastProgress = now;
                }
            }
        } catch (UncheckedIOException e) {
            writeStartedMillis = 0;
            boolean noSpace = isNoSpace(e);
            end(noSpace ? SessionOutcome.failed(FailureReason.DISK_FULL, e.getMessage(), recorded)
                    : SessionOutcome.lost(GapReason.WRITE_FAILED, e.getMessage(), recorded));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                recording.close();
            } catch (IOException | UncheckedIOException e) {
                end(SessionOutcome.lost(GapReason.WRITE_FAILED, "closing " + currentFile + ": " + e.getMessage(),
                        recorded));
            }
            countWrittenFrames();
            stepsAbsorbed = recording.timestampStepsAbsorbed();
            discontinuities = recording.discontinuities();
            currentFile = null;
            openSegmentBytes = 0;
        }
    }

    private void countWrittenFrames() {
        long written = recording.framesWritten();
        counters.framesWritten.addAndGet(written - framesCounted);
        framesCounted = written;
    }

    private long videoFramesWritten() {
        long n = 0;
        for (int t : videoTracks) {
            n += recording.framesWritten(t);
        }
        return n;
    }

    private SessionOutcome outcomeOf(RtspClientException e) {
        return switch (e.reason()) {
            case STREAM_ENDED -> SessionOutcome.lost(GapReason.ENDED, e.getMessage(), recorded);
            case TIMEOUT -> SessionOutcome.lost(GapReason.STALLED, noUdpPackets() ? udpDetail() : e.getMessage(),
                    recorded);
            default -> SessionOutcome.lost(GapReason.DISCONNECTED, e.getMessage(), recorded);
        };
    }

    /** ENOSPC or EDQUOT anywhere in the cause chain (the JDK reports them as plain IOExceptions). */
    static boolean isNoSpace(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && (m.contains("No space left on device") || m.contains("Disk quota exceeded"))) {
                return true;
            }
            for (Throwable s : t.getSuppressed()) {
                if (isNoSpace(s)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void joinUninterruptibly(Thread t) {
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Keeps the file name current and tells the camera as segments open and close (writer thread). */
    private final class Segments implements SegmentListener {
        @Override
        public void opened(Path file, Instant wallClockStart, long mediaStartMicros) {
            currentFile = file;
            events.segmentOpened(file, wallClockStart);
        }

        @Override
        public void discarded(Path file) {
            currentFile = null;
            openSegmentBytes = 0;
            events.segmentDiscarded(file);
        }

        @Override
        public void closed(Path file, double durationSeconds, long bytes) {
            currentFile = null;
            openSegmentBytes = 0;
            events.segmentClosed(file, durationSeconds, Math.max(0, bytes));
        }
    }
}
