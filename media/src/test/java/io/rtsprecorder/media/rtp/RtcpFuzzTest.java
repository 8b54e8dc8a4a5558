package io.rtsprecorder.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;

/**
 * Arbitrary bytes as a camera's RTCP: only RtpFormatException may come out, a BYE's reason is always printable
 * and short, and receiver reports read back as they were written.
 */
class RtcpFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void parserFailsOnlyWithTypedErrors(byte[] input) {
        List<RtcpPackets.Packet> packets;
        try {
            packets = RtcpPackets.parse(input, 0, input.length);
        } catch (RtpFormatException expected) {
            return; // typed rejection
        }
        assertThat(packets.size()).isLessThanOrEqualTo(RtcpPackets.MAX_PACKETS);
        for (RtcpPackets.Packet p : packets) {
            if (p instanceof RtcpPackets.Bye bye) {
                assertThat(bye.ssrcs().size()).isLessThanOrEqualTo(31);
                if (bye.reason() != null) {
                    assertThat(bye.reason()).hasSizeLessThanOrEqualTo(RtcpPackets.MAX_BYE_REASON_CHARS)
                            .matches("[ -~]+");
                }
            } else if (p instanceof RtcpPackets.ReceiverReport rr) {
                byte[] again = RtcpPackets.receiverReport(rr.ssrc(), rr.blocks());
                try {
                    assertThat(RtcpPackets.parse(again, 0, again.length)).containsExactly(rr);
                } catch (RtpFormatException e) {
                    throw new AssertionError("a receiver report we wrote does not parse", e);
                }
            }
        }
    }
}
