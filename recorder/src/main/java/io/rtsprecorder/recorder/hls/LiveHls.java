package io.rtsprecorder.recorder.hls;

import io.rtsprecorder.media.codec.Frame;
import io.rtsprecorder.media.codec.TrackFormat;
import io.rtsprecorder.media.mux.Container;
import io.rtsprecorder.media.mux.FragmentedMp4Writer;
import io.rtsprecorder.media.mux.TrackSelection;
import io.rtsprecorder.recorder.live.LiveFeed;
import io.rtsprecorder.recorder.live.LiveSubscriber;
import io.rtsprecorder.recorder.live.QueueBudget;
import io.rtsprecorder.recorder.live.Subscription;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.DoubleConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One camera's low-latency HLS stream, muxed from its {@link LiveFeed} with the recordings' own fragmented MP4
 * writer: each fragment ({@link #PART_DURATION}, cut early at every keyframe) is an LL-HLS part, parts from a
 * keyframe on make a segment of {@link #SEGMENT_MIN_SECONDS} or more (one GOP or a few; a segment reaching
 * {@link #SEGMENT_MAX_SECONDS} is cut at the next part whatever the GOP), and the last {@link #WINDOW_SEGMENTS}
 * segments stay in memory, at most {@link #WINDOW_BYTES} and every byte counted against the {@link QueueBudget}
 * (when the budget is exhausted the oldest segments go first, then new parts are dropped up to the next keyframe).
 *
 * <p>It is a subscriber like any other: the feed's own bounded queue stands between it and the camera, so a slow
 * muxer (or HTTP client: they only read what is already here) never slows the recording. Playlist and part
 * requests that ask for what is not there yet block, bounded, until it is (LL-HLS blocking reload and preload
 * hints), woken by each new part.
 *
 * <p>Latency is measured per part: from the camera's wall clock of the newest frame in it (the frame's media time
 * placed on the wall clock by the earliest arrival seen, so network jitter does not count twice) to the moment
 * the part is available to clients.
 */
final class LiveHls implements LiveSubscriber {

    private static final Logger log = LoggerFactory.getLogger(LiveHls.class);
    static final Duration PART_DURATION = Duration.ofMillis(500);
    static final double SEGMENT_MIN_SECONDS = 2.0;
    static final double SEGMENT_MAX_SECONDS = 4.0;
    /** At least the longest segment (the maximum and one part) rounded up, as the playlist must declare. */
    static final int TARGET_DURATION = 5;
    static final int WINDOW_SEGMENTS = 8;
    static final long WINDOW_BYTES = 48L << 20;
    /** Parts are listed for the segments of about the last three target durations, as LL-HLS asks. */
    static final int SEGMENTS_WITH_PARTS = 3;
    /** A video timestamp that steps back or jumps further than this starts a new stream (a discontinuity). */
    static final long TIMESTAMP_JUMP_MICROS = 5_000_000;

    private final String camera;
    private final Clock clock;
    private final QueueBudget budget;
    private final DoubleConsumer latencySeconds;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Deque<LiveSegment> segments = new ArrayDeque<>();
    private Subscription subscription;
    private List<TrackFormat> tracks = List.of();
    private TrackSelection selection;
    private boolean hasVideo;
    private FragmentedMp4Writer writer;
    private byte[] init;
    private int discontinuity;
    private long nextSequence;
    private long reserved;
    private long droppedParts;
    private boolean skipToKeyframe;
    private double partTarget = PART_DURATION.toMillis() / 1000.0 + 0.1;
    private long anchorMillis;
    private long partStartMicros;
    private boolean partIndependent;
    private long cutMicros;
    private boolean cutKey;
    private long lastMicros;
    private volatile long lastRequestMillis;
    private boolean closed;

    LiveHls(String camera, Clock clock, QueueBudget budget, DoubleConsumer latencySeconds) {
        this.camera = camera;
        this.clock = clock;
        this.budget = budget;
        this.latencySeconds = latencySeconds;
        this.lastRequestMillis = clock.millis();
    }

    void subscribe(LiveFeed feed) {
        Subscription s = feed.subscribe(this);
        lock.lock();
        try {
            subscription = s;
        } finally {
            lock.unlock();
        }
    }

    /** A client asked for something: the muxer is kept while clients ask. */
    void touch() {
        lastRequestMillis = clock.millis();
    }

    long lastRequestMillis() {
        return lastRequestMillis;
    }

    @Override
    public void started(List<TrackFormat> sessionTracks) {
        lock.lock();
        try {
            tracks = List.copyOf(sessionTracks);
            selection = Container.FRAGMENTED_MP4.select(tracks);
            hasVideo = selection.carried(tracks).stream().anyMatch(t -> t.codec().isVideo());
            restart();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void ended() {
        lock.lock();
        try {
            writer = null;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void frame(Frame f) {
        lock.lock();
        try {
            if (closed || selection == null || !selection.carries(f.track())) {
                return;
            }
            boolean timing = f.format().codec().isVideo() || !hasVideo;
            long micros = Math.multiplyExact(f.dts(), 1_000_000L) / f.format().timescale();
            if (timing && writer != null && (micros < lastMicros - TIMESTAMP_JUMP_MICROS
                    || micros > lastMicros + TIMESTAMP_JUMP_MICROS)) {
                restart();
            }
            if (writer == null) {
                if (!timing || hasVideo && !f.keyframe()) {
                    return; // a stream starts at a keyframe
                }
                start(micros);
            }
            if (timing) {
                anchorMillis = Math.min(anchorMillis, clock.millis() - micros / 1000);
                cutMicros = micros;
                cutKey = f.keyframe();
            }
            writer.write(new Frame(selection.fileTrack(f.track()), f.format(), f.pts(), f.dts(), f.keyframe(),
                    f.data()));
            if (timing) {
                lastMicros = Math.max(lastMicros, micros);
            }
        } catch (IOException | RuntimeException e) {
            log.warn("camera {}: live HLS muxing failed, starting again at the next keyframe: {}", camera,
                    e.toString());
            restart();
        } finally {
            lock.unlock();
        }
    }

    /** A new stream: new init segment, a discontinuity, the window emptied. Under the lock. */
    private void restart() {
        writer = null;
        init = null;
        discontinuity++;
        releaseAll();
        changed.signalAll();
    }

    private void start(long micros) throws IOException {
        anchorMillis = clock.millis() - micros / 1000;
        partStartMicros = micros;
        partIndependent = true;
        lastMicros = micros;
        writer = FragmentedMp4Writer.create(new FragmentChannel(this::piece), selection.carried(tracks),
                Instant.ofEpochMilli(anchorMillis + micros / 1000), PART_DURATION);
    }

    /** What the writer wrote: first its header (the init segment), then one fragment per call. Under the lock. */
    private void piece(byte[] data) {
        if (init == null) {
            init = data;
            return;
        }
        double seconds = (cutMicros - partStartMicros) / 1e6;
        LivePart part = new LivePart(data, Math.max(0.001, seconds), partIndependent,
                anchorMillis + partStartMicros / 1000);
        long newestMillis = anchorMillis + lastMicros / 1000;
        partStartMicros = cutMicros;
        partIndependent = cutKey;
        publish(part, newestMillis);
    }

    private void publish(LivePart part, long newestMillis) {
        if (skipToKeyframe) {
            if (!part.independent()) {
                droppedParts++;
                return;
            }
            skipToKeyframe = false;
        }
        long bytes = part.data().length;
        while (!budget.tryReserve(bytes)) {
            if (!evictOldest()) {
                droppedParts++;
                skipToKeyframe = true;
                LiveSegment last = segments.peekLast();
                if (last != null) {
                    last.complete = !last.parts.isEmpty();
                }
                return;
            }
        }
        reserved += bytes;
        LiveSegment current = segments.peekLast();
        if (current == null || current.complete || part.independent() && current.seconds >= SEGMENT_MIN_SECONDS
                || current.seconds >= SEGMENT_MAX_SECONDS) {
            if (current != null) {
                current.complete = true;
            }
            current = new LiveSegment(nextSequence++, part.wallMillis());
            segments.addLast(current);
        }
        current.add(part);
        partTarget = Math.max(partTarget, part.seconds());
        while (segments.size() > WINDOW_SEGMENTS + 1 || reserved > WINDOW_BYTES && segments.size() > 1) {
            evictOldest();
        }
        latencySeconds.accept(Math.max(0, clock.millis() - newestMillis) / 1000.0);
        changed.signalAll();
    }

    private boolean evictOldest() {
        LiveSegment oldest = segments.peekFirst();
        if (oldest == null || !oldest.complete) {
            return false;
        }
        segments.removeFirst();
        reserved -= oldest.bytes;
        budget.release(oldest.bytes);
        return true;
    }

    private void releaseAll() {
        budget.release(reserved);
        reserved = 0;
        segments.clear();
        skipToKeyframe = false;
    }

    /** Stops the subscription and frees the window. */
    void close() {
        Subscription s;
        lock.lock();
        try {
            closed = true;
            writer = null;
            releaseAll();
            s = subscription;
            subscription = null;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (s != null) {
            s.close();
        }
    }

    /** The carried tracks of the current session (empty before it started). */
    List<TrackFormat> tracks() {
        lock.lock();
        try {
            return selection == null ? List.of() : selection.carried(tracks);
        } finally {
            lock.unlock();
        }
    }

    /** Bits per second over the window, or 0 while it is empty. */
    long bandwidth() {
        lock.lock();
        try {
            double seconds = segments.stream().mapToDouble(s -> s.seconds).sum();
            return seconds <= 0 ? 0 : Math.round(reserved * 8 / seconds);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The media playlist once it has what the client waits for: with {@code msn} (and {@code part}), LL-HLS
     * blocking reload until that segment is complete (or that part exists); without, until there is a complete
     * segment (a playlist of parts alone is an empty playlist to hls.js).
     * Waits at most {@code timeout}, then answers with what there is.
     *
     * @throws PlaybackException INVALID for a segment more than two ahead; UNAVAILABLE when there is no media
     */
    String playlist(Long msn, Integer part, Duration timeout) throws PlaybackException, InterruptedException {
        lock.lock();
        try {
            LiveSegment last = segments.peekLast();
            if (msn != null && last != null && msn > last.sequence + 2) {
                throw new PlaybackException(PlaybackException.Kind.INVALID, "_HLS_msn " + msn + " is more than two "
                        + "segments after the last one (" + last.sequence + ")");
            }
            await(() -> ready(msn, part), timeout);
            if (segments.isEmpty()) {
                throw new PlaybackException(PlaybackException.Kind.UNAVAILABLE, "camera '" + camera + "' has sent "
                        + "no keyframe yet; try again");
            }
            return render();
        } finally {
            lock.unlock();
        }
    }

    private boolean ready(Long msn, Integer part) {
        LiveSegment last = segments.peekLast();
        if (last == null) {
            return false;
        }
        if (msn == null) {
            return last.complete || segments.size() > 1; // players count only whole segments: none is "empty"
        }
        if (msn < last.sequence) {
            return true;
        }
        return msn == last.sequence && part != null && last.parts.size() > part;
    }

    private String render() {
        StringBuilder b = new StringBuilder(2048);
        b.append("#EXTM3U\n#EXT-X-VERSION:9\n#EXT-X-TARGETDURATION:").append(TARGET_DURATION).append('\n');
        b.append(String.format(Locale.ROOT, "#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=%.3f%n",
                3 * partTarget));
        b.append(String.format(Locale.ROOT, "#EXT-X-PART-INF:PART-TARGET=%.3f%n", partTarget));
        b.append("#EXT-X-MEDIA-SEQUENCE:").append(segments.peekFirst().sequence).append('\n');
        b.append("#EXT-X-DISCONTINUITY-SEQUENCE:").append(discontinuity).append('\n');
        b.append("#EXT-X-MAP:URI=\"init.mp4?stream=").append(discontinuity).append("\"\n");
        int index = 0;
        for (LiveSegment s : segments) {
            b.append("#EXT-X-PROGRAM-DATE-TIME:").append(HlsText.date(Instant.ofEpochMilli(s.wallMillis)))
                    .append('\n');
            if (index++ >= segments.size() - SEGMENTS_WITH_PARTS) {
                for (int i = 0; i < s.parts.size(); i++) {
                    LivePart p = s.parts.get(i);
                    b.append(String.format(Locale.ROOT, "#EXT-X-PART:DURATION=%.3f,URI=\"part-%d.%d.m4s\"%s%n",
                            p.seconds(), s.sequence, i, p.independent() ? ",INDEPENDENT=YES" : ""));
                }
            }
            if (s.complete) {
                b.append(String.format(Locale.ROOT, "#EXTINF:%.3f,%nseg-%d.m4s%n", s.seconds, s.sequence));
            }
        }
        LiveSegment last = segments.peekLast();
        long hintSegment = last.complete ? last.sequence + 1 : last.sequence;
        int hintPart = last.complete ? 0 : last.parts.size();
        b.append("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"part-").append(hintSegment).append('.').append(hintPart)
                .append(".m4s\"\n");
        return b.toString();
    }

    /** The init segment of the current stream, waiting for it at most {@code timeout}; null if there is none. */
    byte[] init(Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            await(() -> init != null, timeout);
            return init;
        } finally {
            lock.unlock();
        }
    }

    /**
     * A part, waiting at most {@code timeout} when it is the next one to come (the preload hint); null when it
     * is not in the window.
     */
    byte[] part(long msn, int index, Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            await(() -> partReadyOrGone(msn, index), timeout);
            LiveSegment s = find(msn);
            return s == null || index >= s.parts.size() ? null : s.parts.get(index).data();
        } finally {
            lock.unlock();
        }
    }

    private boolean partReadyOrGone(long msn, int index) {
        LiveSegment last = segments.peekLast();
        if (last == null) {
            return false;
        }
        boolean next = msn == last.sequence && index == last.parts.size() && !last.complete
                || msn == last.sequence + 1 && index == 0;
        return !next;
    }

    /** A complete segment, waiting at most {@code timeout} for the one in progress; null if not in the window. */
    byte[] segment(long msn, Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            await(() -> {
                LiveSegment s = find(msn);
                return s == null || s.complete;
            }, timeout);
            LiveSegment s = find(msn);
            return s == null || !s.complete ? null : s.data();
        } finally {
            lock.unlock();
        }
    }

    private LiveSegment find(long msn) {
        for (LiveSegment s : segments) {
            if (s.sequence == msn) {
                return s;
            }
        }
        return null;
    }

    /** Parts dropped because the queue budget was exhausted. */
    long droppedParts() {
        lock.lock();
        try {
            return droppedParts;
        } finally {
            lock.unlock();
        }
    }

    /** Bytes the window holds (all reserved in the queue budget). */
    long windowBytes() {
        lock.lock();
        try {
            return reserved;
        } finally {
            lock.unlock();
        }
    }

    /** What a blocked request waits for. */
    @FunctionalInterface
    private interface Wanted {
        boolean holds();
    }

    /** Waits under the lock until {@code condition} holds, the muxer closes or {@code timeout} passes. */
    private void await(Wanted condition, Duration timeout) throws InterruptedException {
        long remaining = timeout.toNanos();
        while (!closed && !condition.holds() && remaining > 0) {
            remaining = changed.awaitNanos(remaining);
        }
    }
}
