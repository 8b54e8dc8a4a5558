package io.rtsprecorder.recorder.device;

import io.rtsprecorder.media.codec.TrackFormat;
import io.rtsprecorder.media.mux.SkippedTrack;
import io.rtsprecorder.media.record.NoRecordableTrackException;
import io.rtsprecorder.media.record.RecordingConfig;
import io.rtsprecorder.media.rtsp.RtspClient;
import io.rtsprecorder.media.rtsp.RtspClientConfig;
import io.rtsprecorder.media.rtsp.RtspClientException;
import io.rtsprecorder.media.rtsp.wire.Credentials;
import io.rtsprecorder.recorder.live.Ingest;
import io.rtsprecorder.recorder.live.LiveFeed;
import io.rtsprecorder.recorder.live.QueueBudget;
import io.rtsprecorder.recorder.model.CameraDefinition;
import io.rtsprecorder.recorder.model.CameraSecurity;
import io.rtsprecorder.recorder.model.RecordingDefaults;
import io.rtsprecorder.recorder.secret.SecretException;
import io.rtsprecorder.recorder.secret.SecretReader;
import io.rtsprecorder.recorder.secret.SecretRedactor;
import io.rtsprecorder.recorder.storage.GapJournal;
import io.rtsprecorder.recorder.storage.GapReason;
import io.rtsprecorder.recorder.storage.SegmentCatalog;
import io.rtsprecorder.recorder.storage.SegmentInfo;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One camera and its recording lifecycle: the state machine of {@link DeviceState}, run by one virtual thread per
 * camera (the supervisor) that connects, records one {@link CameraSession} until it ends, waits out a backoff and
 * tries again, for as long as recording is switched on.
 *
 * <p>The camera is {@link DeviceState#RECORDING} only while video frames reach its file: the {@link LivenessMonitor}
 * asks the running session a few times a second. No video written for the stream timeout (RTP stopped while RTCP
 * and keep-alives went on, or frames without a usable keyframe) ends the session as a stall and the camera
 * reconnects; a write that does not return for that long shows as {@link DeviceState#STALLED} (the disk, not the
 * camera). Every stretch without footage is a gap with a reason in the {@link GapJournal} (see {@link GapTracker}).
 *
 * <p>Ending a session (switch-off, lost camera, write error) always closes the segment file completely before the
 * next state is entered, so {@link #stopRecording} returning means every file of this camera is playable.
 * Reconnect delays follow {@link Backoff}; transient losses start at 1 s, failures a retry cannot fix soon (wrong
 * password, unknown path, unsupported codec or a container that carries none of the tracks, missing Secret, full
 * volume) start at the 8 s step and show as
 * {@link DeviceState#FAILED}. A session that wrote any video resets the backoff: footage matters
 * more than a polite reconnect rate, so a camera that keeps dropping (a flaky radio link) is reconnected within about a
 * second every time, and only attempts that record nothing back off further.
 */
public final class Device {

    private static final Logger log = LoggerFactory.getLogger(Device.class);
    /** Failures a retry cannot fix soon begin at this backoff step (8 s with the standard backoff). */
    static final int SLOW_RETRY_STEP = 4;
    /**
     * The socket's read timeout is this much longer than the stream timeout: it only catches a connection that went
     * silent altogether, which the liveness check (on media, with a better explanation) would report first.
     */
    static final Duration SOCKET_TIMEOUT_MARGIN = Duration.ofSeconds(2);

    /** Replaced as a whole by {@link #redefine}; a session reads it once, when it connects. */
    private volatile CameraDefinition definition;
    private final RecordingDefaults defaults;
    private final Path savePath;
    private final SecretReader secrets;
    private final SegmentCatalog catalog;
    private final Runnable onDiskFull;
    private final Clock clock;
    private final Backoff backoff;
    private final LivenessMonitor monitor;
    private final GapTracker gaps;
    private final DeviceCounters counters = new DeviceCounters();
    private final RateMeter rates = new RateMeter();
    private final DeviceMeters meters;
    private final LivenessMonitor.Watched watcher = this::checkLiveness;
    private final Ingest ingest;
    private final Instant createdAt;

    private final ReentrantLock control = new ReentrantLock();
    private final Condition wake = control.newCondition();
    private volatile boolean enabled;
    private volatile boolean stopRequested;
    /** Set by a switch-on while backing off: the user asked, so try now rather than at the end of the delay. */
    private volatile boolean retryNow;
    private Thread supervisor;
    private volatile CameraSession session;

    private volatile DeviceState state = DeviceState.IDLE;
    private volatile FailureReason failure;
    private volatile Instant since;
    private volatile Path lastFile;
    private volatile Instant lastFrameAt;
    private volatile String lastError;
    private volatile Instant lastErrorAt;
    private volatile boolean writeStalled;
    /** Whether the refusal to send a password over plain RTSP was logged as a warning (once per camera). */
    private volatile boolean insecureAuthWarned;
    /** Tracks of the latest session the container cannot carry. */
    private volatile List<SkippedTrack> skippedTracks = List.of();

    public Device(CameraDefinition definition, RecordingDefaults defaults, Path savePath, DeviceServices services,
                  Backoff backoff) {
        this.definition = definition;
        this.defaults = defaults;
        this.savePath = savePath;
        this.secrets = services.secrets();
        this.catalog = services.catalog();
        this.onDiskFull = services.onDiskFull();
        this.clock = services.clock();
        this.monitor = services.monitor();
        this.backoff = backoff;
        this.gaps = new GapTracker(definition.name(), services.gaps());
        this.createdAt = clock.instant();
        this.since = createdAt;
        if (definition.credentials() != null) {
            SecretRedactor.register(definition.credentials().password());
        }
        this.ingest = new Ingest(definition.name(), defaults.preRoll(), clock, QueueBudget.SHARED);
        this.meters = new DeviceMeters(services.registry(), this);
    }

    /** The frames this camera's sessions receive, for live viewers (the restream, live HLS). */
    public LiveFeed liveFeed() {
        return ingest;
    }

    /**
     * Picks up the camera's gap from the last run (see {@link GapTracker#restore}); called once, before recording
     * starts. {@code cleanStop} tells whether the last run ended with a clean shutdown.
     */
    void restoreGaps(boolean enabledNow, boolean cleanStop) {
        List<SegmentInfo> segments = catalog.segments(name());
        Instant lastFootage = segments.isEmpty() ? null : segments.get(segments.size() - 1).end();
        gaps.restore(lastFootage, enabledNow, cleanStop, clock.instant());
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
     * backoff (or FAILED) is retried at once; a camera connected for its pre-roll starts its file at once, with the
     * pre-roll from before the call.
     */
    public void startRecording() {
        CameraSession standing;
        control.lock();
        try {
            enabled = true;
            gaps.switchedOn(clock.instant());
            if (supervisor != null && supervisor.isAlive()) {
                retryNow = true;
                wake.signalAll();
                standing = session;
            } else {
                stopRequested = false;
                supervisor = Thread.ofVirtual().name("camera-" + name()).start(this::supervise);
                return;
            }
        } finally {
            control.unlock();
        }
        if (standing != null) {
            attachRecording(standing);
        }
    }

    /**
     * Connects without recording when a pre-roll is configured ({@link DeviceState#STANDBY}), so that the first
     * {@code /record/on} already has the pre-roll; does nothing without one, or when the camera is connected.
     */
    public void standBy() {
        if (defaults.preRoll().isZero()) {
            return;
        }
        control.lock();
        try {
            if (supervisor == null || !supervisor.isAlive()) {
                stopRequested = false;
                supervisor = Thread.ofVirtual().name("camera-" + name()).start(this::supervise);
            }
        } finally {
            control.unlock();
        }
    }

    /**
     * Switches recording off and waits until the current file is closed. Returns false when that took longer than
     * {@code timeout} (the camera thread then still finishes in the background). With a pre-roll the camera stays
     * connected ({@link DeviceState#STANDBY}), keeping the pre-roll in memory for the next {@link #startRecording}.
     */
    public boolean stopRecording(Duration timeout) {
        if (defaults.preRoll().isZero()) {
            return halt(timeout, false);
        }
        CameraSession s;
        control.lock();
        try {
            enabled = false;
            gaps.switchedOff(clock.instant());
            s = session;
        } finally {
            control.unlock();
        }
        if (s != null) {
            s.stopRecording();
            sessionState(DeviceState.STANDBY);
        }
        return true;
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
            boolean wasEnabled = enabled;
            enabled = keepEnabled && enabled;
            stopRequested = true;
            if (!keepEnabled) {
                gaps.switchedOff(clock.instant());
            } else if (wasEnabled) {
                gaps.stopped(GapReason.RECORDER_STOPPED, clock.instant(), "the recorder was stopped");
            }
            t = supervisor;
            if (t == null || !t.isAlive()) {
                return true;
            }
            setState(DeviceState.STOPPING, null);
            wake.signalAll();
        } finally {
            control.unlock();
        }
        CameraSession s = session;
        if (s != null) {
            s.end(SessionOutcome.stopped(false));
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

    /**
     * Takes other TLS and authentication settings; the next connection uses them. A camera waiting out a backoff
     * (or FAILED, say on a refused certificate) tries again at once; a running session goes on as it is.
     */
    public void redefine(CameraSecurity security) {
        control.lock();
        try {
            definition = definition.withSecurity(security);
            insecureAuthWarned = false;
            retryNow = true;
            wake.signalAll();
        } finally {
            control.unlock();
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
                counters.reconnects.incrementAndGet();
            }
            first = false;
            setState(DeviceState.CONNECTING, null);
            SessionOutcome outcome;
            try {
                outcome = session();
            } catch (RuntimeException e) {
                // a defect, not a camera problem: keep the camera alive and say what happened
                log.error("camera {}: unexpected failure", name(), e);
                outcome = SessionOutcome.lost(GapReason.UNKNOWN, "unexpected failure: " + e, false);
            }
            if (stopRequested) {
                break;
            }
            String detail = SecretRedactor.scrub(outcome.detail());
            boolean repeatedInsecureAuth = outcome.failure() == FailureReason.INSECURE_AUTH && insecureAuthWarned;
            insecureAuthWarned |= outcome.failure() == FailureReason.INSECURE_AUTH;
            error(detail, !repeatedInsecureAuth);
            gaps.stopped(outcome.gap(), outcome.recorded() && lastFrameAt != null ? lastFrameAt : clock.instant(),
                    detail);
            if (outcome.gap() == GapReason.STALLED) {
                counters.stalls.incrementAndGet();
            }
            if (outcome.failure() == FailureReason.DISK_FULL) {
                onDiskFull.run();
            }
            // a session that wrote video proves the camera streams: come back quickly, however short it was
            attempt = outcome.recorded() ? 1 : attempt + 1;
            boolean slow = outcome.failure() != null;
            Duration delay = backoff.delay(slow ? Math.max(attempt, SLOW_RETRY_STEP) : attempt);
            if (slow) {
                attempt = Math.max(attempt, SLOW_RETRY_STEP);
                setState(DeviceState.FAILED, outcome.failure());
            } else {
                setState(DeviceState.BACKOFF, null);
            }
            log.info("camera {}: next attempt in {} ms", name(), delay.toMillis());
            sleep(delay);
        }
        setState(DeviceState.IDLE, null);
        log.info("camera {}: recording stopped", name());
    }

    /** One RTSP session, from connecting to its end. */
    private SessionOutcome session() {
        Credentials credentials;
        try {
            credentials = definition.secretName() != null ? secrets.read(definition.secretName())
                    : definition.credentials();
            if (credentials != null) {
                SecretRedactor.register(credentials.password());
            }
        } catch (SecretException e) {
            return SessionOutcome.failed(FailureReason.SECRET, e.getMessage(), false);
        }
        RtspClient c;
        CameraDefinition camera = definition;
        try {
            RtspClientConfig config = RtspClientConfig.of(camera.url()).withTransport(defaults.transport())
                    .withReadTimeout(defaults.streamTimeout().plus(SOCKET_TIMEOUT_MARGIN))
                    .withTls(camera.security().trust(defaults.caFile()))
                    .withAllowBasicAuth(camera.security().allowBasicAuth());
            c = RtspClient.connect(credentials == null ? config : config.withCredentials(credentials));
        } catch (RtspClientException e) {
            FailureReason f = FailureReason.of(e.reason());
            return f != null ? SessionOutcome.failed(f, e.getMessage() + f.hint(), false)
                    : SessionOutcome.lost(GapReason.DISCONNECTED, e.getMessage(), false);
        }
        CameraSession s = new CameraSession(c, clock, defaults.streamTimeout(), ingest);
        control.lock();
        try {
            if (stopRequested) {
                c.close();
                return SessionOutcome.stopped(false);
            }
            session = s;
        } finally {
            control.unlock();
        }
        log.info("camera {}: connected to {} over {}: {}", name(), definition.maskedUrl(),
                c.usesUdp() ? "UDP" : "TCP", c.tracks().stream().map(Device::describe)
                        .collect(Collectors.joining(", ")));
        if (enabled) {
            attachRecording(s);
        }
        monitor.watch(watcher);
        try {
            return s.run();
        } finally {
            monitor.unwatch(watcher);
            session = null;
            writeStalled = false;
        }
    }

    /**
     * Starts recording the running session {@code s}, from the pre-roll on; a container that can carry none of its
     * tracks ends the session as {@code unsupported}.
     */
    private void attachRecording(CameraSession s) {
        RecordingConfig config = new RecordingConfig(savePath, name(), defaults.namePattern(),
                defaults.segmentDuration(), defaults.alignToWallClock(), null, defaults.container(), null);
        Events events = new Events();
        RecordingAttachment a;
        try {
            a = new RecordingAttachment(name(), s.tracks(), config, clock, counters, events, meters.writeLatency,
                    rates, s::end);
        } catch (NoRecordableTrackException e) {
            skippedTracks = e.skippedTracks();
            s.end(SessionOutcome.failed(FailureReason.UNSUPPORTED, e.getMessage(), false));
            return;
        }
        skippedTracks = a.skippedTracks();
        events.codecs = a.recordedCodecs();
        s.startRecording(a, defaults.preRoll());
        if (state == DeviceState.STANDBY) {
            sessionState(DeviceState.CONNECTING);
        }
    }

    /** The liveness rule, a few times a second (monitor thread): see the class comment. */
    private void checkLiveness(long nowMillis) {
        CameraSession s = session;
        if (s == null || stopRequested) {
            return;
        }
        CameraSession.Check check = s.check(nowMillis);
        writeStalled = check.liveness() == CameraSession.Liveness.DISK_STALLED;
        switch (check.liveness()) {
            case WAITING -> {
            }
            case RECORDING -> sessionState(DeviceState.RECORDING);
            case STANDBY -> sessionState(DeviceState.STANDBY);
            case DISK_STALLED -> {
                RecordingAttachment a = recordingNow();
                if (state != DeviceState.STALLED) {
                    log.warn("camera {}: a write to {} has not returned for {} s: the volume is stalled", name(),
                            a == null ? null : a.currentFile(), defaults.streamTimeout().toSeconds());
                }
                sessionState(DeviceState.STALLED);
            }
            case STALLED -> {
                log.warn("camera {}: stream lost: {}", name(), check.detail());
                s.end(SessionOutcome.lost(GapReason.STALLED, check.detail(), false));
            }
        }
    }

    /** A state the running session decides (RECORDING, STALLED); never overrides a stop or a session's end. */
    private void sessionState(DeviceState s) {
        control.lock();
        try {
            DeviceState current = state;
            if (!stopRequested && session != null && (current == DeviceState.CONNECTING
                    || current == DeviceState.RECORDING || current == DeviceState.STALLED
                    || current == DeviceState.STANDBY)) {
                setState(s, null);
            }
        } finally {
            control.unlock();
        }
    }

    /** Keeps catalog, counters, gaps and state current as the session writes (writer thread). */
    private final class Events implements RecordingAttachment.Events {
        /** The codecs a segment holds: the session's tracks but those the container cannot carry. */
        private volatile List<String> codecs = List.of();

        /** Where the session's previous segment ends on the wall clock, as the catalog places it; null before. */
        private Instant previousSegmentEnd;
        private Instant segmentStart;

        @Override
        public void segmentOpened(Path file, Instant wallClockStart) {
            gaps.segmentOpened(wallClockStart, previousSegmentEnd);
            segmentStart = wallClockStart;
            catalog.opened(name(), file, wallClockStart, codecs);
        }

        @Override
        public void segmentDiscarded(Path file) {
            catalog.discard(file);
        }

        @Override
        public void segmentClosed(Path file, double durationSeconds, long bytes) {
            catalog.closed(file, durationSeconds, bytes);
            previousSegmentEnd = segmentStart == null ? null
                    : segmentStart.plusMillis(Math.round(durationSeconds * 1000));
            counters.closedSegmentBytes.addAndGet(bytes);
            counters.segments.incrementAndGet();
            lastFile = file;
        }

        @Override
        public void progress(Path file, long bytes) {
            catalog.progress(file, bytes);
        }

        @Override
        public void videoWritten(Instant at) {
            lastFrameAt = at;
            if (state == DeviceState.CONNECTING) {
                sessionState(DeviceState.RECORDING);
            }
        }

        @Override
        public void framesDropped(Instant from, Instant to, long count) {
            gaps.framesDropped(from, to, count);
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

    /** Records the camera's latest error for status; logs it as a warning when {@code warn}, else at debug. */
    private void error(String message, boolean warn) {
        if (message == null) {
            return;
        }
        String scrubbed = SecretRedactor.scrub(message);
        lastError = scrubbed;
        lastErrorAt = clock.instant();
        if (warn) {
            log.warn("camera {}: {}", name(), scrubbed);
        } else {
            log.debug("camera {}: {}", name(), scrubbed);
        }
    }

    private String relative(Path file) {
        return file == null ? null : savePath.relativize(file).toString();
    }

    private static String describe(TrackFormat f) {
        return f.codec().isVideo() ? f.codec() + " " + f.width() + "x" + f.height()
                : f.codec() + " " + f.sampleRate() + " Hz";
    }

    /** The running session's recording, or null. */
    private RecordingAttachment recordingNow() {
        CameraSession s = session;
        return s == null ? null : s.attachment();
    }

    public long bytesWritten() {
        RecordingAttachment a = recordingNow();
        return counters.closedSegmentBytes.get() + (a == null ? 0 : a.openSegmentBytes());
    }

    public long framesWritten() {
        return counters.framesWritten.get();
    }

    /** What this camera holds in memory now, by its components' own accounting. */
    public HeldMemory heldMemory() {
        RecordingAttachment a = recordingNow();
        long cached = ingest.cachedBytes();
        return a == null ? new HeldMemory(0, cached, 0) : a.heldMemory(cached);
    }

    public long framesDropped() {
        return counters.framesDropped.get();
    }

    public long segments() {
        return counters.segments.get();
    }

    public long reconnects() {
        return counters.reconnects.get();
    }

    /** Sessions ended because no video reached the file for the stream timeout. */
    public long stalls() {
        return counters.stalls.get();
    }

    /** Jumps of the camera's timestamps that started a new segment. */
    public long discontinuities() {
        RecordingAttachment a = recordingNow();
        return counters.discontinuities.get() + (a == null ? 0 : a.discontinuities());
    }

    /** Small steps back of the camera's timestamps that were absorbed. */
    public long timestampSteps() {
        RecordingAttachment a = recordingNow();
        return counters.timestampSteps.get() + (a == null ? 0 : a.timestampStepsAbsorbed());
    }

    /** Whether a write to the file has not returned for the stream timeout. */
    public boolean writeStalled() {
        return writeStalled;
    }

    /**
     * Seconds since the last video frame reached this camera's file; before the first one, since the camera was
     * set up in this run of the service. What "no frame for a minute" alerts are built on.
     */
    public double lastFrameAgeSeconds() {
        Instant last = lastFrameAt;
        return Duration.between(last == null ? createdAt : last, clock.instant()).toMillis() / 1000.0;
    }

    public DeviceStatus status() {
        long now = clock.millis();
        DeviceState s = state;
        FailureReason f = failure;
        CameraSession running = session;
        RecordingAttachment recording = running == null ? null : running.attachment();
        GapJournal.Gap gap = gaps.current();
        return new DeviceStatus(name(), definition.maskedUrl(), definition.origin().name().toLowerCase(Locale.ROOT),
                enabled, s.name(), f == null ? null : f.label(), since,
                relative(recording == null ? null : recording.currentFile()), relative(lastFile), lastFrameAt,
                bytesWritten(), framesWritten(), framesDropped(), segments(), reconnects(), stalls(),
                discontinuities(), timestampSteps(), rates.bitsPerSecond(now), rates.videoFramesPerSecond(now),
                s == DeviceState.RECORDING || s == DeviceState.STALLED || s == DeviceState.STANDBY
                        ? transport(running) : null,
                writeStalled ? "disk" : null, gap == null ? null : new DeviceStatus.Gap(gap.from(),
                        gap.reason().label(), gap.detail()), lastError, lastErrorAt, definition.secretName(),
                skippedTracks.stream().map(DeviceStatus.SkippedTrackStatus::of).toList(),
                running == null ? List.of() : running.reception(), null);
    }

    private static String transport(CameraSession s) {
        return s == null ? null : s.transportIsUdp() ? "udp" : "tcp";
    }
}
