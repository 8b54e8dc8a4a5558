package io.rtsprecorder.media.record;

import io.rtsprecorder.media.codec.Frame;
import io.rtsprecorder.media.codec.TrackFormat;
import io.rtsprecorder.media.mux.Container;
import io.rtsprecorder.media.mux.SegmentWriter;
import io.rtsprecorder.media.mux.SkippedTrack;
import io.rtsprecorder.media.mux.TrackSelection;
import io.rtsprecorder.media.rtp.FrameSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the frames of one camera connection into segment files: the frame consumer that owns segmentation.
 *
 * <p>The first file opens at the first video keyframe whose parameter sets are known (for audio-only streams, at
 * the first frame); frames before it are dropped, since they cannot be decoded. A segment ends at the first video
 * keyframe at or after the segment duration (or the next wall-clock boundary when aligned), at a change of a
 * track's format (a camera that switched resolution), and after a jump of the camera's timestamps (see
 * {@link TimelineRule}, which every frame passes first, so decode times in a file always increase). Audio-only
 * streams are cut by duration. A reconnect is a new
 * {@code Recording}, hence a new segment.
 *
 * <p>Wall-clock starts: the first segment starts when its first frame arrived (as given to
 * {@link #frame(Frame, Instant)}; the clock's time at {@link #frame(Frame)}). A later segment of the same recording
 * starts where the previous one's media ends, on the camera's timeline, so adjacent files join exactly in the
 * recordings list instead of inheriting the network's delivery jitter. When that reckoning and the arrival time
 * part by more than {@link #MAX_WALL_DRIFT} (a camera clock running fast or slow over many hours, a timestamp
 * jump), the segment takes its arrival time instead.
 *
 * <p>Frames are put back into time order across tracks before anything else happens: a video depacketizer holds
 * frames back to derive decode times (B-frames), so its frames arrive later than the audio of the same instant.
 * Without reordering, a segment would start or end with audio that belongs to its neighbour. A track that stops
 * delivering holds nothing up for more than {@link #MAX_INTERLEAVE_MICROS}.
 *
 * <p>Tracks: the session's tracks that the configured {@link Container} cannot carry (G.711 in MPEG-TS, say) are
 * left out of every segment of the session, logged once and listed by {@link #skippedTracks()}; the others are
 * recorded. When it carries none of them the constructor throws {@link NoRecordableTrackException} and no file is
 * ever opened.
 *
 * <p>Write failures close the segment with what it holds and surface as {@link UncheckedIOException} from
 * {@link #frame}; the caller decides whether to retry (a full disk, for instance). A segment file never stays
 * without media: a writer that cannot start removes its file, and a segment that no frame reached, or whose repair
 * left nothing, is deleted and reported as {@link SegmentListener#discarded}.
 */
public final class Recording implements FrameSink, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Recording.class);
    /** Longest a frame waits for the other tracks to catch up. */
    static final long MAX_INTERLEAVE_MICROS = 2_000_000;
    /** How far a segment's start reckoned on the camera's timeline may be from its arrival before it is reset. */
    static final Duration MAX_WALL_DRIFT = Duration.ofSeconds(1);

    /** A frame waiting to be put in time order, with its time on the session timeline. */
    private record Pending(Frame frame, long micros, long order, boolean discontinuity, Instant arrivedAt) {
    }

    private final java.util.PriorityQueue<Pending> interleave = new java.util.PriorityQueue<>(
            java.util.Comparator.comparingLong(Pending::micros).thenComparingLong(Pending::order));
    private final int[] queuedPerTrack;
    private long arrivals;
    private long newestMicros = Long.MIN_VALUE;

    private final RecordingConfig config;
    private final Container container;
    private final TrackSelection selection;
    private final SegmentNaming naming;
    private final Clock clock;
    private final SegmentListener listener;
    private final boolean hasVideo;
    private final TrackFormat[] segmentFormats;
    private final TimelineRule timeline;
    /** A timestamp jump was seen: the segment ends at the next video keyframe. */
    private boolean cutPending;
    private SegmentWriter writer;
    /** Frames the current writer accepted: a segment that got none is removed when it ends. */
    private long segmentFrames;
    private Path file;
    private Instant segmentWallStart;
    private long segmentStartMicros;
    private long nextBoundaryMicros;
    private long segments;
    private long framesWritten;
    private final long[] framesWrittenPerTrack;
    private final long[] segmentFramesPerTrack;
    private long framesDropped;
    private boolean closed;

    /**
     * @throws NoRecordableTrackException when the container carries none of {@code tracks}
     */
    public Recording(RecordingConfig config, List<TrackFormat> tracks, Clock clock, SegmentListener listener) {
        this.config = config;
        this.container = config.container();
        this.selection = container.select(tracks);
        if (selection.none()) {
            throw new NoRecordableTrackException(container, selection.skipped());
        }
        if (selection.skipsAny()) {
            log.warn("{}: not recording {}", config.device(), SkippedTrack.describe(selection.skipped()));
        }
        selection.carried(tracks).stream().map(container::playerCaveat).flatMap(Optional::stream)
                .distinct().forEach(caveat -> log.warn("{}: {}", config.device(), caveat));
        this.naming = new SegmentNaming(config.directory(), config.namePattern());
        this.clock = clock;
        this.listener = listener;
        this.hasVideo = selection.carried(tracks).stream().anyMatch(t -> t.codec().isVideo());
        this.segmentFormats = tracks.toArray(TrackFormat[]::new);
        this.queuedPerTrack = new int[tracks.size()];
        this.framesWrittenPerTrack = new long[tracks.size()];
        this.segmentFramesPerTrack = new long[tracks.size()];
        this.timeline = new TimelineRule(tracks.size(), config.discontinuityThreshold());
    }

    /** A frame that arrived now (the recording's clock). */
    @Override
    public void frame(Frame frame) {
        frame(frame, clock.instant());
    }

    /**
     * A frame that arrived at {@code arrivedAt}: a segment's wall-clock start is when its first frame arrived, which
     * for frames kept in memory before recording was switched on (a pre-roll) lies before the call.
     */
    public void frame(Frame frame, Instant arrivedAt) {
        if (closed || !selection.carries(frame.track())) {
            return;
        }
        TimelineRule.Result r = timeline.apply(frame);
        frame = r.frame();
        long micros = frame.dts() * 1_000_000L / frame.format().timescale();
        interleave.add(new Pending(frame, micros, arrivals++, r.verdict() == TimelineRule.Verdict.DISCONTINUITY,
                arrivedAt));
        queuedPerTrack[frame.track()]++;
        newestMicros = Math.max(newestMicros, micros);
        while (!interleave.isEmpty() && (everyTrackQueued()
                || newestMicros - interleave.peek().micros() > MAX_INTERLEAVE_MICROS)) {
            release(interleave.poll());
        }
    }

    private boolean everyTrackQueued() {
        for (int t = 0; t < queuedPerTrack.length; t++) {
            if (queuedPerTrack[t] == 0 && selection.carries(t)) {
                return false;
            }
        }
        return true;
    }

    private void release(Pending p) {
        queuedPerTrack[p.frame().track()]--;
        // a jump on a track the current segment has no frame of yet is at the segment's start already (the other
        // tracks' jumps of the same moment): cutting again would leave a one-GOP segment
        if (p.discontinuity() && writer != null && segmentFramesPerTrack[p.frame().track()] > 0) {
            cutPending = true;
        }
        record(p.frame(), p.arrivedAt());
    }

    private void record(Frame frame, Instant arrivedAt) {
        try {
            boolean videoKey = frame.format().codec().isVideo() && frame.keyframe();
            long micros = frame.dts() * 1_000_000L / frame.format().timescale();
            if (writer == null) {
                boolean decodable = videoKey && !frame.format().parameterSets().isEmpty();
                if (hasVideo && !decodable) {
                    framesDropped++;
                    return;
                }
                open(frame, micros, arrivedAt);
            } else if (shouldCut(frame, videoKey, micros)) {
                closeSegment();
                open(frame, micros, arrivedAt);
            }
            writer.write(inFile(frame));
            segmentFrames++;
            framesWritten++;
            framesWrittenPerTrack[frame.track()]++;
            segmentFramesPerTrack[frame.track()]++;
        } catch (IOException e) {
            failed(e);
        }
    }

    private boolean shouldCut(Frame frame, boolean videoKey, long micros) {
        boolean formatChanged = frame.format().codec().isVideo() && !frame.format()
                .equals(segmentFormats[frame.track()]);
        if (formatChanged && videoKey) {
            log.info("{}: {} changed to {}: new segment", config.device(), segmentFormats[frame.track()],
                    frame.format());
            return true;
        }
        boolean due = micros >= nextBoundaryMicros || cutPending;
        if (due && cutPending && (videoKey || !hasVideo)) {
            log.info("{}: the camera's timestamps jumped: new segment", config.device());
        }
        return due && (videoKey || !hasVideo);
    }

    private void open(Frame first, long firstMicros, Instant arrivedAt) throws IOException {
        segmentWallStart = segmentWallStart == null ? arrivedAt : reckoned(firstMicros, arrivedAt);
        segmentStartMicros = firstMicros;
        cutPending = false;
        Arrays.fill(segmentFramesPerTrack, 0);
        long length = config.segmentDuration().toNanos() / 1000;
        if (config.alignToWallClock()) {
            long wallMicros = segmentWallStart.getEpochSecond() * 1_000_000L + segmentWallStart.getNano() / 1000;
            long boundary = (Math.floorDiv(wallMicros, length) + 1) * length;
            nextBoundaryMicros = firstMicros + (boundary - wallMicros);
        } else {
            nextBoundaryMicros = firstMicros + length;
        }
        if (first.format().codec().isVideo()) {
            segmentFormats[first.track()] = first.format();
        }
        List<TrackFormat> formats = new ArrayList<>(Arrays.asList(segmentFormats));
        formats.set(first.track(), first.format());
        file = naming.newSegment(config.device(), segmentWallStart, container.extension());
        writer = container.create(file, selection.carried(formats), segmentWallStart, config.fragmentDuration());
        segmentFrames = 0;
        segments++;
        log.info("{}: recording to {}", config.device(), file);
        listener.opened(file, segmentWallStart, firstMicros);
    }

    /** The wall start of a segment following the previous one on the camera's timeline (class comment). */
    private Instant reckoned(long firstMicros, Instant arrivedAt) {
        Instant reckoned = segmentWallStart.plus(firstMicros - segmentStartMicros, ChronoUnit.MICROS);
        return Duration.between(reckoned, arrivedAt).abs().compareTo(MAX_WALL_DRIFT) > 0 ? arrivedAt : reckoned;
    }

    /** The frame numbered as its track is in the file (the same frame unless an earlier track is left out). */
    private Frame inFile(Frame frame) {
        int t = selection.fileTrack(frame.track());
        return t == frame.track() ? frame
                : new Frame(t, frame.format(), frame.pts(), frame.dts(), frame.keyframe(), frame.data());
    }

    private void closeSegment() throws IOException {
        if (writer == null) {
            return;
        }
        SegmentWriter w = writer;
        writer = null;
        try {
            w.close();
        } catch (IOException e) {
            // the end of the file may be a partial fragment or tag: cut it back to what plays, then report; a file
            // left with no media at all would not play, so it goes
            Container.Repaired r = segmentFrames == 0 ? null : repair(e);
            if (r != null && r.hasMedia()) {
                listener.closed(file, w.durationSeconds(), r.bytes());
            } else {
                discard();
            }
            throw e;
        }
        if (segmentFrames == 0) {
            // the writer started but its first write failed: a header alone plays nothing
            log.warn("{}: {} removed: no frame reached it", config.device(), file.getFileName());
            discard();
            return;
        }
        log.info("{}: closed {} ({} s, {} bytes)", config.device(), file.getFileName(),
                String.format("%.1f", w.durationSeconds()), w.bytesWritten());
        listener.closed(file, w.durationSeconds(), w.bytesWritten());
    }

    private void discard() throws IOException {
        Files.deleteIfExists(file);
        listener.discarded(file);
    }

    /** Makes the current file playable after a failed write or close (a full disk); null if that failed. */
    private Container.Repaired repair(IOException cause) {
        try {
            Container.Repaired r = container.repair(file);
            log.warn("{}: {} cut back to {} bytes{} after: {}", config.device(), file.getFileName(), r.bytes(),
                    r.hasMedia() ? "" : " (no media left: removed)", cause.getMessage());
            return r;
        } catch (IOException e) {
            cause.addSuppressed(e);
            log.error("{}: could not repair {}: {}", config.device(), file, e.getMessage());
            return null;
        }
    }

    private void failed(IOException e) {
        try {
            closeSegment();
        } catch (IOException again) {
            if (again != e) {
                e.addSuppressed(again);
            }
        }
        throw new UncheckedIOException(config.device() + ": writing " + file + " failed: " + e.getMessage(), e);
    }

    /** The file being written, or null between segments. */
    public Path currentFile() {
        return writer == null ? null : file;
    }

    public long bytesWrittenInSegment() {
        return writer == null ? 0 : writer.bytesWritten();
    }

    /** Media the current segment's writer holds in memory (see {@link SegmentWriter#bufferedBytes()}). */
    public long bufferedBytes() {
        return writer == null ? 0 : writer.bufferedBytes();
    }

    public long segments() {
        return segments;
    }

    public long framesWritten() {
        return framesWritten;
    }

    /** Frames of one track handed to segment writers so far. */
    public long framesWritten(int track) {
        return framesWrittenPerTrack[track];
    }

    /** Small steps back of a track's timestamps absorbed by the {@link TimelineRule}. */
    public long timestampStepsAbsorbed() {
        return timeline.absorbed();
    }

    /** Timestamp jumps beyond the threshold: each ends its segment at the next video keyframe. */
    public long discontinuities() {
        return timeline.discontinuities();
    }

    /** The session's tracks the container cannot carry, left out of every segment; empty when all are recorded. */
    public List<SkippedTrack> skippedTracks() {
        return selection.skipped();
    }

    /** Frames dropped while waiting for the first keyframe with parameter sets. */
    public long framesDropped() {
        return framesDropped;
    }

    /** Writes what is still waiting, then closes the segment: when this returns the file is complete and playable. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        try {
            while (!interleave.isEmpty()) {
                release(interleave.poll());
            }
        } catch (UncheckedIOException e) {
            closed = true;
            throw e.getCause();
        }
        closed = true;
        closeSegment();
    }
}
