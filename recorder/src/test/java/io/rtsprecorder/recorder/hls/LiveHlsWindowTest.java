package io.rtsprecorder.recorder.hls;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtsprecorder.media.codec.Frame;
import io.rtsprecorder.media.codec.TrackFormat;
import io.rtsprecorder.media.demux.Mp4Demuxer;
import io.rtsprecorder.recorder.live.LiveFeed;
import io.rtsprecorder.recorder.live.LiveSubscriber;
import io.rtsprecorder.recorder.live.QueueBudget;
import io.rtsprecorder.recorder.live.Subscription;
import io.rtsprecorder.recorder.storage.RecordedSegments;
import io.rtsprecorder.testsupport.FixtureSpec;
import io.rtsprecorder.testsupport.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The live muxer's window and lifecycle without a network: frames of a clip go in as a feed would deliver them,
 * on a manual clock.
 */
class LiveHlsWindowTest {

    private static final Pattern SEGMENT = Pattern.compile("#EXTINF:([0-9.]+),\nseg-(\\d+)\\.m4s");

    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-01T10:00:00Z"));

    /** A feed that records who subscribed and whether the subscription was closed. */
    static final class FakeFeed implements LiveFeed {
        final List<LiveSubscriber> subscribers = new ArrayList<>();
        int closed;
        final List<TrackFormat> tracks;

        FakeFeed(List<TrackFormat> tracks) {
            this.tracks = tracks;
        }

        @Override
        public Subscription subscribe(LiveSubscriber subscriber) {
            subscribers.add(subscriber);
            return new Subscription() {
                @Override
                public long dropped() {
                    return 0;
                }

                @Override
                public void close() {
                    closed++;
                }
            };
        }

        @Override
        public List<TrackFormat> tracks() {
            return tracks;
        }

        @Override
        public boolean live() {
            return true;
        }
    }

    /** Feeds {@code seconds} of the clip (looped) in real time on the manual clock. */
    private void feed(LiveSubscriber hls, Path clip, double seconds) throws Exception {
        try (Mp4Demuxer demuxer = Mp4Demuxer.open(clip)) {
            hls.started(demuxer.tracks());
            long offsetMicros = 0;
            long lastMicros = 0;
            Instant start = clock.instant();
            while (true) {
                Frame f = demuxer.readFrame();
                if (f == null) {
                    demuxer.rewind();
                    offsetMicros = lastMicros + 40_000;
                    continue;
                }
                long micros = offsetMicros + f.dts() * 1_000_000L / f.format().timescale();
                if (micros > seconds * 1e6) {
                    return;
                }
                lastMicros = Math.max(lastMicros, micros);
                long shift = offsetMicros * f.format().timescale() / 1_000_000L;
                clock.set(start.plusNanos(micros * 1000));
                hls.frame(new Frame(f.track(), f.format(), f.pts() + shift, f.dts() + shift, f.keyframe(),
                        f.data()));
            }
        }
    }

    @Test
    void theWindowKeepsEightSegmentsFromKeyframesAndReturnsItsBytesToTheBudget() throws Exception {
        Path clip = RecordedSegments.fixture(FixtureSpec.h264Aac().withDuration(6).withGop(1.0));
        QueueBudget budget = new QueueBudget(64L << 20);
        List<Double> latencies = new ArrayList<>();
        LiveHls hls = new LiveHls("cam", clock, budget, latencies::add);
        feed(hls, clip, 40);

        String playlist = hls.playlist(null, null, Duration.ZERO);
        Matcher m = SEGMENT.matcher(playlist);
        List<Double> durations = new ArrayList<>();
        while (m.find()) {
            durations.add(Double.parseDouble(m.group(1)));
        }
        assertThat(durations).hasSize(LiveHls.WINDOW_SEGMENTS).allSatisfy(d -> assertThat(d).isBetween(1.9, 4.1));
        assertThat(playlist).doesNotContain("#EXT-X-MEDIA-SEQUENCE:0\n");
        assertThat(budget.used()).isEqualTo(hls.windowBytes()).isPositive();
        assertThat(latencies).isNotEmpty();
        // every segment starts with an independent part
        List<String> withParts = java.util.Arrays.stream(playlist.split("#EXT-X-PROGRAM-DATE-TIME:")).skip(1)
                .filter(s -> s.contains("#EXT-X-PART:")).toList();
        assertThat(withParts).hasSizeGreaterThanOrEqualTo(2).allSatisfy(s -> assertThat(
                s.substring(0, s.indexOf('\n', s.indexOf("#EXT-X-PART:")))).contains("INDEPENDENT=YES"));
        hls.close();
        assertThat(budget.used()).isZero();
    }

    @Test
    void anExhaustedBudgetDropsPartsUpToTheNextKeyframeAndNeverExceedsIt() throws Exception {
        Path clip = RecordedSegments.fixture(FixtureSpec.h264Aac().withDuration(6).withGop(1.0));
        QueueBudget budget = new QueueBudget(150_000);
        LiveHls hls = new LiveHls("cam", clock, budget, s -> { });
        feed(hls, clip, 20);
        assertThat(hls.droppedParts()).isPositive();
        assertThat(budget.used()).isLessThanOrEqualTo(150_000).isEqualTo(hls.windowBytes());
        String playlist = hls.playlist(null, null, Duration.ZERO);
        assertThat(playlist).contains("#EXT-X-PART:");
        hls.close();
        assertThat(budget.used()).isZero();
    }

    @Test
    void theMuxerStartsWithTheFirstRequestAndStopsThirtySecondsAfterTheLast() throws Exception {
        Path clip = RecordedSegments.fixture(FixtureSpec.h264Aac().withDuration(6).withGop(1.0));
        List<TrackFormat> tracks;
        try (Mp4Demuxer demuxer = Mp4Demuxer.open(clip)) {
            tracks = demuxer.tracks();
        }
        FakeFeed feed = new FakeFeed(tracks);
        QueueBudget budget = new QueueBudget(64L << 20);
        try (LiveHlsRegistry registry = new LiveHlsRegistry(new LiveHlsRegistry.Cameras() {
            @Override
            public LiveFeed feed(String camera) {
                return feed;
            }

            @Override
            public String notLive(String camera) {
                return "BACKOFF";
            }
        }, clock, budget, s -> { })) {
            assertThat(registry.active()).isZero();
            assertThat(registry.multivariant("cam")).contains("CODECS=\"avc1.");
            assertThat(feed.subscribers).hasSize(1);
            feed(feed.subscribers.get(0), clip, 5);
            assertThat(registry.media("cam", null, null)).contains("#EXT-X-PART:");
            assertThat(budget.used()).isPositive();
            clock.set(clock.instant().plusSeconds(20));
            registry.stopIdle();
            assertThat(registry.active()).as("asked 20 s ago: still muxing").isEqualTo(1);
            clock.set(clock.instant().plusSeconds(11));
            registry.stopIdle();
            assertThat(registry.active()).isZero();
            assertThat(feed.closed).as("unsubscribed").isEqualTo(1);
            assertThat(budget.used()).isZero();
            registry.multivariant("cam");
            assertThat(feed.subscribers).as("a new request starts it again").hasSize(2);
        }
        assertThat(feed.closed).isEqualTo(2);
    }
}
