package io.rtsprecorder.media.mux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rtsprecorder.media.codec.Codec;
import io.rtsprecorder.media.codec.CodecFormatException;
import io.rtsprecorder.media.codec.Frame;
import io.rtsprecorder.media.codec.TrackFormat;
import io.rtsprecorder.media.demux.Mp4Demuxer;
import io.rtsprecorder.media.testing.Clips;
import io.rtsprecorder.media.testing.Fixtures;
import io.rtsprecorder.testsupport.FixtureSpec;
import io.rtsprecorder.testsupport.MediaOracle;
import io.rtsprecorder.testsupport.StreamInfo;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What {@link Container} says it carries is what its writer really writes: every container against one real clip
 * per codec and audio layout, through the writer itself (without the container's own check), judged by ffprobe.
 * If the type and a writer ever disagree, a row here fails.
 */
class ContainerTest {

    private static final Instant START = Instant.parse("2026-11-24T10:00:00Z");
    /** ffprobe's name for the codec a file holds. */
    private static final Map<Codec, String> FFPROBE_NAMES = Map.of(Codec.H264, "h264", Codec.H265, "hevc",
            Codec.AAC, "aac", Codec.PCMA, "pcm_alaw", Codec.PCMU, "pcm_mulaw", Codec.LPCM, "pcm_s16le");

    private final MediaOracle oracle = MediaOracle.get();

    @TempDir
    Path dir;

    /** One-track clips: each codec the library carries, and the audio layouts containers treat differently. */
    static Stream<Arguments> tracks() {
        FixtureSpec video = FixtureSpec.h264Aac().withDuration(1).withAudio(null, 0, 0);
        FixtureSpec audio = FixtureSpec.h264Aac().withDuration(1).withVideo(null, false);
        return Stream.of(
                Arguments.of("H.264", video),
                Arguments.of("H.265", video.withVideo("h265", false)),
                Arguments.of("AAC 48 kHz", audio),
                Arguments.of("G.711 A-law 8 kHz mono", audio.withAudio("pcm_alaw", 8000, 1)),
                Arguments.of("G.711 mu-law 8 kHz mono", audio.withAudio("pcm_mulaw", 8000, 1)),
                Arguments.of("G.711 A-law 16 kHz mono", audio.withAudio("pcm_alaw", 16000, 1)),
                Arguments.of("G.711 A-law 8 kHz stereo", audio.withAudio("pcm_alaw", 8000, 2)),
                Arguments.of("16-bit PCM 8 kHz", audio.withAudio("pcm_s16le", 8000, 1)),
                Arguments.of("16-bit PCM 16 kHz", audio.withAudio("pcm_s16le", 16000, 1)));
    }

    static Stream<Arguments> containersAndTracks() {
        List<Arguments> rows = new ArrayList<>();
        for (Container c : Container.values()) {
            tracks().forEach(t -> rows.add(Arguments.of(c, t.get()[0], t.get()[1])));
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "{0} x {1}")
    @MethodSource("containersAndTracks")
    void whatTheContainerSaysItCarriesIsWhatItsWriterWrites(Container container, String name, FixtureSpec spec)
            throws IOException {
        Path clip = Fixtures.get(spec);
        TrackFormat track;
        try (Mp4Demuxer d = Mp4Demuxer.open(clip)) {
            assertThat(d.tracks()).hasSize(1);
            track = d.tracks().get(0);
        }
        Container.Carriage carriage = container.carriage(track);
        Path out = dir.resolve("out." + container.extension());
        boolean written;
        try {
            write(container, clip, out);
            written = true;
        } catch (CodecFormatException e) {
            written = false;
        }
        assertThat(written).as("%s writer accepts %s (container says: %s)", container.displayName(), name, carriage)
                .isEqualTo(carriage.carried());
        if (!written) {
            assertThat(carriage.note()).as("reason for the user").isNotBlank();
            assertThat(out).as("a refused writer leaves no file").doesNotExist();
            return;
        }
        assertThat(oracle.decodeErrors(out)).isEmpty();
        List<StreamInfo> streams = oracle.probe(out).streams();
        assertThat(streams).hasSize(1);
        Codec stored = carriage.mode() == Container.Carriage.Mode.CONVERTED ? Codec.LPCM : track.codec();
        assertThat(streams.get(0).codecName()).isEqualTo(FFPROBE_NAMES.get(stored));
        if (track.codec().isAudio()) {
            assertThat(streams.get(0).sampleRate()).isEqualTo(spec.sampleRate());
            assertThat(streams.get(0).channels()).isEqualTo(spec.channels());
        }
    }

    /** The clip through the container's writer as the container builds it, but without its carriage check. */
    private static void write(Container container, Path clip, Path out) throws IOException {
        if (container == Container.PROGRESSIVE_MP4) {
            try (Mp4Demuxer d = Mp4Demuxer.open(clip)) {
                FrameSource source = () -> frames(clip);
                ProgressiveMp4Writer w = ProgressiveMp4Writer.plan(d.tracks(), START, source);
                try (FileChannel ch = FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    w.write(ch, source);
                }
            }
            return;
        }
        Clips.copyFromFirstKeyframe(clip, tracks -> container.writer(out, tracks, START, Duration.ofSeconds(1)));
    }

    private static FrameReader frames(Path clip) throws IOException {
        Mp4Demuxer d = Mp4Demuxer.open(clip);
        return new FrameReader() {
            @Override
            public Frame next() throws IOException {
                return d.readFrame();
            }

            @Override
            public void close() throws IOException {
                d.close();
            }
        };
    }

    @Test
    void mp4MeansFragmentedWhenRecordingAndProgressiveWhenExporting() {
        assertThat(Container.forRecording("mp4")).isEqualTo(Container.FRAGMENTED_MP4);
        assertThat(Container.forRecording(" TS ")).isEqualTo(Container.MPEG_TS);
        assertThat(Container.forExport("mp4")).isEqualTo(Container.PROGRESSIVE_MP4);
        assertThat(Container.forExport("fmp4")).isEqualTo(Container.FRAGMENTED_MP4);
        assertThat(Container.recordingNames()).containsExactly("mp4", "flv", "ts");
        assertThat(Container.exportNames()).containsExactly("mp4", "fmp4", "ts", "flv");
        assertThatThrownBy(() -> Container.forRecording("fmp4")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown container 'fmp4'; accepted: mp4, flv, ts");
        assertThatThrownBy(() -> Container.forExport("mkv")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown export format 'mkv'; accepted: mp4, fmp4, ts, flv");
        assertThat(Container.PROGRESSIVE_MP4.recordable()).isFalse();
        assertThat(Container.forSegmentExtension("ts")).contains(Container.MPEG_TS);
        assertThat(Container.forSegmentExtension("mp4")).contains(Container.FRAGMENTED_MP4);
        assertThat(Container.forSegmentExtension("mkv")).isEmpty();
        assertThat(Container.MPEG_TS.contentType()).isEqualTo("video/mp2t");
        assertThat(Container.FLV.contentType()).isEqualTo("video/x-flv");
        assertThat(Container.FRAGMENTED_MP4.extension()).isEqualTo(Container.PROGRESSIVE_MP4.extension());
    }

    @Test
    void onlyH265InFlvCarriesAPlayerCaveat() {
        TrackFormat h265 = TrackFormat.video(Codec.H265, 640, 360, List.of());
        TrackFormat h264 = TrackFormat.video(Codec.H264, 640, 360, List.of());
        assertThat(Container.FLV.playerCaveat(h265)).hasValueSatisfying(c -> assertThat(c)
                .contains("enhanced FLV", "ffmpeg 6.1", "ffmpeg 5.1", "VLC 3"));
        assertThat(Container.FLV.playerCaveat(h264)).isEmpty();
        for (Container c : List.of(Container.FRAGMENTED_MP4, Container.PROGRESSIVE_MP4, Container.MPEG_TS)) {
            assertThat(c.playerCaveat(h265)).as("%s", c).isEqualTo(Optional.empty());
        }
    }

    @Test
    void createRefusesATrackTheContainerCannotCarryBeforeAnyFileExists() {
        TrackFormat alaw = TrackFormat.audio(Codec.PCMA, 8000, 1, null);
        Path out = dir.resolve("x.ts");
        assertThatThrownBy(() -> Container.MPEG_TS.create(out, List.of(alaw), START, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no standard G.711 stream type");
        assertThat(out).doesNotExist();
    }

    @Test
    void selectionNumbersTheCarriedTracksFromZeroAndNamesTheOthers() {
        TrackFormat alaw = TrackFormat.audio(Codec.PCMA, 8000, 1, null);
        TrackFormat h265 = TrackFormat.video(Codec.H265, 640, 360, List.of());
        TrackSelection s = Container.MPEG_TS.select(List.of(alaw, h265));
        assertThat(s.fileTrack(0)).isEqualTo(-1);
        assertThat(s.fileTrack(1)).isZero();
        assertThat(s.carried(List.of(alaw, h265))).containsExactly(h265);
        assertThat(s.skipped()).singleElement().satisfies(t -> {
            assertThat(t.track()).isZero();
            assertThat(t.codec()).isEqualTo(Codec.PCMA);
            assertThat(t.reason()).contains("MPEG-TS", "G.711", "record mp4 or flv");
        });
        assertThat(Container.FRAGMENTED_MP4.select(List.of(alaw, h265)).skipsAny()).isFalse();
        assertThat(Container.MPEG_TS.select(List.of(alaw)).none()).isTrue();
    }
}
