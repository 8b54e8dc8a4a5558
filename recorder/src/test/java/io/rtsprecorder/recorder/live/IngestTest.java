package io.rtsprecorder.recorder.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtsprecorder.media.codec.Codec;
import io.rtsprecorder.media.codec.Frame;
import io.rtsprecorder.media.codec.TrackFormat;
import io.rtsprecorder.testsupport.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The live feed: the GOP cache, subscribers joining at a keyframe, slow subscribers, the recorder's hand-over. */
class IngestTest {

    private static final TrackFormat VIDEO = TrackFormat.video(Codec.H264, 640, 360, List.of(new byte[] {0x67}));
    private static final TrackFormat AUDIO = TrackFormat.audio(Codec.AAC, 48_000, 1, new byte[] {0x11, (byte) 0x88});
    private static final Instant T0 = Instant.parse("2026-12-01T12:00:00Z");

    /** Frame {@code n} of a 25 fps camera with a 1 s GOP; arrives at {@code n * 40} ms. */
    private static Frame video(int n) {
        return new Frame(0, VIDEO, n * 3600L, n * 3600L, n % 25 == 0, new byte[1000]);
    }

    private static Frame audio(int n) {
        return new Frame(1, AUDIO, n * 1920L, n * 1920L, true, new byte[100]);
    }

    /** Records what it gets; {@code hold} blocks each frame until released (a slow viewer). */
    private static final class Viewer implements LiveSubscriber {
        final List<Frame> frames = Collections.synchronizedList(new ArrayList<>());
        final List<String> events = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch hold;

        Viewer(CountDownLatch hold) {
            this.hold = hold;
        }

        @Override
        public void started(List<TrackFormat> tracks) {
            events.add("started " + tracks.size());
        }

