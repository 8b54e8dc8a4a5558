package io.rtsprecorder.media.record;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtsprecorder.media.codec.Frame;
import io.rtsprecorder.media.codec.TrackFormat;
import io.rtsprecorder.media.demux.Mp4Demuxer;
import io.rtsprecorder.media.testing.Fixtures;
import io.rtsprecorder.testsupport.FixtureSpec;
import io.rtsprecorder.testsupport.ManualClock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where a segment starts on the wall clock: the first at its first frame's arrival, the next ones where the previous
 * one's media ends, unless the camera's timeline and the arrivals have parted by more than a second. Frames are the
 * {@code h264Aac} clip's (1 s GOPs) fed with arrival times made up per test; 2 s segments.
 */
class SegmentWallStartTest {

    private static final Instant START = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path dir;

    /** Opened segments: wall start and media start (µs). */
    private record Opened(Instant wall, long mediaMicros) {
    }

    private List<Opened> record(LongUnaryOperator arrivalMicrosForMediaMicros) throws IOException {
        List<Opened> opened = new ArrayList<>();
        List<Frame> frames = new ArrayList<>();
        List<TrackFormat> tracks;
        try (Mp4Demuxer d = Mp4Demuxer.open(Fixtures.get(FixtureSpec.h264Aac().withDuration(12)))) {
            for (Frame f = d.readFrame(); f != null; f = d.readFrame()) {
                frames.add(f);
            }
            tracks = d.tracks();
        }
        try (Recording recording = new Recording(RecordingConfig.of(dir, "gate", Duration.ofSeconds(2)), tracks,
                new ManualClock(START), new SegmentListener() {
                    @Override
                    public void opened(Path file, Instant wallClockStart, long mediaStartMicros) {
                        opened.add(new Opened(wallClockStart, mediaStartMicros));
                    }

                    @Override
                    public void closed(Path file, double durationSeconds, long bytes) {
                    }
                })) {
            for (Frame f : frames) {
                long micros = f.dts() * 1_000_000L / f.format().timescale();
                recording.frame(f, START.plusNanos(arrivalMicrosForMediaMicros.applyAsLong(micros) * 1000));
            }
        }
        assertThat(opened).as("segments of 12 s in 2 s").hasSizeGreaterThanOrEqualTo(5);
        return opened;
    }

    private static long micros(Instant i) {
        return Duration.between(START, i).toNanos() / 1000;
    }

    @Test
    void segmentsAfterTheFirstStartWhereThePreviousMediaEndsWhateverTheDeliveryJitter() throws IOException {
        // delivery 100 ms late, then up to 430 ms late, in a pattern that repeats every 7 frames-worth of time
        List<Opened> opened = record(m -> m + 100_000 + (m / 40_000 % 7) * 55_000);

        Opened first = opened.get(0);
        assertThat(micros(first.wall())).as("the first segment starts at its first frame's arrival")
                .isEqualTo(first.mediaMicros() + 100_000 + (first.mediaMicros() / 40_000 % 7) * 55_000);
        for (Opened o : opened.subList(1, opened.size())) {
            assertThat(micros(o.wall()) - micros(first.wall())).as("wall start of the segment at media %d µs",
                    o.mediaMicros()).isEqualTo(o.mediaMicros() - first.mediaMicros());
        }
    }

    @Test
    void aCameraClockRunningSlowerThanTheWallIsCaughtUpWithOnceTheyPartByMoreThanASecond() throws IOException {
        // the wall runs 25 % faster than the camera's timestamps: after 4 s of media they are a second apart
        List<Opened> opened = record(m -> m + m / 4);

        List<Long> offsets = opened.stream().map(o -> micros(o.wall()) - o.mediaMicros()).toList();
        assertThat(offsets.get(0)).isZero();
        assertThat(offsets).as("wall minus media start of each segment, µs").isSorted();
        for (int i = 0; i < opened.size(); i++) {
            long arrival = opened.get(i).mediaMicros() + opened.get(i).mediaMicros() / 4;
            assertThat(Math.abs(micros(opened.get(i).wall()) - arrival)).as("segment %d against its arrival", i)
                    .isLessThanOrEqualTo(Recording.MAX_WALL_DRIFT.toNanos() / 1000);
        }
        assertThat(offsets.get(offsets.size() - 1)).as("reset to the arrivals at least once").isPositive();
    }
}
