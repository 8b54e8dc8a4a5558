package io.rtsprecorder.media.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.rtsprecorder.media.codec.Codec;
import io.rtsprecorder.media.codec.Frame;
import io.rtsprecorder.media.codec.TrackFormat;
import io.rtsprecorder.media.demux.Mp4Demuxer;
import io.rtsprecorder.media.mux.Container;
import io.rtsprecorder.media.mux.SkippedTrack;
import io.rtsprecorder.media.testing.Fixtures;
import io.rtsprecorder.testsupport.FixtureSpec;
import io.rtsprecorder.testsupport.ManualClock;
import io.rtsprecorder.testsupport.MediaOracle;
import io.rtsprecorder.testsupport.ProbeResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * A track the container cannot carry is left out of the session's segments, visibly, and the rest is recorded:
 * the H.265 + G.711 camera (many Hikvision and Dahua models) into MPEG-TS, G.711 beyond 8 kHz mono and 16-bit PCM
 * into FLV. Clips are the mock camera's {@code /h265} sample and variants of it, fed as a session delivers them.
 */
class RecordingSkippedTracksTest {

    private static final Instant START = Instant.parse("2026-11-24T10:00:00Z");
    private static final FixtureSpec H265_ALAW = FixtureSpec.h265Alaw().withDuration(4);

    private final MediaOracle oracle = MediaOracle.get();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger recordingLog = (Logger) LoggerFactory.getLogger(Recording.class);

    @TempDir
    Path dir;

    @BeforeEach
    void captureLogs() {
        logs.start();
        recordingLog.addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        recordingLog.detachAppender(logs);
    }

    /** A clip's tracks and frames, in file order. */
    private record Source(List<TrackFormat> tracks, List<Frame> frames) {
        static Source of(FixtureSpec spec) throws IOException {
            List<Frame> frames = new ArrayList<>();
            try (Mp4Demuxer d = Mp4Demuxer.open(Fixtures.get(spec))) {
                for (Frame f = d.readFrame(); f != null; f = d.readFrame()) {
                    frames.add(f);
                }
                return new Source(d.tracks(), frames);
            }
        }

        /** The same stream with its two tracks listed the other way round, as some cameras' SDP does. */
        Source swapped() {
            List<Frame> renumbered = frames.stream().map(f -> new Frame(1 - f.track(), f.format(), f.pts(), f.dts(),
                    f.keyframe(), f.data())).toList();
            return new Source(List.of(tracks.get(1), tracks.get(0)), renumbered);
        }
    }

    /** Records the source in one segment; returns the recording (closed) and checks every file decodes cleanly. */
    private Recording record(Container container, Source source, List<Path> files) throws IOException {
        ManualClock clock = new ManualClock(START);
        Recording recording = new Recording(RecordingConfig.of(dir, "gate", Duration.ofHours(1))
                .withContainer(container), source.tracks(), clock, new SegmentListener() {
                    @Override
                    public void opened(Path file, Instant wallClockStart, long mediaStartMicros) {
                        files.add(file);
                    }

                    @Override
                    public void closed(Path file, double durationSeconds, long bytes) {
                    }
                });
        try (recording) {
            for (Frame f : source.frames()) {
                clock.set(START.plusNanos(Math.max(0, f.dts()) * 1_000_000_000L / f.format().timescale()));
                recording.frame(f);
            }
        }
        for (Path f : files) {
            assertThat(oracle.decodeErrors(f)).as("decode errors of %s", f.getFileName()).isEmpty();
        }
        return recording;
    }

