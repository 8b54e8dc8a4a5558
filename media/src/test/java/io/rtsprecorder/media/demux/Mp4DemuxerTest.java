package io.rtsprecorder.media.demux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rtsprecorder.media.codec.Codec;
import io.rtsprecorder.media.codec.Frame;
import io.rtsprecorder.media.codec.NalUnits;
import io.rtsprecorder.media.codec.TrackFormat;
import io.rtsprecorder.media.testing.Fixtures;
import io.rtsprecorder.testsupport.FixtureSpec;
import io.rtsprecorder.testsupport.MediaOracle;
import io.rtsprecorder.testsupport.PacketInfo;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class Mp4DemuxerTest {

    private final MediaOracle oracle = MediaOracle.get();

    @TempDir
    Path dir;

    static Stream<Arguments> clips() {
        return Stream.of(
                Arguments.of("h264+aac", FixtureSpec.h264Aac().withDuration(3), Codec.H264, Codec.AAC),
                Arguments.of("h265+alaw", FixtureSpec.h265Alaw().withDuration(3), Codec.H265, Codec.PCMA),
                Arguments.of("h264 bframes", FixtureSpec.h264BFramesAac().withDuration(3), Codec.H264, Codec.AAC),
                Arguments.of("h264+mulaw", FixtureSpec.h264Aac().withDuration(3).withAudio("pcm_mulaw", 8000, 1),
                        Codec.H264, Codec.PCMU),
                Arguments.of("h264+s16le", FixtureSpec.h264Aac().withDuration(2).withAudio("pcm_s16le", 16000, 2),
                        Codec.H264, Codec.LPCM),
                Arguments.of("fragmented h264+aac", FixtureSpec.h264Aac().withDuration(3).withFragmented(true),
                        Codec.H264, Codec.AAC),
                Arguments.of("fragmented h265 video only",
                        FixtureSpec.h265Alaw().withDuration(3).withAudio(null, 0, 0).withFragmented(true),
                        Codec.H265, null),
                Arguments.of("aac only", FixtureSpec.h264Aac().withDuration(3).withVideo(null, false), null,
                        Codec.AAC));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clips")
    void framesMatchWhatFfprobeSeesInTheFile(String name, FixtureSpec spec, Codec video,
            Codec audio) throws IOException {
        Path clip = Fixtures.get(spec);
        List<Frame> frames = readAll(clip);
        try (Mp4Demuxer demuxer = Mp4Demuxer.open(clip)) {
            List<Codec> codecs = demuxer.tracks().stream().map(TrackFormat::codec).toList();
            List<Codec> expected = Stream.of(video, audio).filter(c -> c != null).toList();
            assertThat(codecs).containsExactlyElementsOf(expected);
            assertThat(demuxer.truncated()).isFalse();
        }
        if (video != null) {
            List<Frame> videoFrames = frames.stream().filter(f -> f.format().codec() == video).toList();
            List<PacketInfo> packets = oracle.packets(clip, "v");
            assertThat(videoFrames).hasSize(packets.size()).hasSize(spec.videoFrameCount());
            TrackFormat format = videoFrames.get(0).format();
            assertThat(format.width()).isEqualTo(spec.width());
            assertThat(format.height()).isEqualTo(spec.height());
            assertThat(format.parameterSets()).hasSize(video == Codec.H265 ? 3 : 2);
            for (int i = 0; i < packets.size(); i++) {
                Frame f = videoFrames.get(i);
                PacketInfo p = packets.get(i);
                assertThat(f.keyframe()).as("keyframe of frame %d", i).isEqualTo(p.keyframe());
                double pts = f.pts() / (double) format.timescale();
                assertThat(pts).as("pts of frame %d", i).isCloseTo(p.ptsTime() - packets.get(0).ptsTime()
                        + firstPts(videoFrames), org.assertj.core.data.Offset.offset(0.002));
            }
            assertThat(videoFrames.stream().filter(Frame::keyframe).count())
                    .isEqualTo((long) Math.ceil(spec.videoFrameCount() / (double) spec.gopFrames()));
        }
        if (audio != null) {
            List<Frame> audioFrames = frames.stream().filter(f -> f.format().codec() == audio).toList();
            assertThat(audioFrames).isNotEmpty();
            TrackFormat format = audioFrames.get(0).format();
            assertThat(format.sampleRate()).isEqualTo(spec.sampleRate());
            assertThat(format.channels()).isEqualTo(spec.channels());
            if (audio == Codec.AAC) {
                assertThat(format.audioSpecificConfig()).hasSizeGreaterThanOrEqualTo(2);
                assertThat(audioFrames).hasSize(oracle.packets(clip, "a").size());
            } else {
                int bytesPerSample = (audio == Codec.LPCM ? 2 : 1) * spec.channels();
                long totalSamples = audioFrames.stream().mapToLong(f -> f.data().length / bytesPerSample).sum();
                assertThat(totalSamples).isCloseTo((long) (spec.durationSeconds() * spec.sampleRate()),
                        org.assertj.core.data.Offset.offset((long) spec.sampleRate() / 10));
                assertThat(audioFrames).allMatch(f -> f.data().length / bytesPerSample <= spec.sampleRate() / 50);
            }
        }
        for (int t = 0; t < 2; t++) {
            final int track = t;
            long[] dts = frames.stream().filter(f -> f.track() == track).mapToLong(Frame::dts).toArray();
            for (int i = 1; i < dts.length; i++) {
                assertThat(dts[i]).as("dts monotonic in track %d", track).isGreaterThan(dts[i - 1]);
            }
        }
    }

    private static double firstPts(List<Frame> frames) {
        return frames.get(0).pts() / (double) frames.get(0).format().timescale();
    }

    @Test
    void demuxedH264DecodesCleanlyAsAnnexBStream() throws IOException {
        FixtureSpec spec = FixtureSpec.h264BFramesAac().withDuration(2);
        Path annexB = writeAnnexB(Fixtures.get(spec), Codec.H264, "out.h264");
        assertThat(oracle.decodeErrors(annexB)).isEmpty();
        assertThat(oracle.probe(annexB, true).video().orElseThrow().frameCount()).isEqualTo(spec.videoFrameCount());
    }

    @Test
    void demuxedH265DecodesCleanlyAsAnnexBStream() throws IOException {
        FixtureSpec spec = FixtureSpec.h265Alaw().withDuration(2);
        Path annexB = writeAnnexB(Fixtures.get(spec), Codec.H265, "out.hevc");
        assertThat(oracle.decodeErrors(annexB)).isEmpty();
        assertThat(oracle.probe(annexB, true).video().orElseThrow().frameCount()).isEqualTo(spec.videoFrameCount());
    }

    private Path writeAnnexB(Path clip, Codec codec, String name) throws IOException {
        Path out = dir.resolve(name);
        List<byte[]> units = new ArrayList<>();
        for (Frame f : readAll(clip)) {
            if (f.format().codec() == codec) {
                if (f.keyframe()) {
                    units.addAll(f.format().parameterSets());
                }
                units.addAll(NalUnits.splitLengthPrefixed(f.data()));
            }
        }
        Files.write(out, NalUnits.toAnnexB(units));
        return out;
    }

    @Test
    void fragmentedFileCutInsideTheLastFragmentYieldsEveryCompleteFragment() throws IOException {
        Path clip = Fixtures.get(FixtureSpec.h264Aac().withDuration(4).withFragmented(true));
        int complete = readAll(clip).size();
        Path cut = dir.resolve("cut.mp4");
        Files.copy(clip, cut);
        try (RandomAccessFile f = new RandomAccessFile(cut.toFile(), "rw")) {
            f.setLength(f.length() - 3000);
        }
        try (Mp4Demuxer demuxer = Mp4Demuxer.open(cut)) {
            assertThat(demuxer.truncated()).isTrue();
            int n = 0;
            while (demuxer.readFrame() != null) {
                n++;
            }
            // the file holds one fragment per 1 s GOP: losing the last leaves 3 of 4 seconds of frames
            assertThat(n).isLessThan(complete).isGreaterThan(complete * 6 / 10);
        }
    }

    @Test
    void progressiveFileCutInsideMoovIsAClearError() throws IOException {
        Path clip = Fixtures.get(FixtureSpec.h264Aac().withDuration(1));
        byte[] bytes = Files.readAllBytes(clip);
        int moov = indexOf(bytes, "moov") - 4;
        Path cut = dir.resolve("cut.mp4");
        Files.write(cut, java.util.Arrays.copyOf(bytes, moov + 200 > bytes.length ? bytes.length - 10 : moov + 200));
        assertThatThrownBy(() -> Mp4Demuxer.open(cut).close())
                .isInstanceOf(Mp4FormatException.class)
                .hasMessageContaining("moov");
    }

    @Test
    void rewindRestartsFromTheFirstFrame() throws IOException {
        Path clip = Fixtures.get(FixtureSpec.h264Aac().withDuration(1));
        try (Mp4Demuxer demuxer = Mp4Demuxer.open(clip)) {
            List<Frame> first = new ArrayList<>();
            for (Frame f = demuxer.readFrame(); f != null; f = demuxer.readFrame()) {
                first.add(f);
            }
            demuxer.rewind();
            for (Frame expected : first) {
                Frame again = demuxer.readFrame();
                assertThat(again.pts()).isEqualTo(expected.pts());
                assertThat(again.data()).isEqualTo(expected.data());
            }
            assertThat(demuxer.readFrame()).isNull();
        }
    }

    @Test
    void garbageIsNotAnMp4File() throws IOException {
        byte[] junk = "this is not a video at all, not even close".getBytes();
        assertThatThrownBy(() -> Mp4Demuxer.open(new ByteArrayChannel(junk)).close())
                .isInstanceOf(Mp4FormatException.class);
    }

    static List<Frame> readAll(Path clip) throws IOException {
        List<Frame> frames = new ArrayList<>();
        try (Mp4Demuxer demuxer = Mp4Demuxer.open(clip)) {
            for (Frame f = demuxer.readFrame(); f != null; f = demuxer.readFrame()) {
                frames.add(f);
            }
        }
        return frames;
    }

    private static int indexOf(byte[] data, String fourcc) {
        byte[] needle = fourcc.getBytes();
        outer:
        for (int i = 0; i + 4 <= data.length; i++) {
            for (int k = 0; k < 4; k++) {
                if (data[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
