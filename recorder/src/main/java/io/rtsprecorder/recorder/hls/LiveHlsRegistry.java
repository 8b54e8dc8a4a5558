package io.rtsprecorder.recorder.hls;

import io.rtsprecorder.media.codec.TrackFormat;
import io.rtsprecorder.recorder.live.LiveFeed;
import io.rtsprecorder.recorder.live.QueueBudget;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleConsumer;

/**
 * Live HLS of every camera, muxed only while someone watches: a camera's {@link LiveHls} starts with the first
 * request for it and stops {@link #IDLE} after the last one (players reload the playlist at least every part, so
 * 30 s without a request means nobody plays). A camera without a live session answers
 * {@link PlaybackException.Kind#UNAVAILABLE} with its state.
 */
public final class LiveHlsRegistry implements AutoCloseable {

    static final Duration IDLE = Duration.ofSeconds(30);
    /** The longest a blocking request waits: three target durations, as LL-HLS allows. */
    public static final Duration BLOCK = Duration.ofSeconds(3L * LiveHls.TARGET_DURATION);
    private static final Duration FIRST_MEDIA = Duration.ofSeconds(10);

    /** How to reach a camera's live feed and say why it has none. */
    public interface Cameras {
        /** The camera's feed; throws the service's not-found error for an unknown camera. */
        LiveFeed feed(String camera);

        /** Why the camera has no live session now (its state and failure), for the 503. */
        String notLive(String camera);
    }

    private final Cameras cameras;
    private final Clock clock;
    private final QueueBudget budget;
    private final DoubleConsumer latencySeconds;
    private final Map<String, LiveHls> muxers = new ConcurrentHashMap<>();
    private ScheduledExecutorService reaper;

    public LiveHlsRegistry(Cameras cameras, Clock clock, QueueBudget budget, DoubleConsumer latencySeconds) {
        this.cameras = cameras;
        this.clock = clock;
        this.budget = budget;
        this.latencySeconds = latencySeconds;
    }

    /** The multivariant playlist: one variant, {@code media.m3u8}, with the camera's CODECS and bandwidth. */
    public String multivariant(String camera) throws PlaybackException {
        LiveHls hls = muxer(camera);
        List<TrackFormat> tracks = hls.tracks();
        if (tracks.isEmpty()) {
            tracks = cameras.feed(camera).tracks();
        }
        long bandwidth = hls.bandwidth();
        return HlsText.multivariant(bandwidth > 0 ? bandwidth : 2_000_000, HlsCodecs.of(tracks), "media.m3u8");
    }

    /** The media playlist; {@code msn}/{@code part} as {@code _HLS_msn}/{@code _HLS_part} (blocking reload). */
    public String media(String camera, Long msn, Integer part) throws PlaybackException, InterruptedException {
        LiveHls hls = muxer(camera);
        return hls.playlist(msn, part, msn == null ? FIRST_MEDIA : BLOCK);
    }

    /** The init segment. */
    public byte[] init(String camera) throws PlaybackException, InterruptedException {
        byte[] init = muxer(camera).init(FIRST_MEDIA);
        if (init == null) {
            throw new PlaybackException(PlaybackException.Kind.UNAVAILABLE, "camera '" + camera + "' has sent no "
                    + "keyframe yet; try again");
        }
        return init;
    }

    /** A part, or null when it is not in the window (a preload-hinted part is waited for). */
    public byte[] part(String camera, long msn, int index) throws PlaybackException, InterruptedException {
        return muxer(camera).part(msn, index, BLOCK);
    }

    /** A complete segment, or null when it is not in the window. */
    public byte[] segment(String camera, long msn) throws PlaybackException, InterruptedException {
        return muxer(camera).segment(msn, BLOCK);
    }

    private LiveHls muxer(String camera) throws PlaybackException {
        LiveFeed feed = cameras.feed(camera);
        LiveHls existing = muxers.get(camera);
        if (existing == null && !feed.live()) {
            throw new PlaybackException(PlaybackException.Kind.UNAVAILABLE, "camera '" + camera + "' is not "
                    + "connected: " + cameras.notLive(camera));
        }
        LiveHls hls = muxers.computeIfAbsent(camera, c -> {
            LiveHls h = new LiveHls(c, clock, budget, latencySeconds);
            h.subscribe(feed);
            return h;
        });
        hls.touch();
        startReaper();
        return hls;
    }

    private synchronized void startReaper() {
        if (reaper == null) {
            reaper = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("live-hls-reaper")
                    .factory());
            reaper.scheduleWithFixedDelay(this::stopIdle, 5, 5, TimeUnit.SECONDS);
        }
    }

    /** Stops the muxers nobody asked anything of for {@link #IDLE}. */
    void stopIdle() {
        long now = clock.millis();
        for (Map.Entry<String, LiveHls> e : muxers.entrySet()) {
            if (now - e.getValue().lastRequestMillis() > IDLE.toMillis() && muxers.remove(e.getKey(), e.getValue())) {
                e.getValue().close();
            }
        }
    }

    /** Cameras being muxed now. */
    public int active() {
        return muxers.size();
    }

    @Override
    public synchronized void close() {
        if (reaper != null) {
            reaper.shutdownNow();
        }
        for (String c : List.copyOf(muxers.keySet())) {
            LiveHls h = muxers.remove(c);
            if (h != null) {
                h.close();
            }
        }
    }
}
