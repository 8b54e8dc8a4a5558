package io.rtsprecorder.media.record;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtsprecorder.media.codec.Frame;
import io.rtsprecorder.media.codec.TrackFormat;
import io.rtsprecorder.media.demux.Mp4Demuxer;
import io.rtsprecorder.media.testing.Fixtures;
import io.rtsprecorder.testsupport.FixtureSpec;
import io.rtsprecorder.testsupport.ManualClock;
import io.rtsprecorder.testsupport.MediaOracle;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Segmenting rules, fed with frames of real clips and a clock that follows the media time. */
class RecordingTest {

    private final MediaOracle oracle = MediaOracle.get();

    @TempDir
    Path dir;

    private static List<Frame> frames(Path clip) throws IOException {
        List<Frame> out = new ArrayList<>();
        try (Mp4Demuxer d = Mp4Demuxer.open(clip)) {
            for (Frame f = d.readFrame(); f != null; f = d.readFrame()) {
                out.add(f);
            }
        }
        return out;
    }

    private List<Path> record(RecordingConfig config, List<TrackFormat> tracks, List<Frame> frames, Instant start)
            throws IOException {
        ManualClock clock = new ManualClock(start);
        List<Path> files = new ArrayList<>();
        try (Recording recording = new Recording(config, tracks, clock, new SegmentListener() {
            @Override
            public void opened(Path file, Instant wallClockStart, long mediaStartMicros) {
                files.add(file);
            }

            @Override
            public void closed(Path file, double durationSeconds, long bytes) {
            }
        })) {
            for (Frame f : frames) {
                clock.set(start.plusNanos(Math.max(0, f.dts()) * 1_000_000_000L / f.format().timescale()));
                recording.frame(f);
            }
        }
        for (Path f : files) {
            assertThat(oracle.decodeErrors(f)).as("decode errors of %s", f.getFileName()).isEmpty();
        }
        return files;
    }

    private double duration(Path file) {
        return oracle.probe(file).duration();
    }

    @Test
    void audioOnlyStreamsAreCutByDuration() throws IOException {
        // 5.9 s of AAC: segments of 2, 2 and 1.9 s (a 6 s clip would leave a 40 ms fourth one for the priming frame)
        Path clip = Fixtures.get(FixtureSpec.h264Aac().withDuration(5.9).withVideo(null, false));
        List<Frame> frames = frames(clip);
        List<Path> files = record(RecordingConfig.of(dir, "mic", Duration.ofSeconds(2)),
                List.of(frames.get(0).format()), frames, Instant.parse("2026-11-24T10:00:00Z"));
        assertThat(files).hasSize(3);
        assertThat(duration(files.get(0))).isCloseTo(2.0, org.assertj.core.data.Offset.offset(0.05));
    }

    @Test
    void wallClockAlignedSegmentsEndOnTheNextBoundary() throws IOException {
        Path clip = Fixtures.get(FixtureSpec.h264Aac().withDuration(15));
        List<Frame> frames = frames(clip);
        List<TrackFormat> tracks = new ArrayList<>();
        try (Mp4Demuxer d = Mp4Demuxer.open(clip)) {
            tracks.addAll(d.tracks());
        }
        RecordingConfig config = new RecordingConfig(dir, "cam", null, Duration.ofSeconds(10), true, null, null, null);
        // 15 s from 10:00:07 with 10 s aligned segments: 07-10, 10-20, 20-22
        List<Path> files = record(config, tracks, frames, Instant.parse("2026-11-24T10:00:07Z"));
        assertThat(files.stream().map(f -> f.getFileName().toString()))
                .containsExactly("cam_20261124T100007Z.mp4", "cam_20261124T100010Z.mp4", "cam_20261124T100020Z.mp4");
        assertThat(duration(files.get(0))).isCloseTo(3.0, org.assertj.core.data.Offset.offset(0.05));
        assertThat(duration(files.get(1))).isCloseTo(10.0, org.assertj.core.data.Offset.offset(0.05));
    }

    @Test
    void aResolutionChangeStartsANewSegment() throws IOException {
        List<Frame> first = frames(Fixtures.get(FixtureSpec.h264Aac().withDuration(2).withAudio(null, 0, 0)));
        List<Frame> second = frames(Fixtures.get(FixtureSpec.h264Aac().withDuration(2).withAudio(null, 0, 0)
                .withSize(320, 240)));
        List<Frame> all = new ArrayList<>(first);
        long shift = first.get(first.size() - 1).dts() + first.get(1).dts() - first.get(0).dts();
        for (Frame f : second) {
            all.add(new Frame(0, f.format(), f.pts() + shift, f.dts() + shift, f.keyframe(), f.data()));
        }
        List<Path> files = record(RecordingConfig.of(dir, "cam", Duration.ofHours(1)), List.of(first.get(0).format()),
                all, Instant.parse("2026-11-24T10:00:00Z"));
        assertThat(files).hasSize(2);
        assertThat(oracle.probe(files.get(1)).video().orElseThrow().width()).isEqualTo(320);
        assertThat(oracle.probe(files.get(0)).video().orElseThrow().width()).isEqualTo(640);
    }

