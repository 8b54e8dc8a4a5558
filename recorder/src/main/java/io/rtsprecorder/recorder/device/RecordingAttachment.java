package io.rtsprecorder.recorder.device;

import io.micrometer.core.instrument.Timer;
import io.rtsprecorder.media.codec.Frame;
import io.rtsprecorder.media.codec.TrackFormat;
import io.rtsprecorder.media.mux.SkippedTrack;
import io.rtsprecorder.media.record.Recording;
import io.rtsprecorder.media.record.RecordingConfig;
import io.rtsprecorder.media.record.SegmentListener;
import io.rtsprecorder.media.timing.SharedBeat;
import io.rtsprecorder.recorder.live.CachedFrame;
import io.rtsprecorder.recorder.live.Ingest;
import io.rtsprecorder.recorder.live.QueueBudget;
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
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The recording of a camera session, for as long as recording is switched on: a bounded {@link FrameQueue} fed by
 * the {@link Ingest} (the only place frames may be dropped, so a slow disk never stalls the camera), and a writer
 * thread that takes them, a fifth of a second at a time, into a {@link Recording}. {@link #finish()} returns once
 * the file is closed and playable.
 *
 * <p>It keeps the facts liveness is judged by on this side: when video last reached the file, and whether a write
 * is in progress (and since when).
 */
final class RecordingAttachment implements Ingest.RecorderSink {

    /**
     * The writer takes frames in batches: when this much has gathered, or on the next beat of {@link #BATCH_PERIOD},
     * which all cameras' writers share (see {@link SharedBeat}) so that they wake together.
     */
    static final long BATCH_BYTES = 128L << 10;
    static final Duration BATCH_PERIOD = Duration.ofMillis(200);
    static final int QUEUE_FRAMES = 2048;
    static final long QUEUE_BYTES = 32L << 20;

    /** What the recording tells its camera as it goes. Calls come from the writer thread unless noted. */
    interface Events {
        void segmentOpened(Path file, Instant wallClockStart);

        void segmentClosed(Path file, double durationSeconds, long bytes);

        void segmentDiscarded(Path file);

        /** The open segment has grown to {@code bytes} (about once a second). */
        void progress(Path file, long bytes);

        /** Video (any media, for streams without video) reached the file. */
        void videoWritten(Instant at);

        /** From the feeding thread: frames were dropped from {@code from} to {@code to}. */
        void framesDropped(Instant from, Instant to, long count);
    }

    private final Clock clock;
    private final DeviceCounters counters;
    private final Events events;
    private final Timer writeLatency;
    private final RateMeter rates;
    private final Consumer<SessionOutcome> onFailure;
    private final List<TrackFormat> tracks;
    private final Recording recording;
    private final FrameQueue queue;
    private final int[] videoTracks;
    private final Thread writer;

    private volatile long lastVideoWrittenMillis;
    private volatile long writeStartedMillis;
    private volatile Path currentFile;
    private volatile long openSegmentBytes;
    private volatile long bufferedBytes;
    private volatile long stepsAbsorbed;
    private volatile long discontinuities;
    private volatile boolean recorded;

    // writer thread only
    private long framesCounted;
    // feeding thread only (under the ingest's lock)
    private Instant dropRunStart;
    private long dropRunCount;

    /**
     * Starts the writer. Throws {@link io.rtsprecorder.media.record.NoRecordableTrackException} when the container
     * carries none of the tracks; {@code onFailure} hears of a write that failed (the session then ends).
     */
    RecordingAttachment(String name, List<TrackFormat> tracks, RecordingConfig config, Clock clock,
                        DeviceCounters counters, Events events, Timer writeLatency, RateMeter rates,
                        Consumer<SessionOutcome> onFailure) {
        this.clock = clock;
        this.counters = counters;
        this.events = events;
        this.writeLatency = writeLatency;
        this.rates = rates;
        this.onFailure = onFailure;
        this.tracks = List.copyOf(tracks);
        this.recording = new Recording(config, tracks, clock, new Segments());
        this.queue = new FrameQueue(QUEUE_FRAMES, QUEUE_BYTES, BATCH_BYTES, QueueBudget.SHARED,
                counters.framesDropped);
        this.videoTracks = CameraSession.watchedTracks(tracks);
        this.writer = Thread.ofVirtual().name("write-" + name).start(this::write);
    }

    /** From the ingest, under its lock: queue the frame, note runs of dropped frames. */
    @Override
    public void offer(Frame f, long arrivalMillis) {
        long droppedBefore = counters.framesDropped.get();
        if (queue.offer(f, arrivalMillis)) {
            if (dropRunStart != null) {
                events.framesDropped(dropRunStart, Instant.ofEpochMilli(arrivalMillis), dropRunCount);
                dropRunStart = null;
                dropRunCount = 0;
            }
        } else if (counters.framesDropped.get() != droppedBefore) {
            if (dropRunStart == null) {
                dropRunStart = Instant.ofEpochMilli(arrivalMillis);
            }
            dropRunCount++;
        }
    }

    /** Accepts no more frames, writes what is queued and closes the file; returns when it is closed. */
    void finish() {
        queue.close();
        boolean interrupted = false;
        while (true) {
            try {
                writer.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        queue.clear();
        counters.timestampSteps.addAndGet(stepsAbsorbed);
        counters.discontinuities.addAndGet(discontinuities);
        if (dropRunStart != null) {
            events.framesDropped(dropRunStart, clock.instant(), dropRunCount);
            dropRunStart = null;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    long lastVideoWrittenMillis() {
        return lastVideoWrittenMillis;
    }

    /** When the write in progress started, or 0 when the writer waits for frames. */
    long writeStartedMillis() {
        return writeStartedMillis;
    }

    boolean recorded() {
        return recorded;
    }

    Path currentFile() {
        return currentFile;
    }

    long openSegmentBytes() {
        return openSegmentBytes;
    }

    /** Frames waiting for the writer, and the writer's fragment in memory after its latest batch. */
    HeldMemory heldMemory(long cachedBytes) {
        return new HeldMemory(queue.bytes(), cachedBytes, bufferedBytes);
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
        return IntStream.range(0, tracks.size()).filter(t -> !skipped.contains(t))
                .mapToObj(t -> tracks.get(t).codec().name().toLowerCase(Locale.ROOT)).toList();
    }

    /** The writer thread: frames to file until the queue is finished; a write failure ends the session. */
    private void write() {
        long lastProgress = 0;
        long videoBefore = 0;
        try {
            List<CachedFrame> batch = new ArrayList<>();
            while (!queue.finished()) {
                batch.clear();
                if (queue.drainTo(batch, SharedBeat.untilNext(BATCH_PERIOD)) == 0) {
                    continue;
                }
                long now = clock.millis();
                writeStartedMillis = now;
                for (CachedFrame c : batch) {
                    long t0 = System.nanoTime();
                    recording.frame(c.frame(), Instant.ofEpochMilli(c.arrivalMillis()));
                    writeLatency.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
                    rates.add(c.frame(), now);
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
                bufferedBytes = recording.bufferedBytes();
                Path file = currentFile;
                if (file != null && now - lastProgress >= 1000) {
                    events.progress(file, openSegmentBytes);
                    lastProgress = now;
                }
            }
        } catch (UncheckedIOException e) {
            writeStartedMillis = 0;
            onFailure.accept(isNoSpace(e) ? SessionOutcome.failed(FailureReason.DISK_FULL, e.getMessage(), recorded)
                    : SessionOutcome.lost(GapReason.WRITE_FAILED, e.getMessage(), recorded));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                recording.close();
            } catch (IOException | UncheckedIOException e) {
                onFailure.accept(SessionOutcome.lost(GapReason.WRITE_FAILED, "closing " + currentFile + ": "
                        + e.getMessage(), recorded));
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
