package io.rtsprecorder.recorder.live;

import io.rtsprecorder.media.codec.Frame;
import io.rtsprecorder.media.codec.TrackFormat;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One camera's live feed: every frame its RTSP session delivers passes through here on the way to the recording,
 * is kept in a {@link GopCache} while anyone may want it, and is offered to every subscriber's own queue.
 *
 * <p>The cache costs a GOP of memory per camera (about 1 MB at 4 Mbit/s and a 2 s GOP), so it is kept only while it
 * serves someone: always with a pre-roll (then at least that long), and otherwise from the first subscriber until
 * {@link #LINGER} after the last one left, so that viewers who come and go start with a picture. The first viewer
 * of a cold feed waits for the camera's next keyframe.
 *
 * <p>{@link #frame} runs on the camera's reading thread and never waits for a subscriber or the disk.
 */
public final class Ingest implements LiveFeed {

    /** Where the recording takes its frames: called under the ingest's lock, in arrival order, never waiting. */
    @FunctionalInterface
    public interface RecorderSink {
        void offer(Frame frame, long arrivalMillis);
    }

    /** How long the cache is kept after the last subscriber left. */
    static final Duration LINGER = Duration.ofSeconds(30);
    static final int SUBSCRIBER_FRAMES = 1024;
    static final long SUBSCRIBER_BYTES = 16L << 20;
    public static final long CACHE_BYTES = 32L << 20;

    private final String camera;
    private final Duration preRoll;
    private final Clock clock;
    private final QueueBudget budget;
    private final ReentrantLock lock = new ReentrantLock();
    private final GopCache cache;
    private final List<SubscriberQueue> subscribers = new CopyOnWriteArrayList<>();
    private volatile List<TrackFormat> tracks = List.of();
    private volatile boolean live;
    private RecorderSink recorder;
    private long lastSubscriberLeftMillis = Long.MIN_VALUE;

    public Ingest(String camera, Duration preRoll, Clock clock, QueueBudget budget) {
        this.camera = camera;
        this.preRoll = preRoll;
        this.clock = clock;
        this.budget = budget;
        this.cache = new GopCache(preRoll.toMillis(), CACHE_BYTES, budget);
    }

    /** A camera session started with these tracks. */
    public void started(List<TrackFormat> sessionTracks) {
        lock.lock();
        try {
            tracks = List.copyOf(sessionTracks);
            live = true;
            cache.reset(sessionTracks.stream().anyMatch(t -> t.codec().isVideo()));
            for (SubscriberQueue s : subscribers) {
                s.started(tracks);
            }
        } finally {
            lock.unlock();
        }
    }

    /** A frame of the current session, as it arrived (reading thread). */
    public void frame(Frame f, long arrivalMillis) {
        lock.lock();
        try {
            if (caching(arrivalMillis)) {
                cache.add(f, arrivalMillis);
            } else if (cache.bytes() > 0) {
                cache.clear();
            }
            for (SubscriberQueue s : subscribers) {
                s.offer(f);
            }
            if (recorder != null) {
                recorder.offer(f, arrivalMillis);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * From now on every frame also goes to {@code sink}, starting with the cached frames from the keyframe at or
     * before {@code preRoll} ago (none when {@code preRoll} is zero): one step under the lock, so no frame is lost or
     * given twice between the cache and the live frames.
     */
    public void attachRecorder(RecorderSink sink, Duration preRoll) {
        lock.lock();
        try {
            if (!preRoll.isZero()) {
                for (CachedFrame c : cache.fromKeyframe(clock.millis() - preRoll.toMillis())) {
                    sink.offer(c.frame(), c.arrivalMillis());
                }
            }
            recorder = sink;
        } finally {
            lock.unlock();
        }
    }

    /** No more frames to the recording. */
    public void detachRecorder() {
        lock.lock();
        try {
            recorder = null;
        } finally {
            lock.unlock();
        }
    }

    /** The session ended; subscribers stay and get the next session when it starts. */
    public void ended() {
        lock.lock();
        try {
            live = false;
            tracks = List.of();
            cache.clear();
            for (SubscriberQueue s : subscribers) {
                s.ended();
            }
        } finally {
            lock.unlock();
        }
    }

    public Duration preRoll() {
        return preRoll;
    }

    @Override
    public Subscription subscribe(LiveSubscriber subscriber) {
        lock.lock();
        try {
            SubscriberQueue[] holder = new SubscriberQueue[1];
            SubscriberQueue q = new SubscriberQueue(subscriber, camera, SUBSCRIBER_FRAMES, SUBSCRIBER_BYTES, budget,
                    () -> leave(holder[0]));
            holder[0] = q;
            if (live) {
                q.started(tracks);
                for (CachedFrame c : cache.fromKeyframe(Long.MAX_VALUE)) {
                    q.offer(c.frame());
                }
            }
            subscribers.add(q);
            return q;
        } finally {
            lock.unlock();
        }
    }

    private void leave(SubscriberQueue q) {
        lock.lock();
        try {
            if (subscribers.remove(q) && subscribers.isEmpty()) {
                lastSubscriberLeftMillis = clock.millis();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Subscribers now. */
    public int subscribers() {
        return subscribers.size();
    }

    /** Bytes the cache holds now. */
    public long cachedBytes() {
        lock.lock();
        try {
            return cache.bytes();
        } finally {
            lock.unlock();
        }
    }

    /** Frames dropped for subscribers that fell behind, over the current subscribers. */
    public long droppedForSubscribers() {
        long n = 0;
        for (SubscriberQueue s : new ArrayList<>(subscribers)) {
            n += s.dropped();
        }
        return n;
    }

    @Override
    public List<TrackFormat> tracks() {
        return tracks;
    }

    @Override
    public boolean live() {
        return live;
    }

    private boolean caching(long nowMillis) {
        return !preRoll.isZero() || !subscribers.isEmpty()
                || (lastSubscriberLeftMillis != Long.MIN_VALUE
                        && nowMillis - lastSubscriberLeftMillis < LINGER.toMillis());
    }
}
