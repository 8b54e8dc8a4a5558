package io.rtsprecorder.media.mux;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtsprecorder.media.codec.Frame;
import io.rtsprecorder.media.demux.Mp4Demuxer;
import io.rtsprecorder.media.testing.Fixtures;
import io.rtsprecorder.testsupport.FixtureSpec;
import io.rtsprecorder.testsupport.MediaOracle;
import io.rtsprecorder.testsupport.ProbeResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProgressiveMp4WriterTest {

    @TempDir
    Path dir;

    static Stream<Arguments> clips() {
        return Stream.of(
                Arguments.of("h264+aac", FixtureSpec.h264Aac().withDuration(4), "h264", "aac"),
                Arguments.of("h264 b-frames+aac", FixtureSpec.h264BFramesAac().withDuration(4), "h264", "aac"),
                Arguments.of("h265+alaw as pcm", FixtureSpec.h265Alaw().withDuration(4), "hevc", "pcm_s16le"));
    }

    /** The frames of a clip from its first keyframe on, readable any number of times. */
    private static FrameSource source(Path clip) {
        return () -> {
            Mp4Demuxer d = Mp4Demuxer.open(clip);
            return new FrameReader() {
                long startMicros = Long.MIN_VALUE;

                /** Frames from the first keyframe on, shifted so that it starts at zero, as the exporter does. */
                @Override
                public Frame next() throws IOException {
                    for (Frame f = d.readFrame(); f != null; f = d.readFrame()) {
                        int scale = f.format().timescale();
                        if (startMicros == Long.MIN_VALUE && f.format().codec().isVideo() && f.keyframe()) {
                            startMicros = f.dts() * 1_000_000L / scale;
                        }
                        long shift = startMicros == Long.MIN_VALUE ? 0 : startMicros * scale / 1_000_000L;
                        if (startMicros != Long.MIN_VALUE && f.dts() >= shift) {
                            return new Frame(f.track(), f.format(), f.pts() - shift, f.dts() - shift, f.keyframe(),
                                    f.data());
                        }
                    }
                    return null;
                }

                @Override
                public void close() throws IOException {
                    d.close();
                }
            };
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clips")
    void indexComesFirstFileHasThePlannedSizeAndDecodesWithEveryFrame(String name, FixtureSpec spec, String video,
                                                                        String audio) throws IOException {
        Path clip = Fixtures.get(spec);
        Path out = dir.resolve("export.mp4");
        ProgressiveMp4Writer writer;
        try (Mp4Demuxer d = Mp4Demuxer.open(clip)) {
            writer = ProgressiveMp4Writer.plan(d.tracks(), Instant.parse("2026-11-25T10:00:00Z"), source(clip));
        }
        try (FileChannel ch = FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            writer.write(ch, source(clip));
        }
        assertThat(Files.size(out)).isEqualTo(writer.size());
        assertThat(topLevelBoxes(out)).containsExactly("ftyp", "moov", "mdat");
        assertThat(MediaOracle.get().decodeErrors(out)).isEmpty();
        ProbeResult probe = MediaOracle.get().probe(out, true);
        ProbeResult source = MediaOracle.get().probe(clip, true);
        assertThat(probe.video().orElseThrow().codecName()).isEqualTo(video);
        assertThat(probe.audio().orElseThrow().codecName()).isEqualTo(audio);
        assertThat(probe.video().orElseThrow().frameCount()).isEqualTo(source.video().orElseThrow().frameCount());
        assertThat(probe.duration()).isCloseTo(spec.durationSeconds(), Offset.offset(0.15));
        assertThat(writer.durationSeconds()).isCloseTo(spec.durationSeconds(), Offset.offset(0.15));
    }

    private static java.util.List<String> topLevelBoxes(Path file) throws IOException {
        java.util.List<String> types = new java.util.ArrayList<>();
        try (FileChannel ch = FileChannel.open(file)) {
            long pos = 0;
            while (pos < ch.size()) {
                ByteBuffer h = ByteBuffer.allocate(16);
                ch.read(h, pos);
                h.flip();
                long size = h.getInt() & 0xFFFF_FFFFL;
                byte[] type = new byte[4];
                h.get(type);
                if (size == 1) {
                    size = h.getLong();
                }
                types.add(new String(type));
                pos += size;
            }
        }
        return types;
    }
}
