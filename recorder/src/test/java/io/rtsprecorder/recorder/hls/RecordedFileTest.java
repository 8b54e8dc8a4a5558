package io.rtsprecorder.recorder.hls;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtsprecorder.media.demux.Mp4Fragment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a file's fragments become HLS segments. */
class RecordedFileTest {

    /** Fragments of {@code seconds} each (90 kHz), a keyframe every {@code gop} fragments, tiling the file. */
    private static List<Mp4Fragment> fragments(int count, double seconds, int gop, int firstKey) {
        List<Mp4Fragment> out = new ArrayList<>();
        long offset = 1000;
        long time = 0;
        long ticks = Math.round(seconds * 90_000);
        for (int i = 0; i < count; i++) {
            out.add(new Mp4Fragment(offset, 5000 + i, time, ticks, i >= firstKey && (i - firstKey) % gop == 0));
            offset += 5000 + i;
            time += ticks;
        }
        return out;
    }

    @Test
    void aGopOfASecondOrMoreIsASegmentAndTheSegmentsTileTheFragments() {
        List<Mp4Fragment> f = fragments(12, 0.5, 4, 0); // 2 s GOPs of four 0.5 s fragments
        List<RecordedFile.Segment> s = RecordedFile.segments(f, 90_000);
        assertThat(s).hasSize(3);
        assertThat(s).allSatisfy(seg -> assertThat(seg.seconds()).isEqualTo(2.0));
        assertThat(s.get(1).offset()).isEqualTo(s.get(0).offset() + s.get(0).length());
        assertThat(s.get(1).start()).isEqualTo(2.0);
        Mp4Fragment last = f.get(f.size() - 1);
        assertThat(s.get(2).offset() + s.get(2).length()).isEqualTo(last.offset() + last.length());
    }

    @Test
    void shortGopsAreGroupedAndFragmentsBeforeTheFirstKeyframeLeftOut() {
        List<Mp4Fragment> f = fragments(13, 0.4, 1, 1); // a keyframe in every 0.4 s fragment but the first
        List<RecordedFile.Segment> s = RecordedFile.segments(f, 90_000);
        assertThat(s.get(0).offset()).isEqualTo(f.get(1).offset());
        assertThat(s.get(0).start()).isZero();
        assertThat(s).allSatisfy(seg -> assertThat(seg.seconds()).isGreaterThanOrEqualTo(
                RecordedFile.MIN_SEGMENT_SECONDS - 1e-9).isLessThan(1.7));
        assertThat(s.stream().mapToDouble(RecordedFile.Segment::seconds).sum()).isCloseTo(4.8,
                org.assertj.core.data.Offset.offset(1e-6));
    }
}
