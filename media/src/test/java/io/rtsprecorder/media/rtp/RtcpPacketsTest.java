package io.rtsprecorder.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RTCP packets as cameras send them, byte by byte, and the typed packets {@link RtcpPackets#parse} makes of them. */
class RtcpPacketsTest {

    private static List<RtcpPackets.Packet> parse(String hex) throws RtpFormatException {
        byte[] bytes = HexFormat.of().parseHex(hex.replace(" ", ""));
        return RtcpPackets.parse(bytes, 0, bytes.length);
    }

    private static byte[] compound(byte[]... packets) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : packets) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @Test
    void aByeWithOneSourceAndNoReason() throws RtpFormatException {
        assertThat(parse("81cb0001 12345678"))
                .containsExactly(new RtcpPackets.Bye(List.of(0x12345678L), null));
    }

    @Test
    void aByeWithTwoSourcesAndAReasonPaddedTo32Bits() throws RtpFormatException {
        // SC = 2, length 4 words: two SSRCs, the length octet 4, "done" and three zero bytes of padding
        assertThat(parse("82cb0004 00000001 00000002 04646f6e 65000000"))
                .containsExactly(new RtcpPackets.Bye(List.of(1L, 2L), "done"));
    }

    @Test
    void theByeWriterAndParserAgree() throws RtpFormatException {
        byte[] bye = RtcpPackets.bye(List.of(0xFFFFFFFFL, 7L), "stream stopped");
        assertThat(bye.length % 4).isZero();
        assertThat(RtcpPackets.parse(bye, 0, bye.length))
                .containsExactly(new RtcpPackets.Bye(List.of(0xFFFFFFFFL, 7L), "stream stopped"));
    }

    @Test
    void aByeReasonIsMadePrintableAndCut() throws RtpFormatException {
        byte[] bye = RtcpPackets.bye(List.of(1L), "a\u0000b\nc\u00e9" + "x".repeat(200));
        RtcpPackets.Bye parsed = (RtcpPackets.Bye) RtcpPackets.parse(bye, 0, bye.length).get(0);
        assertThat(parsed.reason()).startsWith("a?b?c?xxx").hasSize(RtcpPackets.MAX_BYE_REASON_CHARS);
    }

    @Test
    void aCompoundPacketGivesEveryPartInOrder() throws RtpFormatException {
        byte[] sr = RtcpPackets.senderReport(new RtcpPackets.SenderReport(9, 0x0102030405060708L, 3000, 4, 5));
        byte[] sdes = HexFormat.of().parseHex("81ca0003 00000009 01046361 6d000000".replace(" ", ""));
        byte[] bye = RtcpPackets.bye(List.of(9L), "bye");
        byte[] data = compound(sr, sdes, bye);
        assertThat(RtcpPackets.parse(data, 0, data.length)).containsExactly(
                new RtcpPackets.SenderReport(9, 0x0102030405060708L, 3000, 4, 5),
                new RtcpPackets.Other(202),
                new RtcpPackets.Bye(List.of(9L), "bye"));
    }

    @Test
    void theLastPacketMayBePadded() throws RtpFormatException {
        // P bit, SC 1, 3 words: SSRC, then 4 bytes of padding whose last byte counts them
        assertThat(parse("a1cb0002 00000005 00000004")).containsExactly(new RtcpPackets.Bye(List.of(5L), null));
        assertThatThrownBy(() -> parse("a1cb0002 00000005 00000009")).isInstanceOf(RtpFormatException.class)
                .hasMessageContaining("padding");
        assertThatThrownBy(() -> parse("a1cb0002 00000005 00000000")).isInstanceOf(RtpFormatException.class);
    }

    @Test
    void malformedByesAreTypedErrors() {
        // three sources announced, room for one
        assertThatThrownBy(() -> parse("83cb0001 00000001")).isInstanceOf(RtpFormatException.class)
                .hasMessageContaining("sources");
        // a reason of 9 bytes in 3
        assertThatThrownBy(() -> parse("81cb0002 00000001 09414243")).isInstanceOf(RtpFormatException.class)
                .hasMessageContaining("reason");
        // the length word points past the data
        assertThatThrownBy(() -> parse("81cb0009 00000001")).isInstanceOf(RtpFormatException.class);
        assertThatThrownBy(() -> parse("41cb0001 00000001")).isInstanceOf(RtpFormatException.class)
                .hasMessageContaining("version");
        assertThatThrownBy(() -> parse("81cb00")).isInstanceOf(RtpFormatException.class);
    }

    @Test
    void aReceiverReportRoundTripsWithItsBlocks() throws RtpFormatException {
        RtcpPackets.ReportBlock block = new RtcpPackets.ReportBlock(42, 85, 0x7FFFFF, 0x1_0002L, 9, 0x2345_6789L,
                32768);
        byte[] rr = RtcpPackets.receiverReport(0x52524543L, List.of(block));
        assertThat(RtcpPackets.parse(rr, 0, rr.length))
                .containsExactly(new RtcpPackets.ReceiverReport(0x52524543L, List.of(block)));
        assertThatThrownBy(() -> parse("81c90001 52524543")).as("one block announced, none there")
                .isInstanceOf(RtpFormatException.class);
    }

    @Test
    void atMostSixteenPacketsOfACompoundAreRead() throws RtpFormatException {
        byte[] bye = RtcpPackets.bye(List.of(1L), null);
        byte[][] many = new byte[40][];
        java.util.Arrays.fill(many, bye);
        byte[] data = compound(many);
        assertThat(RtcpPackets.parse(data, 0, data.length)).hasSize(16);
    }
}
