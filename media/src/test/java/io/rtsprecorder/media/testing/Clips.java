package io.rtsprecorder.media.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtsprecorder.media.codec.Frame;
import io.rtsprecorder.media.codec.TrackFormat;
import io.rtsprecorder.media.demux.Mp4Demuxer;
import io.rtsprecorder.media.mux.SegmentWriter;
import io.rtsprecorder.testsupport.MediaOracle;
import io.rtsprecorder.testsupport.PacketInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.data.Offset;

/** Generated clips through the segment writers: fed in as a recording feeds them, and what comes out compared. */
public final class Clips {

    /** Creates a writer for a clip's tracks. */
    @FunctionalInterface
    public interface WriterFactory {
        SegmentWriter create(List<TrackFormat> tracks) throws IOException;
    }

    private Clips() {
    }

    /** Copies {@code clip} through a new writer, closed at the end; see {@link #writeFromFirstKeyframe}. */
    public static void copyFromFirstKeyframe(Path clip, WriterFactory factory) throws IOException {
        try (Mp4Demuxer demuxer = Mp4Demuxer.open(clip);
             SegmentWriter writer = factory.create(demuxer.tracks())) {
            writeFromFirstKeyframe(demuxer, writer);
        }
    }

    /**
     * Writes {@code demuxer}'s frames to {@code writer} (left open) from the first video keyframe on, as a recording
     * starts a segment; a clip without video is written from its first frame.
     */
    public static void writeFromFirstKeyframe(Mp4Demuxer demuxer, SegmentWriter writer) throws IOException {
        boolean started = demuxer.tracks().stream().noneMatch(t -> t.codec().isVideo());
        for (Frame f = demuxer.readFrame(); f != null; f = demuxer.readFrame()) {
            started |= f.format().codec().isVideo() && f.keyframe();
            if (started) {
                writer.write(f);
            }
        }
    }

    /**
     * Asserts that {@code written} has every video frame of {@code clip} with the same composition offset (pts - dts)
     * within {@code tolerance} seconds, the container's timestamp precision: B-frames keep their presentation order.
     */
    public static void assertCompositionOffsetsKept(Path clip, Path written, double tolerance) {
        MediaOracle oracle = MediaOracle.get();
        List<PacketInfo> source = oracle.packets(clip, "v");
        List<PacketInfo> out = oracle.packets(written, "v");
        assertThat(out).hasSameSizeAs(source);
        for (int i = 0; i < source.size(); i++) {
            assertThat(out.get(i).ptsTime() - out.get(i).dtsTime()).as("composition offset of frame %d", i)
                    .isCloseTo(source.get(i).ptsTime() - source.get(i).dtsTime(), Offset.offset(tolerance));
        }
    }
}
