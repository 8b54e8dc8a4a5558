package io.rtsprecorder.media.mux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rtsprecorder.media.codec.Codec;
import io.rtsprecorder.media.codec.CodecFormatException;
import io.rtsprecorder.media.codec.TrackFormat;
import io.rtsprecorder.media.demux.Mp4Demuxer;
import io.rtsprecorder.media.testing.Clips;
import io.rtsprecorder.media.testing.Fixtures;
import io.rtsprecorder.testsupport.FixtureSpec;
import io.rtsprecorder.testsupport.MediaOracle;
import io.rtsprecorder.testsupport.ProbeResult;
import io.rtsprecorder.testsupport.StreamInfo;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FragmentedMp4WriterTest {

    private final MediaOracle oracle = MediaOracle.get();

    @TempDir
    Path dir;

    static Stream<Arguments> clips() {
        return Stream.of(
                Arguments.of("h264+aac", FixtureSpec.h264Aac().withDuration(4), "h264", "aac"),
                Arguments.of("h265+alaw as pcm", FixtureSpec.h265Alaw().withDuration(4), "hevc", "pcm_s16le"),
                Arguments.of("h264 b-frames+aac", FixtureSpec.h264BFramesAac().withDuration(4), "h264", "aac"),
                Arguments.of("h264+mulaw as pcm", FixtureSpec.h264Aac().withDuration(3).withAudio("pcm_mulaw", 8000, 1),
                        "h264", "pcm_s16le"),
                Arguments.of("video only", FixtureSpec.h264Aac().withDuration(3).withAudio(null, 0, 0), "h264", null),
                Arguments.of("aac only", FixtureSpec.h264Aac().withDuration(3).withVideo(null, false), null, "aac"));
    }

    static void copy(Path clip, Path out, Duration fragment) throws IOException {
        Clips.copyFromFirstKeyframe(clip, tracks -> FragmentedMp4Writer.create(out, tracks,
                Instant.parse("2026-11-24T10:00:00Z"), fragment));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clips")
    void recordedFileDecodesCleanlyWithEveryFrame(String name, FixtureSpec spec, String video, String audio)
            throws IOException {
        Path clip = Fixtures.get(spec);
        Path out = dir.resolve("out.mp4");
        copy(clip, out, Duration.ofSeconds(1));

        assertThat(oracle.decodeErrors(out)).isEmpty();
        ProbeResult probe = oracle.probe(out, true);
        ProbeResult source = oracle.probe(clip, true);
        assertThat(probe.duration()).isCloseTo(spec.durationSeconds(), org.assertj.core.data.Offset.offset(0.1));
        if (video != null) {
            StreamInfo v = probe.video().orElseThrow();
            assertThat(v.codecName()).isEqualTo(video);
            assertThat(v.width()).isEqualTo(spec.width());
            assertThat(v.frameCount()).isEqualTo(spec.videoFrameCount());
        }
        if (audio != null) {
            StreamInfo a = probe.audio().orElseThrow();
            assertThat(a.codecName()).isEqualTo(audio);
            assertThat(a.sampleRate()).isEqualTo(spec.sampleRate());
            if (audio.equals("aac")) {
                // ffmpeg's count of the source leaves out the priming frame its edit list hides; the copy starts at
                // the first keyframe, which drops the priming frame (but keeps it for audio-only clips)
                long sourceFrames = source.audio().orElseThrow().frameCount();
                assertThat(a.frameCount()).isBetween(sourceFrames, sourceFrames + 1);
            }
        }
        if (video != null && audio != null) {
            assertThat(Math.abs(probe.video().orElseThrow().startTime() - probe.audio().orElseThrow().startTime()))
                    .as("audio and video start together").isLessThan(0.1);
        }
    }

    @Test
    void bFramePresentationOrderIsKept() throws IOException {
        Path clip = Fixtures.get(FixtureSpec.h264BFramesAac().withDuration(2));
        Path out = dir.resolve("bframes.mp4");
        copy(clip, out, Duration.ofSeconds(1));
        Clips.assertCompositionOffsetsKept(clip, out, 0.002);
    }

    @Test
    void oneFragmentPerSecondWhateverTheGop() throws IOException {
        Path clip = Fixtures.get(FixtureSpec.h264Aac().withDuration(6).withGop(2.5));
        Path out = dir.resolve("frag.mp4");
        copy(clip, out, Duration.ofSeconds(1));
        byte[] bytes = Files.readAllBytes(out);
        int moofs = count(bytes, "moof");
        assertThat(moofs).isBetween(6, 7);
        assertThat(count(bytes, "prft")).isEqualTo(moofs);
        try (Mp4Demuxer demuxer = Mp4Demuxer.open(out)) {
            assertThat(demuxer.truncated()).isFalse();
            assertThat(demuxer.frameCount(0)).isEqualTo(150);
        }
    }

    @Test
    void everyKeyframeStartsAFragmentAndTheDemuxerListsFragmentsThatTileTheFile() throws IOException {
        // GOP 1.5 s, fragments 1 s: keyframes at 0, 1.5, 3, 4.5 fall inside timed fragments unless they cut
        Path clip = Fixtures.get(FixtureSpec.h264Aac().withDuration(6).withGop(1.5));
        Path out = dir.resolve("keys.mp4");
        copy(clip, out, Duration.ofSeconds(1));
        long keyframes = oracle.packets(out, "v").stream().filter(p -> p.keyframe()).count();
        assertThat(keyframes).isEqualTo(4);
        try (Mp4Demuxer demuxer = Mp4Demuxer.open(out)) {
            List<io.rtsprecorder.media.demux.Mp4Fragment> fragments = demuxer.fragments();
            assertThat(demuxer.referenceTrack()).isZero();
            assertThat(fragments).hasSizeBetween(7, 9);
            assertThat(fragments.get(0).offset()).isEqualTo(demuxer.initLength());
            for (int i = 1; i < fragments.size(); i++) {
                var previous = fragments.get(i - 1);
                assertThat(fragments.get(i).offset()).isEqualTo(previous.offset() + previous.length());
                assertThat(fragments.get(i).decodeTime()).isEqualTo(previous.decodeTime() + previous.duration());
            }
            var last = fragments.get(fragments.size() - 1);
            assertThat(last.offset() + last.length()).isEqualTo(Files.size(out));
            assertThat(fragments.stream().filter(f -> f.startsWithKey()).count()).isEqualTo(keyframes);
            assertThat(fragments.stream().mapToDouble(f -> f.duration() / 90_000.0).max().orElseThrow())
                    .as("no fragment much over the fragment duration").isLessThan(1.1);
            byte[] bytes = Files.readAllBytes(out);
            for (var f : fragments) {
                String first = new String(bytes, (int) f.offset() + 4, 4, java.nio.charset.StandardCharsets.US_ASCII);
                assertThat(first).isEqualTo("prft");
            }
        }
    }

    @Test
    void aHighBitrateStreamIsCutIntoFragmentsOfAtMostTheSizeCapPlusOneFrame() throws IOException {
        FixtureSpec spec = FixtureSpec.h264Aac().withSize(1920, 1080).withVideoBitrate("6M").withDuration(4)
                .withGop(2.0);
        Path out = dir.resolve("big.mp4");
        copy(Fixtures.get(spec), out, Duration.ofSeconds(1));
        byte[] bytes = Files.readAllBytes(out);
        List<Long> mdats = new java.util.ArrayList<>();
        for (int pos = 0; pos + 8 <= bytes.length; ) {
            long size = java.nio.ByteBuffer.wrap(bytes, pos, 4).getInt() & 0xFFFFFFFFL;
            if (new String(bytes, pos + 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1).equals("mdat")) {
                mdats.add(size - 8);
            }
            pos += (int) size;
        }
        long media = mdats.stream().mapToLong(Long::longValue).sum();
        assertThat(media / 4).as("about 6 Mbit/s: over twice the cap per second").isGreaterThan(
                2L * FragmentedMp4Writer.MAX_FRAGMENT_BYTES);
        assertThat(mdats.size()).as("cut by size, not only once a second").isGreaterThanOrEqualTo(
                (int) (media / (FragmentedMp4Writer.MAX_FRAGMENT_BYTES + 200_000)));
        assertThat(mdats.size()).isGreaterThanOrEqualTo(8);
        long largestFrame = 0;
        try (Mp4Demuxer demuxer = Mp4Demuxer.open(out)) {
            for (var f = demuxer.readFrame(); f != null; f = demuxer.readFrame()) {
                largestFrame = Math.max(largestFrame, f.data().length);
            }
        }
        // the cap, the frame that crossed it, and some audio
        long bound = FragmentedMp4Writer.MAX_FRAGMENT_BYTES + largestFrame + 8192;
        assertThat(mdats).allSatisfy(m -> assertThat(m).isLessThanOrEqualTo(bound));
        assertThat(oracle.decodeErrors(out)).isEmpty();
        assertThat(oracle.probe(out, true).video().orElseThrow().frameCount()).isEqualTo(spec.videoFrameCount());
    }

    @Test
    void theMediaHeldInMemoryIsAtMostTheSizeCapPlusTheFrameThatCrossedItAndNothingOnceClosed() throws IOException {
        FixtureSpec spec = FixtureSpec.h264Aac().withSize(1920, 1080).withVideoBitrate("6M").withDuration(4)
                .withGop(2.0);
        long[] held = {0, 0}; // most held, largest frame so far
        FragmentedMp4Writer[] made = new FragmentedMp4Writer[1];
        Clips.copyFromFirstKeyframe(Fixtures.get(spec), tracks -> new SegmentWriter() {
            private final FragmentedMp4Writer w = made[0] = FragmentedMp4Writer.create(dir.resolve("held.mp4"),
                    tracks, Instant.parse("2026-11-24T10:00:00Z"), Duration.ofSeconds(1));

            @Override
            public void write(io.rtsprecorder.media.codec.Frame frame) throws IOException {
                w.write(frame);
                held[1] = Math.max(held[1], frame.data().length);
                held[0] = Math.max(held[0], w.bufferedBytes());
                assertThat(w.bufferedBytes()).isLessThanOrEqualTo(
                        FragmentedMp4Writer.MAX_FRAGMENT_BYTES + held[1] + 8192);
            }

            @Override
            public void flush() throws IOException {
                w.flush();
            }

            @Override
            public long bytesWritten() {
                return w.bytesWritten();
            }

            @Override
            public double durationSeconds() {
                return w.durationSeconds();
            }

            @Override
            public void close() throws IOException {
                w.close();
            }
        });
        assertThat(held[0]).as("a fragment was held").isGreaterThan(FragmentedMp4Writer.MAX_FRAGMENT_BYTES / 2);
        assertThat(made[0].bufferedBytes()).as("closed").isZero();
    }

    @Test
    void durationsArePatchedIntoTheHeaderOnClose() throws IOException {
        Path out = dir.resolve("dur.mp4");
        copy(Fixtures.get(FixtureSpec.h264Aac().withDuration(5)), out, Duration.ofSeconds(1));
        // ffprobe without reading packets: the format duration comes from mvhd/mehd
        var r = oracle.ffprobe(Duration.ofSeconds(30), "-v", "error", "-show_entries", "format=duration",
                "-of", "csv=p=0", out.toString());
        assertThat(Double.parseDouble(r.stdout().strip())).isCloseTo(5.0, org.assertj.core.data.Offset.offset(0.05));
    }

    @Test
    void neverOverwritesAnExistingFile() throws IOException {
        Path out = dir.resolve("exists.mp4");
        Files.writeString(out, "keep me");
        Path clip = Fixtures.get(FixtureSpec.h264Aac().withDuration(1));
        assertThatThrownBy(() -> copy(clip, out, Duration.ofSeconds(1))).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readString(out)).isEqualTo("keep me");
    }

    @Test
    void aVideoTrackWithoutParameterSetsIsRefusedAndLeavesNoFile() {
        Path out = dir.resolve("x.mp4");
        TrackFormat noSps = TrackFormat.video(Codec.H264, 640, 360, List.of());
        assertThatThrownBy(() -> FragmentedMp4Writer.create(out, List.of(noSps), Instant.now(), Duration.ofSeconds(1)))
                .isInstanceOf(CodecFormatException.class).hasMessageContaining("without SPS and PPS");
        assertThat(out).doesNotExist();
    }

    /** Top-level boxes of the type: walked by size, so media bytes that happen to spell the type do not count. */
    static int count(byte[] data, String fourcc) {
        int c = 0;
        for (int pos = 0; pos + 8 <= data.length; ) {
            long size = java.nio.ByteBuffer.wrap(data, pos, 4).getInt() & 0xFFFFFFFFL;
            if (new String(data, pos + 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1).equals(fourcc)) {
                c++;
            }
            if (size < 8) {
                break;
            }
            pos += (int) size;
        }
        return c;
    }
}
