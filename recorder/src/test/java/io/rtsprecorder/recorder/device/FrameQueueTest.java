package io.rtsprecorder.recorder.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtsprecorder.media.codec.Codec;
import io.rtsprecorder.media.codec.Frame;
import io.rtsprecorder.media.codec.TrackFormat;
import io.rtsprecorder.recorder.live.CachedFrame;
import io.rtsprecorder.recorder.live.QueueBudget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
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
        FrameQueue q = new FrameQueue(3, 1 << 20, 1 << 20, new QueueBudget(1 << 20), new AtomicLong());
        assertThat(q.offer(video(0, true))).isTrue();
        assertThat(q.offer(video(1, false))).isTrue();
        assertThat(q.offer(audio(0))).isTrue();
        assertThat(q.offer(video(2, false))).as("full").isFalse();
        List<CachedFrame> taken = new ArrayList<>();
        assertThat(q.drainTo(taken, Duration.ZERO)).isEqualTo(3);
        assertThat(q.offer(video(3, false))).as("would not decode without frame 2").isFalse();
        assertThat(q.offer(audio(1))).as("audio does not depend on dropped video").isTrue();
        assertThat(q.offer(video(4, true))).as("keyframe ends the gap").isTrue();
        assertThat(q.dropped()).isEqualTo(2);
    }

    @Test
    void byteLimitCountsAsFull() {
        FrameQueue q = new FrameQueue(100, 250, 250, new QueueBudget(1 << 20), new AtomicLong());
        assertThat(q.offer(video(0, true))).isTrue();
        assertThat(q.offer(video(1, false))).isTrue();
        assertThat(q.offer(video(2, false))).isFalse();
        assertThat(q.dropped()).isEqualTo(1);
    }

    @Test
    void closeHandsOutWhatIsQueuedThenFinishes() throws Exception {
        FrameQueue q = new FrameQueue(10, 1 << 20, 1 << 20, new QueueBudget(1 << 20), new AtomicLong());
        q.offer(video(0, true));
        q.offer(audio(0));
        q.close();
        assertThat(q.offer(audio(1))).isFalse();
        assertThat(q.finished()).as("frames still queued").isFalse();
        List<CachedFrame> out = new ArrayList<>();
        assertThat(q.drainTo(out, Duration.ofMillis(10_000))).as("closed: no wait").isEqualTo(2);
        assertThat(out).extracting(c -> c.frame().track()).containsExactly(0, 1);
        assertThat(q.finished()).isTrue();
        assertThat(q.drainTo(out, Duration.ofMillis(10))).isZero();
    }

    @Test
    void drainWaitsOutItsTimeBelowTheWakeThresholdAndReturnsWhatGathered() throws Exception {
        FrameQueue q = new FrameQueue(10, 1 << 20, 1 << 20, new QueueBudget(1 << 20), new AtomicLong());
        q.offer(video(0, true));
        List<CachedFrame> out = new ArrayList<>();
        assertThat(q.drainTo(out, Duration.ofMillis(20))).isEqualTo(1);
        assertThat(q.drainTo(out, Duration.ZERO)).as("emptied").isZero();
    }

    @Test
    void reachingTheWakeThresholdWakesAWaitingWriter() throws Exception {
        FrameQueue q = new FrameQueue(100, 1 << 20, 250, new QueueBudget(1 << 20), new AtomicLong());
        List<CachedFrame> out = new ArrayList<>();
        Thread writer = Thread.ofVirtual().start(() -> {
            try {
                q.drainTo(out, Duration.ofMillis(600_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        q.offer(video(0, true));
        q.offer(video(1, false));
        q.offer(video(2, false)); // 300 bytes: over the threshold
        assertThat(writer.join(java.time.Duration.ofSeconds(30))).as("woken long before its wait time").isTrue();
        assertThat(out).hasSize(3);
    }

    @Test
    void queuesSharingABudgetDropOnceTogetherTheyHoldItAndTakeAgainWhenDrained() throws Exception {
        QueueBudget budget = new QueueBudget(250);
        AtomicLong droppedOfB = new AtomicLong();
        FrameQueue a = new FrameQueue(100, 1 << 20, 1 << 20, budget, new AtomicLong());
        FrameQueue b = new FrameQueue(100, 1 << 20, 1 << 20, budget, droppedOfB);
        assertThat(a.offer(video(0, true))).isTrue();
        assertThat(b.offer(video(0, true))).isTrue();
        assertThat(a.offer(audio(1))).as("10 more bytes fit").isTrue();
        assertThat(b.offer(video(1, false))).as("over the shared budget, though b alone has room").isFalse();
        assertThat(b.dropped()).isEqualTo(1);
        assertThat(droppedOfB).as("counted as it happens, for the camera's status").hasValue(1);
        a.drainTo(new ArrayList<>(), Duration.ZERO);
        assertThat(budget.used()).isEqualTo(100);
        assertThat(b.offer(audio(1))).isTrue();
        b.clear();
        assertThat(budget.used()).as("a cleared queue gives its bytes back").isZero();
    }
}
