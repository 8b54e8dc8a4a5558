package io.rtsprecorder.media.rtsp;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtsprecorder.media.rtp.RtcpPackets;
import io.rtsprecorder.testsupport.ManualClock;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The session's common timeline: sender reports when every track had one before the first packet, else arrival. */
class SessionTimelineTest {

    private static final long T0_MICROS = 1_790_000_000_000_000L;
    private static final int VIDEO = 0;
    private static final int AUDIO = 1;

    private static RtcpPackets.SenderReport report(long unixMicros, long rtp) {
        return new RtcpPackets.SenderReport(1, RtcpPackets.unixMicrosToNtp(unixMicros), rtp, 0, 0);
    }

    @Test
    void senderReportsOfEveryTrackPutEqualInstantsAtEqualTimes() {
        ManualClock clock = new ManualClock(Instant.ofEpochSecond(5)); // far from the reports: must not be used
        SessionTimeline timeline = new SessionTimeline(new int[] {90_000, 8_000}, clock);
        timeline.senderReport(VIDEO, report(T0_MICROS, 1_000_000));
        timeline.senderReport(AUDIO, report(T0_MICROS + 500_000, 70_000)); // half a second later
        timeline.senderReport(AUDIO, report(T0_MICROS + 900_000, 0)); // not the first: ignored

        long video = timeline.timestamp(VIDEO, 1_000_000, 1_000_000); // the instant of the video report
        long audio = timeline.timestamp(AUDIO, 70_000, 70_000); // the instant of the audio report
        assertThat(timeline.usesSenderReports()).isTrue();
        // base = T0 - 1 s: the video report is 1 s in, the audio one 1.5 s
        assertThat(video).isEqualTo(90_000);
        assertThat(audio).isEqualTo(12_000);
        assertThat(timeline.timestamp(VIDEO, 1_090_000, 1_090_000)).as("a second later").isEqualTo(180_000);
    }

    @Test
    void withoutAReportForEveryTrackArrivalTimeDecidesAndTheChoiceStays() {
        ManualClock clock = new ManualClock(Instant.ofEpochSecond(1_790_000_000L));
        SessionTimeline timeline = new SessionTimeline(new int[] {90_000, 8_000}, clock);
        timeline.senderReport(VIDEO, report(T0_MICROS, 0));

        long video = timeline.timestamp(VIDEO, 5_000, 5_000);
        clock.set(Instant.ofEpochSecond(1_790_000_000L, 250_000_000)); // audio's first packet 250 ms later
        timeline.senderReport(AUDIO, report(T0_MICROS, 0)); // too late to change the choice
        long audio = timeline.timestamp(AUDIO, 123, 123);

        assertThat(timeline.usesSenderReports()).isFalse();
        assertThat(video).as("1 s of headroom").isEqualTo(90_000);
        assertThat(audio).isEqualTo(8_000 + 2_000);
        assertThat(timeline.timestamp(AUDIO, 123 + 800, 123 + 800)).isEqualTo(10_800);
    }

    @Test
    void aTrackIsPlacedAtItsFirstPacketNotItsFirstReport() {
        SessionTimeline timeline = new SessionTimeline(new int[] {90_000}, new ManualClock(Instant.EPOCH));
        timeline.senderReport(VIDEO, report(T0_MICROS, 0xFFFF_FF00L));
        // the first packet's 32-bit timestamp is 0x200 past the report's, across the 32-bit wrap
        assertThat(timeline.timestamp(VIDEO, 0x200, 0x200)).isEqualTo(90_000 + 0x300);
    }
}
