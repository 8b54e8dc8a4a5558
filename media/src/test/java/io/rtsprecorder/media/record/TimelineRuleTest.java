package io.rtsprecorder.media.record;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtsprecorder.media.codec.Codec;
import io.rtsprecorder.media.codec.Frame;
import io.rtsprecorder.media.codec.TrackFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The timestamp rule on hand-made sequences whose expected output is worked out in each test. */
class TimelineRuleTest {

    private static final TrackFormat VIDEO = TrackFormat.video(Codec.H264, 640, 360, List.of());
    private static final TrackFormat AAC = TrackFormat.audio(Codec.AAC, 48_000, 1, new byte[] {0x11, (byte) 0x88});
    private static final TrackFormat PCMA = TrackFormat.audio(Codec.PCMA, 8_000, 1, null);

    private static Frame video(long pts, long dts, boolean key) {
        return new Frame(0, VIDEO, pts, dts, key, new byte[10]);
    }

    private static Frame audio(TrackFormat f, long ts, int bytes) {
        return new Frame(1, f, ts, ts, true, new byte[bytes]);
    }

    private static List<Long> dts(List<TimelineRule.Result> results) {
        return results.stream().map(r -> r.frame().dts()).toList();
    }

    private static List<TimelineRule.Result> apply(TimelineRule rule, List<Frame> frames) {
        List<TimelineRule.Result> out = new ArrayList<>();
        for (Frame f : frames) {
            out.add(rule.apply(f));
        }
        return out;
    }

    @Test
    void framesThatMoveOnNormallyPassUnchanged() {
        TimelineRule rule = new TimelineRule(1, Duration.ofSeconds(2));
        List<Frame> in = List.of(video(0, 0, true), video(3600, 3600, false), video(7200, 7200, false));
        List<TimelineRule.Result> out = apply(rule, in);
        assertThat(out).extracting(TimelineRule.Result::verdict).containsOnly(TimelineRule.Verdict.IN_ORDER);
        assertThat(out.get(1).frame()).isSameAs(in.get(1));
        assertThat(rule.absorbed()).isZero();
    }

    @Test
    void aVlcLoopSeamOf100MillisecondsBackIsAbsorbedAtOneFrameDuration() {
        // 25 fps at 90 kHz: 3600 ticks a frame. The fourth frame comes 100 ms (9000 ticks) before the third, as
        // VLC's RTSP output does at each loop: it continues at 7200 + 3600, and the frames after it keep that offset
        TimelineRule rule = new TimelineRule(1, Duration.ofSeconds(2));
        List<TimelineRule.Result> out = apply(rule, List.of(video(0, 0, true), video(3600, 3600, false),
                video(7200, 7200, false), video(-1800, -1800, true), video(1800, 1800, false)));
        assertThat(dts(out)).containsExactly(0L, 3600L, 7200L, 10800L, 14400L);
        assertThat(out.get(3).verdict()).isEqualTo(TimelineRule.Verdict.ABSORBED);
        assertThat(out.get(4).verdict()).isEqualTo(TimelineRule.Verdict.IN_ORDER);
        assertThat(rule.absorbed()).isEqualTo(1);
        assertThat(rule.discontinuities()).isZero();
    }

    @Test
    void aRepeatedDecodeTimeIsMovedOnSoDecodeTimesStrictlyIncrease() {
        TimelineRule rule = new TimelineRule(1, Duration.ofSeconds(2));
        List<TimelineRule.Result> out = apply(rule, List.of(video(0, 0, true), video(3600, 3600, false),
                video(3600, 3600, false), video(7200, 7200, false)));
        assertThat(dts(out)).containsExactly(0L, 3600L, 7200L, 10800L);
        assertThat(out.get(2).verdict()).isEqualTo(TimelineRule.Verdict.ABSORBED);
    }

    @Test
    void aJumpForwardBeyondTheThresholdIsADiscontinuityAndContinuesAtOneFrameDuration() {
        // +30 s (2 700 000 ticks) after the second frame: an encoder restart
        TimelineRule rule = new TimelineRule(1, Duration.ofSeconds(2));
        List<TimelineRule.Result> out = apply(rule, List.of(video(0, 0, true), video(3600, 3600, false),
                video(2_707_200, 2_707_200, true), video(2_710_800, 2_710_800, false)));
        assertThat(dts(out)).containsExactly(0L, 3600L, 7200L, 10800L);
        assertThat(out.get(2).verdict()).isEqualTo(TimelineRule.Verdict.DISCONTINUITY);
        assertThat(rule.discontinuities()).isEqualTo(1);
    }

