package io.rtsprecorder.recorder.device;

import io.rtsprecorder.media.codec.Frame;
import io.rtsprecorder.media.codec.TrackFormat;
import io.rtsprecorder.media.mux.SkippedTrack;
import io.rtsprecorder.media.record.NoRecordableTrackException;
import io.rtsprecorder.media.record.Recording;
import io.rtsprecorder.media.record.RecordingConfig;
import io.rtsprecorder.media.record.SegmentListener;
import io.rtsprecorder.media.rtsp.Credentials;
import io.rtsprecorder.media.rtsp.RtspClient;
import io.rtsprecorder.media.rtsp.RtspClientConfig;
import io.rtsprecorder.media.rtsp.RtspClientException;
import io.rtsprecorder.recorder.config.RecordingDefaults;
import io.rtsprecorder.recorder.secret.SecretException;
import io.rtsprecorder.recorder.secret.SecretReader;
import io.rtsprecorder.recorder.secret.SecretRedactor;
import io.rtsprecorder.recorder.storage.SegmentCatalog;
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
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One camera and its recording lifecycle: the state machine of {@link DeviceState}, run by one virtual thread per
 * camera (the supervisor) that connects, records until the session ends, waits out a backoff and tries again,
 * for as long as recording is switched on.
 *
 * <p>Each session has two threads: the supervisor reads the RTSP connection and hands frames to a bounded
 * {@link FrameQueue}; a writer thread takes them, a fifth of a second at a time, into a {@link Recording}. Ending
 * a session (switch-off, lost camera, write error) always closes the segment file completely before the next
 * state is entered, so {@link #stopRecording} returning means every file of this camera is playable.
 *
 * <p>Reconnect delays follow {@link Backoff}; transient losses start at 1 s, failures a retry cannot fix soon
 * (wrong password, unknown path, unsupported codec or a container that carries none of the tracks, missing
 * Secret) start at the 8 s step and show as {@link DeviceState#FAILED}. A session that recorded for
 * {@link #HEALTHY_SESSION} resets the backoff.
 */
public final class Device {

    private static final Logger log = LoggerFactory.getLogger(Device.class);
    static final Duration HEALTHY_SESSION = Duration.ofSeconds(10);
    /** Failures a retry cannot fix soon begin at this backoff step (8 s with the standard backoff). */
    static final int SLOW_RETRY_STEP = 4;
    static final int QUEUE_FRAMES = 2048;
    static final long QUEUE_BYTES = 32L << 20;
    /** The writer takes frames in batches: when this much has gathered, or after {@link #BATCH_MILLIS}. */
    static final long BATCH_BYTES = 128L << 10;
    static final long BATCH_MILLIS = 200;

    private final CameraDefinition definition;
    private final RecordingDefaults defaults;
    private final Path savePath;
    private final SecretReader secrets;
    private final SegmentCatalog catalog;
    private final Runnable onDiskFull;
    private final Clock clock;
    private final Backoff backoff;
    private final DeviceMeters meters;

    private final ReentrantLock control = new ReentrantLock();
    private final Condition wake = control.newCondition();
    private volatile boolean enabled;
    private volatile boolean stopRequested;
    /** Set by a switch-on while backing off: the user asked, so try now rather than at the end of the delay. */
    private volatile boolean retryNow;
    private Thread supervisor;
    private volatile RtspClient client;

    private volatile DeviceState state = DeviceState.IDLE;
    private volatile FailureReason failure;
    private volatile Instant since;
    private volatile Path currentFile;
    private volatile Path lastFile;
    private volatile String lastError;
    private volatile Instant lastErrorAt;
    private volatile String transport;
    /** Tracks of the latest session the container cannot carry. */
    private volatile List<SkippedTrack> skippedTracks = List.of();
    private final AtomicLong closedSegmentBytes = new AtomicLong();
    private volatile long openSegmentBytes;
    private final AtomicLong framesWritten = new AtomicLong();
    private final AtomicLong framesDropped = new AtomicLong();
    private final AtomicLong segments = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final RateMeter rates = new RateMeter();

    public Device(CameraDefinition definition, RecordingDefaults defaults, Path savePath, DeviceServices services,
                  Backoff backoff) {
        this.definition = definition;
        this.defaults = defaults;
        this.savePath = savePath;
        this.secrets = services.secrets();
        this.catalog = services.catalog();
        this.onDiskFull = services.onDiskFull();
        this.clock = services.clock();
        this.backoff = backoff;
        this.since = clock.instant();
        if (definition.credentials() != null) {
            SecretRedactor.register(definition.credentials().password());
        }
        this.meters = new DeviceMeters(services.registry(), this);
    }

    public String name() {
        return definition.name();
    }

    public CameraDefinition definition() {
        return definition.withRecording(enabled);
    }

    /** Whether recording is switched on (it may still be connecting or backing off). */
    public boolean recordingEnabled() {
        return enabled;
    }

    public DeviceState state() {
        return state;
    }

    /** Why the camera is FAILED, or null. */
    public FailureReason failure() {
        return failure;
    }

    /**
     * Switches recording on; returns at once, the connection is made in the background. A camera waiting out a
     * backoff (or FAILED) is retried at once.
     */
    public void startRecording() {
        control.lock();
        try {
            enabled = true;
            if (supervisor != null && supervisor.isAlive()) {
                retryNow = true;
                wake.signalAll();
                return;
            }
            stopRequested = false;
            supervisor = Thread.ofVirtual().name("camera-" + name()).start(this::supervise);
        } finally {
            control.unlock();
        }
    }

    /**
     * Switches recording off and waits until the current file is closed. Returns false when that took longer than
     * {@code timeout} (the camera thread then still finishes in the background).
     */
    public boolean stopRecording(Duration timeout) {
        return halt(timeout, false);
    }

    /**
     * Stops recording for a shutdown: like {@link #stopRecording} but the switch stays on, so the camera resumes
     * when the service starts again.
     */
    public boolean halt(Duration timeout) {
        return halt(timeout, true);
    }

    private boolean halt(Duration timeout, boolean keepEnabled) {
        Thread t;
        control.lock();
        try {
            enabled = keepEnabled && enabled;
            stopRequested = true;
            t = supervisor;
            if (t == null || !t.isAlive()) {
                return true;
            }
            setState(DeviceState.STOPPING, null);
            wake.signalAll();
        } finally {
            control.unlock();
        }
        RtspClient c = client;
        if (c != null) {
            c.close();
        } else {
            t.interrupt(); // connecting: a virtual thread's blocking socket read ends when interrupted
        }
        try {
            return t.join(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Stops recording and removes the camera's metrics; for unregistering. */
    public void remove(Duration timeout) {
        stopRecording(timeout);
        meters.remove();
    }

    private void supervise() {
        int attempt = 0;
        boolean first = true;
        while (!stopRequested) {
            if (!first) {
                reconnects.incrementAndGet();
            }
            first = false;
            setState(DeviceState.CONNECTING, null);
            Instant started = clock.instant();
            FailureReason failed;
            try {
                failed = session();
            } catch (RuntimeException e) {
                // a defect, not a camera problem: keep the camera alive and say what happened
                log.error("camera {}: unexpected failure", name(), e);
                error("unexpected failure: " + e);
                failed = null;
            }
            if (stopRequested) {
                break;
            }
            boolean healthy = Duration.between(started, clock.instant()).compareTo(HEALTHY_SESSION) >= 0
                    && failed == null;
            attempt = healthy ? 1 : attempt + 1;
            Duration delay = backoff.delay(failed != null ? Math.max(attempt, SLOW_RETRY_STEP) : attempt);
            if (failed != null) {
                attempt = Math.max(attempt, SLOW_RETRY_STEP);
                setState(DeviceState.FAILED, failed);
            } else {
                setState(DeviceState.BACKOFF, null);
            }
            log.info("camera {}: next attempt in {} ms", name(), delay.toMillis());
            sleep(delay);
        }
        setState(DeviceState.IDLE, null);
        log.info("camera {}: recording stopped", name());
    }

    /** One RTSP session, recorded until it ends; returns the failure when retrying soon cannot help. */
    private FailureReason session() {
        Credentials credentials;
        try {
            credentials = definition.secretName() != null ? secrets.read(definition.secretName())
                    : definition.credentials();
            if (credentials != null) {
                SecretRedactor.register(credentials.password());
            }
        } catch (SecretException e) {
            error(e.getMessage());
            return FailureReason.SECRET;
        }
        RtspClient c;
        try {
            RtspClientConfig config = RtspClientConfig.of(definition.url()).withTransport(defaults.transport())
                    .withReadTimeout(defaults.streamTimeout());
            c = RtspClient.connect(credentials == null ? config : config.withCredentials(credentials));
        } catch (RtspClientException e) {
            if (!stopRequested) {
                error(e.getMessage());
            }
            return FailureReason.of(e.reason());
        }
        control.lock();
        try {
            client = c;
            if (stopRequested) {
                c.close();
                client = null;
                return null;
            }
        } finally {
            control.unlock();
        }
        try {
            return record(c);
        } finally {
            client = null;
        }
    }

    /**
     * Records one session until it ends; returns {@link FailureReason#DISK_FULL} when it ended because the volume is
     * full, {@link FailureReason#UNSUPPORTED} when the container carries none of the tracks, else null.
     */
    private FailureReason record(RtspClient c) {
        transport = c.usesUdp() ? "udp" : "tcp";
        RecordingConfig config = new RecordingConfig(savePath, name(), defaults.namePattern(),
                defaults.segmentDuration(), defaults.alignToWallClock(), null, defaults.container());
        Segments segments = new Segments();
        Recording recording;
        try {
            recording = new Recording(config, c.tracks(), clock, segments);
        } catch (NoRecordableTrackException e) {
            skippedTracks = e.skippedTracks();
            error(e.getMessage());
            c.close();
            return FailureReason.UNSUPPORTED;
        }
        skippedTracks = recording.skippedTracks();
        Set<Integer> left = skippedTracks.stream().map(SkippedTrack::track).collect(Collectors.toSet());
        segments.codecs = IntStream.range(0, c.tracks().size()).filter(t -> !left.contains(t))
                .mapToObj(t -> c.tracks().get(t).codec().name().toLowerCase(Locale.ROOT)).toList();
        FrameQueue queue = new FrameQueue(QUEUE_FRAMES, QUEUE_BYTES, BATCH_BYTES, QueueBudget.SHARED, framesDropped);
        boolean[] diskFull = {false};
        java.util.concurrent.atomic.AtomicBoolean writeFailed = new java.util.concurrent.atomic.AtomicBoolean();
        Thread writer = Thread.ofVirtual().name("write-" + name()).start(() -> diskFull[0] = write(queue, recording,
                c, writeFailed));
        setState(DeviceState.RECORDING, null);
        log.info("camera {}: recording {} over {}: {}", name(), definition.maskedUrl(),
                transport.toUpperCase(Locale.ROOT), c.tracks().stream().map(Device::describe)
                        .collect(Collectors.joining(", ")));
        try {
            c.stream(queue);
            if (!stopRequested && !writeFailed.get()) {
                error("camera closed the session");
            }
        } catch (RtspClientException e) {
            if (!stopRequested) {
                error(e.getMessage());
            }
        } finally {
            c.close();
            queue.close();
            joinUninterruptibly(writer);
            queue.clear();
        }
        return diskFull[0] ? FailureReason.DISK_FULL : null;
    }

    /**
     * The writer thread: frames to file until the queue is finished; a write failure ends the session. Returns
     * true when the failure was a full volume: the file was cut back to what plays, and retention is asked to
     * make room.
     */
    private boolean write(FrameQueue queue, Recording recording, RtspClient c,
                          java.util.concurrent.atomic.AtomicBoolean failed) {
        long lastProgress = 0;
        try {
            List<Frame> batch = new ArrayList<>();
            while (!queue.finished()) {
                batch.clear();
                if (queue.drainTo(batch, BATCH_MILLIS) == 0) {
                    continue;
                }
                long now = clock.millis();
                for (Frame f : batch) {
                    long t0 = System.nanoTime();
                    recording.frame(f);
                    meters.writeLatency.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
                    rates.add(f, now);
                }
                framesWritten.addAndGet(batch.size());
                openSegmentBytes = recording.bytesWrittenInSegment();
                Path file = currentFile;
                if (file != null && now - lastProgress >= 1000) {
                    catalog.progress(file, openSegmentBytes);
                    lastProgress = now;
                }
            }
        } catch (UncheckedIOException e) {
            error(e.getMessage());
            failed.set(true);
            c.close();
            if (isNoSpace(e)) {
                onDiskFull.run();
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                recording.close();
            } catch (IOException | UncheckedIOException e) {
                error("closing " + currentFile + ": " + e.getMessage());
            }
            currentFile = null;
            openSegmentBytes = 0;
        }
        return false;
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

    /** Keeps the counters and file names current as segments open and close (writer thread; Recording logs). */
    private final class Segments implements SegmentListener {
        /** The codecs a segment holds: the session's tracks but those the container cannot carry. */
        private List<String> codecs = List.of();

        @Override
        public void opened(Path file, Instant wallClockStart, long mediaStartMicros) {
            currentFile = file;
            catalog.opened(name(), file, wallClockStart, codecs);
        }

        @Override
        public void discarded(Path file) {
            catalog.discard(file);
            currentFile = null;
            openSegmentBytes = 0;
        }

        @Override
        public void closed(Path file, double durationSeconds, long bytes) {
            catalog.closed(file, durationSeconds, Math.max(0, bytes));
            closedSegmentBytes.addAndGet(Math.max(0, bytes));
            openSegmentBytes = 0;
            segments.incrementAndGet();
            lastFile = file;
            currentFile = null;
        }
    }

    private void sleep(Duration delay) {
        long deadline = System.nanoTime() + delay.toNanos();
        control.lock();
        try {
            retryNow = false;
            while (!stopRequested && !retryNow) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                wake.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            // a stop request interrupts; the loop condition decides
        } finally {
            control.unlock();
        }
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

    private void setState(DeviceState s, FailureReason reason) {
        if (state != s || failure != reason) {
            state = s;
            failure = reason;
            since = clock.instant();
            if (s == DeviceState.FAILED) {
                log.warn("camera {}: FAILED ({})", name(), reason.label());
            }
        }
    }

    private void error(String message) {
        String scrubbed = SecretRedactor.scrub(message);
        lastError = scrubbed;
        lastErrorAt = clock.instant();
        log.warn("camera {}: {}", name(), scrubbed);
    }

    private String relative(Path file) {
        return file == null ? null : savePath.relativize(file).toString();
    }

    private static String describe(TrackFormat f) {
        return f.codec().isVideo() ? f.codec() + " " + f.width() + "x" + f.height()
                : f.codec() + " " + f.sampleRate() + " Hz";
    }

    public long bytesWritten() {
        return closedSegmentBytes.get() + openSegmentBytes;
    }

    public long framesWritten() {
        return framesWritten.get();
    }

    public long framesDropped() {
        return framesDropped.get();
    }

    public long segments() {
        return segments.get();
    }

    public long reconnects() {
        return reconnects.get();
    }

    public DeviceStatus status() {
        long now = clock.millis();
        DeviceState s = state;
        FailureReason f = failure;
        return new DeviceStatus(name(), definition.maskedUrl(), definition.origin().name().toLowerCase(Locale.ROOT),
                enabled, s.name(), f == null ? null : f.label(), since, relative(currentFile), relative(lastFile),
                bytesWritten(), framesWritten(), framesDropped(), segments(), reconnects(), rates.bitsPerSecond(now),
                rates.videoFramesPerSecond(now), s == DeviceState.RECORDING ? transport : null, lastError,
                lastErrorAt, definition.secretName(),
                skippedTracks.stream().map(DeviceStatus.SkippedTrackStatus::of).toList());
    }
}
