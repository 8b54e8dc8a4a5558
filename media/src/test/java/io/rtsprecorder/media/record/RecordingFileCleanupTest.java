package io.rtsprecorder.media.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rtsprecorder.media.codec.Codec;
import io.rtsprecorder.media.codec.Frame;
import io.rtsprecorder.media.codec.TrackFormat;
import io.rtsprecorder.media.demux.Mp4Demuxer;
import io.rtsprecorder.media.mux.Container;
import io.rtsprecorder.media.testing.Fixtures;
import io.rtsprecorder.testsupport.FixtureSpec;
import io.rtsprecorder.testsupport.ManualClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A segment file never stays behind without media: not when the session ends before the first frame that can open
 * one, not when the writer cannot start, not when its first write fails.
 */
class RecordingFileCleanupTest {

    private static final Instant START = Instant.parse("2026-11-24T10:00:00Z");
    /** An H.264 SPS (type 7) with no PPS: enough to open a segment, not enough to describe the stream. */
    private static final TrackFormat INCOMPLETE_H264 = TrackFormat.video(Codec.H264, 640, 360,
            List.of(new byte[] {0x67, 0x42, 0x00, 0x1E}));

    @TempDir
    Path dir;

    /** What the recording told its listener. */
    private static final class Events implements SegmentListener {
        final List<Path> opened = new ArrayList<>();
        final List<Path> closed = new ArrayList<>();
        final List<Path> discarded = new ArrayList<>();

        @Override
        public void opened(Path file, Instant wallClockStart, long mediaStartMicros) {
            opened.add(file);
        }

        @Override
        public void closed(Path file, double durationSeconds, long bytes) {
            closed.add(file);
        }

        @Override
        public void discarded(Path file) {
            discarded.add(file);
        }
    }

    private List<Path> filesLeft() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    private Recording recording(Container container, List<TrackFormat> tracks, Events events) {
        return new Recording(RecordingConfig.of(dir, "gate", Duration.ofHours(1)).withContainer(container), tracks,
                new ManualClock(START), events);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Container.class, names = {"FRAGMENTED_MP4", "FLV", "MPEG_TS"})
    void aSessionThatEndsBeforeItsFirstKeyframeLeavesNoFile(Container container) throws IOException {
        Path clip = Fixtures.get(FixtureSpec.h264Aac().withDuration(2));
        Events events = new Events();
        try (Mp4Demuxer d = Mp4Demuxer.open(clip); Recording r = recording(container, d.tracks(), events)) {
            for (Frame f = d.readFrame(); f != null; f = d.readFrame()) {
                if (!(f.format().codec().isVideo() && f.keyframe())) {
                    r.frame(f); // audio and pictures that cannot be decoded without the keyframe
                }
            }
            assertThat(r.framesDropped()).isPositive();
        }
        Events none = new Events();
        recording(container, List.of(INCOMPLETE_H264), none).close(); // a session with no frame at all
        assertThat(events.opened).isEmpty();
        assertThat(none.opened).isEmpty();
        assertThat(filesLeft()).isEmpty();
    }

    @Test
    void aWriterThatCannotStartLeavesNoFile() throws IOException {
        // fragmented MP4 writes the codec configuration into its header: without a PPS there is none to write
        Events events = new Events();
        Recording r = recording(Container.FRAGMENTED_MP4, List.of(INCOMPLETE_H264), events);
        assertThatThrownBy(() -> r.frame(keyframe())).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("without SPS and PPS");
        r.close();
        assertThat(events.opened).isEmpty();
        assertThat(filesLeft()).isEmpty();
    }

    @Test
    void aWriterWhoseFirstWriteFailsLeavesNoFile() throws IOException {
        // FLV writes its file header at once and the codec configuration with the first frame: that write fails
        Events events = new Events();
        Recording r = recording(Container.FLV, List.of(INCOMPLETE_H264), events);
        assertThatThrownBy(() -> r.frame(keyframe())).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("without SPS and PPS");
        r.close();
        assertThat(events.opened).hasSize(1);
        assertThat(events.discarded).isEqualTo(events.opened);
        assertThat(events.closed).isEmpty();
        assertThat(filesLeft()).isEmpty();
    }

    private static Frame keyframe() {
        return new Frame(0, INCOMPLETE_H264, 0, 0, true, new byte[] {0, 0, 0, 2, 0x65, 0x00});
    }
}