        @Override
        public void frame(Frame frame) {
            try {
                if (hold != null) {
                    hold.await(30, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            frames.add(frame);
        }

        @Override
        public void ended() {
            events.add("ended");
        }
    }

    private static void awaitFrames(Viewer v, int n) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (v.frames.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(v.frames).as("frames delivered").hasSizeGreaterThanOrEqualTo(n);
    }

    /** Waits until the viewer's queue has drained: nothing new arrived for 300 ms (at most 10 s). */
    private static void awaitDrained(Viewer v) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        int last = -1;
        int quiet = 0;
        while (quiet < 6 && System.nanoTime() < deadline) {
            Thread.sleep(50);
            int now = v.frames.size();
            quiet = now == last ? quiet + 1 : 0;
            last = now;
        }
    }

    private static void feed(Ingest ingest, ManualClock clock, int from, int to) {
        for (int n = from; n < to; n++) {
            clock.set(T0.plusMillis(n * 40L));
            ingest.frame(video(n), clock.millis());
            if (n % 2 == 0) {
                ingest.frame(audio(n / 2), clock.millis());
            }
        }
    }

    @Test
    void aViewerJoiningALiveFeedStartsAtTheCachedKeyframeAndGetsEveryFrameAfterIt() throws Exception {
        ManualClock clock = new ManualClock(T0);
        Ingest ingest = new Ingest("gate", Duration.ZERO, clock, new QueueBudget(1 << 30));
        ingest.started(List.of(VIDEO, AUDIO));
        try (Subscription first = ingest.subscribe(new Viewer(null))) {
            feed(ingest, clock, 0, 40); // frame 25 is a keyframe: the cache holds 25..39
            Viewer late = new Viewer(null);
            try (Subscription s = ingest.subscribe(late)) {
                feed(ingest, clock, 40, 50);
                awaitFrames(late, 25 + 12); // video 25..49, audio of frames 26..48
                assertThat(late.events).containsExactly("started 2");
                assertThat(late.frames.get(0).keyframe()).isTrue();
                assertThat(late.frames.get(0).dts()).isEqualTo(25 * 3600L);
                List<Long> videoDts = late.frames.stream().filter(f -> f.track() == 0).map(Frame::dts).toList();
                assertThat(videoDts).hasSize(25).startsWith(25 * 3600L).endsWith(49 * 3600L);
                assertThat(s.dropped()).isZero();
            }
        }
    }

    @Test
    void aViewerOfAColdFeedWaitsForTheNextKeyframe() throws Exception {
        ManualClock clock = new ManualClock(T0);
        Ingest ingest = new Ingest("gate", Duration.ZERO, clock, new QueueBudget(1 << 30));
        ingest.started(List.of(VIDEO, AUDIO));
        feed(ingest, clock, 0, 10); // nobody watched: nothing cached
        assertThat(ingest.cachedBytes()).isZero();
        Viewer v = new Viewer(null);
        try (Subscription s = ingest.subscribe(v)) {
            feed(ingest, clock, 10, 30);
            awaitFrames(v, 5);
            assertThat(v.frames.get(0).track()).as("first frame's track").isZero();
            assertThat(v.frames.get(0).dts()).as("first frame").isEqualTo(25 * 3600L);
        }
    }

    @Test
    void aSlowViewerLosesFramesUpToKeyframesWhileTheFeedAndAnotherViewerGoOn() throws Exception {
        ManualClock clock = new ManualClock(T0);
        Ingest ingest = new Ingest("gate", Duration.ZERO, clock, new QueueBudget(1 << 30));
        ingest.started(List.of(VIDEO, AUDIO));
        CountDownLatch stuck = new CountDownLatch(1);
        Viewer slow = new Viewer(stuck);
        Viewer fast = new Viewer(null);
        try (Subscription s = ingest.subscribe(slow); Subscription f = ingest.subscribe(fast)) {
            long t0 = System.nanoTime();
            // 2 minutes of frames while the slow viewer is stuck on its first one, in steps the fast one keeps up with
            for (int n = 0; n < 3000; n += 100) {
                feed(ingest, clock, n, n + 100);
                awaitFrames(fast, (n + 100) * 3 / 2);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertThat(seconds).as("the feed never waited for the stuck viewer").isLessThan(60);
            awaitFrames(fast, 4500);
            assertThat(s.dropped()).as("dropped for the stuck viewer").isGreaterThan(1000);
            assertThat(f.dropped()).isZero();
            stuck.countDown();
            awaitDrained(slow);
            feed(ingest, clock, 3000, 3030);
            // its full queue drains, then the frames fed after the release arrive: wait for the first of those
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (new ArrayList<>(slow.frames).stream().noneMatch(g -> g.track() == 0 && g.dts() >= 3000 * 3600L)
                    && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            // after its queue filled, its video resumed only at a keyframe
            int firstAfterGap = -1;
            List<Frame> got = new ArrayList<>(slow.frames);
            long lastVideo = -1;
            for (int i = 0; i < got.size(); i++) {
                Frame b = got.get(i);
                if (b.track() != 0) {
                    continue;
                }
                if (lastVideo >= 0 && b.dts() - lastVideo > 3600) {
                    firstAfterGap = i;
                    break;
                }
                lastVideo = b.dts();
            }
            assertThat(firstAfterGap).isPositive();
            assertThat(got.get(firstAfterGap).keyframe()).as("video resumes at a keyframe").isTrue();
        }
    }

    @Test
    void thePreRollGoesToTheRecorderBeforeTheLiveFramesWithNothingLostOrTwice() {
        ManualClock clock = new ManualClock(T0);
        QueueBudget budget = new QueueBudget(1 << 30);
        Ingest ingest = new Ingest("gate", Duration.ofSeconds(5), clock, budget);
        ingest.started(List.of(VIDEO, AUDIO));
        feed(ingest, clock, 0, 250); // 10 s
        List<Long> got = new ArrayList<>();
        List<Long> arrivals = new ArrayList<>();
        ingest.attachRecorder((f, arrival) -> {
            if (f.track() == 0) {
                got.add(f.dts() / 3600);
                arrivals.add(arrival);
            }
        }, Duration.ofSeconds(5));
        feed(ingest, clock, 250, 260);
        // now = frame 249 at 9.96 s; 5 s before is 4.96 s: the keyframe at or before it is frame 100 (4.0 s)
        assertThat(got.get(0)).isEqualTo(100L);
        assertThat(arrivals.get(0)).isEqualTo(T0.plusMillis(4000).toEpochMilli());
        for (int i = 1; i < got.size(); i++) {
            assertThat(got.get(i)).isEqualTo(got.get(i - 1) + 1);
        }
        assertThat(got).endsWith(259L);
        ingest.detachRecorder();
        ingest.ended();
        assertThat(budget.used()).as("bytes given back when the session ends").isZero();
    }

    @Test
    void theCacheHoldsNoMoreThanItsBoundAndSessionsAreAnnouncedToViewers() throws Exception {
        ManualClock clock = new ManualClock(T0);
        QueueBudget budget = new QueueBudget(1 << 30);
        Ingest ingest = new Ingest("gate", Duration.ofSeconds(60), clock, budget);
        ingest.started(List.of(VIDEO, AUDIO));
        for (int n = 0; n < 2000; n++) {
            clock.set(T0.plusMillis(n * 40L));
            ingest.frame(new Frame(0, VIDEO, n * 3600L, n * 3600L, n % 25 == 0, new byte[100_000]), clock.millis());
        }
        assertThat(ingest.cachedBytes()).isLessThanOrEqualTo(Ingest.CACHE_BYTES);
        assertThat(budget.used()).isEqualTo(ingest.cachedBytes());
        Viewer v = new Viewer(null);
        try (Subscription s = ingest.subscribe(v)) {
            ingest.ended();
            ingest.started(List.of(VIDEO));
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (v.events.size() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(v.events).containsExactly("started 2", "ended", "started 1");
        }
    }
}
