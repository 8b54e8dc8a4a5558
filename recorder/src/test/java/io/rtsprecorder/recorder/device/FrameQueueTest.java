package io.rtsprecorder.recorder.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtsprecorder.media.codec.Codec;
import io.rtsprecorder.media.codec.Frame;
import io.rtsprecorder.media.codec.TrackFormat;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameQueueTest {

    private static final TrackFormat VIDEO = TrackFormat.video(Codec.H264, 640, 360, List.of());
    private static final TrackFormat AUDIO = TrackFormat.audio(Codec.AAC, 48000, 2, new byte[] {0x11, (byte) 0x90});

    private static Frame video(long n, boolean key) {
        return new Frame(0, VIDEO, n * 3600, n * 3600, key, new byte[100]);
    }

    private static Frame audio(long n) {
        return new Frame(1, AUDIO, n * 1024, n * 1024, true, new byte[10]);
    }

    @Test
    void whenFullItDropsNewFramesAndThenVideoUpToTheNextKeyframe() throws Exception {
        FrameQueue q = new FrameQueue(3, 1 << 20);
        assertThat(q.offer(video(0, true))).isTrue();
        assertThat(q.offer(video(1, false))).isTrue();
        assertThat(q.offer(audio(0))).isTrue();
        assertThat(q.offer(video(2, false))).as("full").isFalse();
        q.poll(0);
        q.poll(0);
        assertThat(q.offer(video(3, false))).as("would not decode without frame 2").isFalse();
        assertThat(q.offer(audio(1))).as("audio does not depend on dropped video").isTrue();
        assertThat(q.offer(video(4, true))).as("keyframe ends the gap").isTrue();
        assertThat(q.dropped()).isEqualTo(2);
    }

    @Test
    void byteLimitCountsAsFull() {
        FrameQueue q = new FrameQueue(100, 250);
        assertThat(q.offer(video(0, true))).isTrue();
        assertThat(q.offer(video(1, false))).isTrue();
        assertThat(q.offer(video(2, false))).isFalse();
        assertThat(q.dropped()).isEqualTo(1);
    }

    @Test
    void closeHandsOutWhatIsQueuedThenFinishes() throws Exception {
        FrameQueue q = new FrameQueue(10, 1 << 20);
        q.offer(video(0, true));
        q.offer(audio(0));
        q.close();
        assertThat(q.offer(audio(1))).isFalse();
        List<Frame> out = new ArrayList<>();
        while (!q.finished()) {
            Frame f = q.poll(100);
            if (f != null) {
                out.add(f);
            }
        }
        assertThat(out).hasSize(2);
        assertThat(q.poll(10)).isNull();
    }
}