    private List<String> warnings() {
        return logs.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    private static ProbeResult assertVideoOnly(ProbeResult probe, FixtureSpec spec) {
        assertThat(probe.video()).isPresent();
        assertThat(probe.video().orElseThrow().codecName()).isEqualTo("hevc");
        assertThat(probe.video().orElseThrow().frameCount()).isEqualTo(spec.videoFrameCount());
        assertThat(probe.audio()).as("no audio stream").isEmpty();
        return probe;
    }

    @Test
    void h265WithG711IntoTsRecordsTheVideoAndNamesTheSkippedAudio() throws IOException {
        List<Path> files = new ArrayList<>();
        Recording recording = record(Container.MPEG_TS, Source.of(H265_ALAW), files);

        assertThat(files).hasSize(1);
        assertVideoOnly(oracle.probe(files.get(0), true), H265_ALAW);
        assertThat(recording.skippedTracks()).singleElement().satisfies(t -> {
            assertThat(t.track()).isEqualTo(1);
            assertThat(t.codec()).isEqualTo(Codec.PCMA);
            assertThat(t.reason()).isEqualTo("MPEG-TS has no standard G.711 stream type"
                    + " (record mp4 or flv to keep this audio)");
        });
        assertThat(recording.framesWritten(0)).isEqualTo(H265_ALAW.videoFrameCount());
        assertThat(recording.framesWritten(1)).isZero();
        assertThat(warnings()).as("one warning per session, naming camera, codec and reason").singleElement()
                .satisfies(w -> assertThat(w).contains("gate", "PCMA", "no standard G.711 stream type"));
    }

    @Test
    void aSkippedTrackListedBeforeTheVideoLeavesTheVideoWhole() throws IOException {
        List<Path> files = new ArrayList<>();
        Recording recording = record(Container.MPEG_TS, Source.of(H265_ALAW).swapped(), files);

        assertThat(files).hasSize(1);
        assertVideoOnly(oracle.probe(files.get(0), true), H265_ALAW);
        assertThat(recording.skippedTracks()).extracting(SkippedTrack::track).containsExactly(0);
        assertThat(recording.framesWritten(1)).isEqualTo(H265_ALAW.videoFrameCount());
    }

    static Stream<Arguments> audioFlvCannotCarry() {
        return Stream.of(
                Arguments.of("G.711 A-law 16 kHz", H265_ALAW.withAudio("pcm_alaw", 16_000, 1), Codec.PCMA,
                        "only as 8 kHz mono"),
                Arguments.of("16-bit PCM 8 kHz", H265_ALAW.withAudio("pcm_s16le", 8000, 1), Codec.LPCM,
                        "16-bit PCM"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("audioFlvCannotCarry")
    void h265WithAudioFlvCannotCarryRecordsTheVideoAndSaysWhichPlayersReadIt(String name, FixtureSpec spec,
                                                                              Codec audio, String reason)
            throws IOException {
        List<Path> files = new ArrayList<>();
        Recording recording = record(Container.FLV, Source.of(spec), files);

        assertThat(files).hasSize(1);
        ProbeResult probe = assertVideoOnly(oracle.probe(files.get(0), true), spec);
        assertThat(probe.formatName()).isEqualTo("flv");
        assertThat(recording.skippedTracks()).singleElement().satisfies(t -> {
            assertThat(t.codec()).isEqualTo(audio);
            assertThat(t.reason()).contains(reason);
        });
        assertThat(warnings()).hasSize(2);
        assertThat(warnings()).filteredOn(w -> w.contains(audio.name())).singleElement()
                .satisfies(w -> assertThat(w).contains("gate", reason));
        assertThat(warnings()).filteredOn(w -> w.contains("enhanced FLV")).singleElement()
                .satisfies(w -> assertThat(w).contains("ffmpeg 6.1", "VLC 3"));
    }

    @Test
    void h265WithG711IntoMp4KeepsBothTracksWithTheAudioAs16BitPcm() throws IOException {
        List<Path> files = new ArrayList<>();
        Recording recording = record(Container.FRAGMENTED_MP4, Source.of(H265_ALAW), files);

        assertThat(files).hasSize(1);
        ProbeResult probe = oracle.probe(files.get(0), true);
        assertThat(probe.video().orElseThrow().codecName()).isEqualTo("hevc");
        assertThat(probe.video().orElseThrow().frameCount()).isEqualTo(H265_ALAW.videoFrameCount());
        assertThat(probe.audio().orElseThrow().codecName()).isEqualTo("pcm_s16le");
        assertThat(probe.audio().orElseThrow().sampleRate()).isEqualTo(8000);
        assertThat(recording.skippedTracks()).isEmpty();
        assertThat(warnings()).isEmpty();
    }

    @Test
    void anAudioOnlyG711StreamIntoTsFailsWithATypedErrorAndWritesNoFile() throws IOException {
        Source audioOnly = Source.of(H265_ALAW.withVideo(null, false));
        RecordingConfig config = RecordingConfig.of(dir, "gate", Duration.ofHours(1)).withContainer(Container.MPEG_TS);

        assertThatThrownBy(() -> new Recording(config, audioOnly.tracks(), new ManualClock(START),
                SegmentListener.NONE))
                .isInstanceOfSatisfying(NoRecordableTrackException.class, e -> {
                    assertThat(e.skippedTracks()).extracting(SkippedTrack::codec).containsExactly(Codec.PCMA);
                    assertThat(e.getMessage()).contains("MPEG-TS", "none of the stream's tracks",
                            "no standard G.711 stream type");
                });
        try (Stream<Path> left = Files.walk(dir)) {
            assertThat(left.filter(Files::isRegularFile)).isEmpty();
        }
    }
}