    @Test
    void aStepBackBeyondTheThresholdIsADiscontinuityNotAnAbsorbedStep() {
        TimelineRule rule = new TimelineRule(1, Duration.ofSeconds(2));
        List<TimelineRule.Result> out = apply(rule, List.of(video(900_000, 900_000, true),
                video(903_600, 903_600, false), video(0, 0, true)));
        assertThat(out.get(2).verdict()).isEqualTo(TimelineRule.Verdict.DISCONTINUITY);
        assertThat(out.get(2).frame().dts()).isEqualTo(907_200L);
    }

    @Test
    void aJumpWithinTheThresholdIsKeptAsItCame() {
        // 1.5 s without frames, under a 2 s threshold: the frames were lost, and their time is real
        TimelineRule rule = new TimelineRule(1, Duration.ofSeconds(2));
        List<TimelineRule.Result> out = apply(rule, List.of(video(0, 0, true), video(3600, 3600, false),
                video(138_600, 138_600, true)));
        assertThat(out.get(2).verdict()).isEqualTo(TimelineRule.Verdict.IN_ORDER);
        assertThat(out.get(2).frame().dts()).isEqualTo(138_600L);
    }

    @Test
    void bFramePresentationTimesMoveWithTheirDecodeTimes() {
        // decode order I P B with pts - dts of 7200, 10800, 0; then a 100 ms step back
        TimelineRule rule = new TimelineRule(1, Duration.ofSeconds(2));
        List<TimelineRule.Result> out = apply(rule, List.of(video(7200, 0, true), video(18000, 3600, false),
                video(10800, 7200, false), video(-1800 + 7200, -1800, true)));
        TimelineRule.Result stepped = out.get(3);
        assertThat(stepped.frame().dts()).isEqualTo(10800L);
        assertThat(stepped.frame().pts() - stepped.frame().dts()).isEqualTo(7200L);
    }

    @Test
    void g711AudioContinuesByItsOwnSampleCount() {
        // 20 ms packets of 8 kHz A-law are 160 samples; a step back continues at last + 160
        TimelineRule rule = new TimelineRule(2, Duration.ofSeconds(2));
        List<TimelineRule.Result> out = apply(rule, List.of(audio(PCMA, 1000, 160), audio(PCMA, 1160, 160),
                audio(PCMA, 400, 160)));
        assertThat(dts(out)).containsExactly(1000L, 1160L, 1320L);
    }

    @Test
    void aacAudioContinuesByTheMedianOfItsRecentFrameDurations() {
        TimelineRule rule = new TimelineRule(2, Duration.ofSeconds(2));
        List<TimelineRule.Result> out = apply(rule, List.of(audio(AAC, 0, 300), audio(AAC, 1024, 300),
                audio(AAC, 2048, 300), audio(AAC, 3072, 300), audio(AAC, -1728, 300)));
        assertThat(dts(out)).containsExactly(0L, 1024L, 2048L, 3072L, 4096L);
    }

    @Test
    void tracksAreCorrectedIndependently() {
        TimelineRule rule = new TimelineRule(2, Duration.ofSeconds(2));
        rule.apply(video(0, 0, true));
        rule.apply(audio(AAC, 0, 300));
        rule.apply(video(3600, 3600, false));
        rule.apply(audio(AAC, 1024, 300));
        assertThat(rule.apply(video(0, 0, true)).frame().dts()).isEqualTo(7200L);
        assertThat(rule.apply(audio(AAC, 2048, 300)).verdict()).isEqualTo(TimelineRule.Verdict.IN_ORDER);
    }

    @Test
    void aCameraSendingAFrameEveryTwoSecondsIsNotCutAtEveryFrame() {
        // 0.5 fps: 180 000 ticks between frames, beyond a 1 s threshold; the first interval sets the frame rate
        // and the threshold grows to three frames of it
        TimelineRule rule = new TimelineRule(1, Duration.ofSeconds(1));
        List<Frame> frames = new ArrayList<>();
        for (int i = 0; i <= 10; i++) {
            frames.add(video(i * 180_000L, i * 180_000L, i % 5 == 0));
        }
        List<TimelineRule.Result> out = apply(rule, frames);
        assertThat(out).extracting(TimelineRule.Result::verdict).containsOnly(TimelineRule.Verdict.IN_ORDER);
        assertThat(rule.apply(video(11 * 180_000L + 900_000, 11 * 180_000L + 900_000, true)).verdict())
                .as("a 7 s jump at 0.5 fps").isEqualTo(TimelineRule.Verdict.DISCONTINUITY);
    }
}
