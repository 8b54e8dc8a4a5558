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
        RecordingConfig config = new RecordingConfig(dir, "cam", null, Duration.ofSeconds(10), true, null, null);
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
}