    @Test
    void segmentsStartingInTheSameSecondNeverOverwriteEachOther() throws IOException {
        SegmentNaming naming = new SegmentNaming(dir, SegmentNaming.DEFAULT_PATTERN);
        Instant t = Instant.parse("2026-11-24T10:00:00Z");
        Path a = naming.newSegment("cam", t, "mp4");
        java.nio.file.Files.writeString(a, "x");
        Path b = naming.newSegment("cam", t, "mp4");
        assertThat(a.toString()).endsWith("cam/2026-11-24/cam_20261124T100000Z.mp4");
        assertThat(b.getFileName().toString()).isEqualTo("cam_20261124T100000Z-1.mp4");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SegmentNaming(dir, "../{device}_{datetime}.{ext}"))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SegmentNaming(dir, "{camera}_{datetime}.{ext}"))
                .hasMessageContaining("{camera}");
    }

    /** The clip's frames with every timestamp from {@code atSecond} on moved by {@code shiftSeconds}. */
    private static List<Frame> withTimestampShift(List<Frame> frames, double atSecond, double shiftSeconds) {
        List<Frame> out = new ArrayList<>();
        for (Frame f : frames) {
            int ts = f.format().timescale();
            boolean after = f.dts() >= (long) (atSecond * ts);
            long shift = after ? (long) (shiftSeconds * ts) : 0;
            out.add(new Frame(f.track(), f.format(), f.pts() + shift, f.dts() + shift, f.keyframe(), f.data()));
        }
        return out;
    }

    private static List<TrackFormat> tracks(Path clip) throws IOException {
        try (Mp4Demuxer d = Mp4Demuxer.open(clip)) {
            return List.copyOf(d.tracks());
        }
    }

    /** Fails unless every stream's decode times in the file strictly increase. */
    private void assertStrictlyIncreasingDts(Path file) {
        assertThat(oracle.nonIncreasingDts(file)).as("decode times going backwards in %s", file.getFileName())
                .isEmpty();
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"mp4", "flv", "ts"})
    void timestampsSteppingBack100MillisecondsAreAbsorbedInOneSegmentWithIncreasingDts(String container)
            throws IOException {
        // what VLC's RTSP output does at every loop of its file: both tracks step back by about 100 ms
        Path clip = Fixtures.get(FixtureSpec.h264Aac().withDuration(4));
        List<Frame> frames = withTimestampShift(frames(clip), 2.0, -0.1);
        RecordingConfig config = RecordingConfig.of(dir, "cam", Duration.ofHours(1))
                .withContainer(io.rtsprecorder.media.mux.Container.forRecording(container));
        List<Path> files;
        ManualClock clock = new ManualClock(Instant.parse("2026-12-01T10:00:00Z"));
        List<Path> opened = new ArrayList<>();
        long absorbed;
        try (Recording recording = new Recording(config, tracks(clip), clock, listener(opened))) {
            for (Frame f : frames) {
                recording.frame(f);
            }
            absorbed = recording.timestampStepsAbsorbed() + 10 * recording.discontinuities();
        }
        files = opened;
        assertThat(files).hasSize(1);
        assertStrictlyIncreasingDts(files.get(0));
        assertThat(oracle.decodeErrors(files.get(0))).isEmpty();
        assertThat(oracle.probe(files.get(0)).duration()).isCloseTo(4.0, org.assertj.core.data.Offset.offset(0.2));
        assertThat(absorbed).as("steps absorbed (one per track)").isEqualTo(2);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"mp4", "flv", "ts"})
    void aTimestampJumpOfThirtySecondsStartsANewSegmentAndNeitherHoldsTheJump(String container) throws IOException {
        // an encoder restart at 2 s: every timestamp from there on is 30 s ahead, on a keyframe (1 s GOP)
        Path clip = Fixtures.get(FixtureSpec.h264Aac().withDuration(4));
        List<Frame> frames = withTimestampShift(frames(clip), 2.0, 30);
        RecordingConfig config = RecordingConfig.of(dir, "cam", Duration.ofHours(1))
                .withContainer(io.rtsprecorder.media.mux.Container.forRecording(container));
        ManualClock clock = new ManualClock(Instant.parse("2026-12-01T10:00:00Z"));
        List<Path> files = new ArrayList<>();
        try (Recording recording = new Recording(config, tracks(clip), clock, listener(files))) {
            for (Frame f : frames) {
                clock.set(Instant.parse("2026-12-01T10:00:00Z").plusMillis(
                        Math.min(f.dts(), 2L * f.format().timescale()) * 1000 / f.format().timescale()));
                recording.frame(f);
            }
            assertThat(recording.discontinuities()).as("one jump per track").isEqualTo(2);
        }
        assertThat(files).hasSize(2);
        for (Path f : files) {
            assertThat(oracle.decodeErrors(f)).as("decode errors in %s", f.getFileName()).isEmpty();
            assertStrictlyIncreasingDts(f);
            assertThat(oracle.probe(f).duration()).as("duration of %s", f.getFileName())
                    .isCloseTo(2.0, org.assertj.core.data.Offset.offset(0.2));
        }
    }

    private static SegmentListener listener(List<Path> opened) {
        return new SegmentListener() {
            @Override
            public void opened(Path file, Instant wallClockStart, long mediaStartMicros) {
                opened.add(file);
            }

            @Override
            public void closed(Path file, double durationSeconds, long bytes) {
            }
        };
    }
}
