package io.rtsprecorder.media.rtsp;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtsprecorder.media.rtp.RtcpPackets;
import io.rtsprecorder.media.rtp.RtpFormatException;
import io.rtsprecorder.media.rtp.RtpPacket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Receiver statistics against packet tables whose expected values are worked out by hand from RFC 3550 Appendix A:
 * A.1 (extended highest sequence number, cycles, restarts), A.3 (cumulative and fraction lost) and A.8 (jitter).
 * Every table row is {sequence number, RTP timestamp, arrival in ms}.
 */
class RtpReceiverTest {

    private static final long SSRC = 0xCAFE0001L;
    private static final long MS = 1_000_000L;

    private static RtpPacket packet(long ssrc, int seq, long timestamp) {
        byte[] p = new byte[RtpPacket.HEADER_BYTES + 1];
        RtpPacket.writeHeader(p, 0, 96, false, seq & 0xFFFF, timestamp, ssrc);
        try {
            return RtpPacket.parse(p, 0, p.length);
        } catch (RtpFormatException e) {
            throw new AssertionError(e);
        }
    }

    /** Feeds rows of {seq, timestamp, arrival ms} of source {@link #SSRC}, arrival times offset by {@code base}. */
    private static void feed(RtpReceiver r, long baseNanos, long[]... rows) {
        for (long[] row : rows) {
            r.received(packet(SSRC, (int) row[0], row[1]), baseNanos + row[2] * MS);
        }
    }

    private static long[] row(long seq, long timestamp, long arrivalMillis) {
        return new long[] {seq, timestamp, arrivalMillis};
    }

    /** Sequence numbers only, 20 ms apart, timestamps matching arrival (no jitter) at 8 kHz. */
    private static long[][] sequence(int... seqs) {
        long[][] rows = new long[seqs.length][];
        for (int i = 0; i < seqs.length; i++) {
            rows[i] = row(seqs[i], 160L * i, 20L * i);
        }
        return rows;
    }

    @Test
    void aLostPacketCountsInCumulativeAndFractionLost() {
        RtpReceiver r = new RtpReceiver(8000, 0);
        feed(r, 0, sequence(100, 101, 103, 104));
        RtcpPackets.ReportBlock b = r.nextReportBlock(0);
        // expected = 104 - 100 + 1 = 5, received 4: lost 1; fraction = (1 << 8) / 5 = 51
        assertThat(b.ssrc()).isEqualTo(SSRC);
        assertThat(b.extendedHighestSequence()).isEqualTo(104);
        assertThat(b.cumulativeLost()).isEqualTo(1);
        assertThat(b.fractionLost()).isEqualTo(51);
        assertThat(b.jitter()).isZero();
    }

    @Test
    void aWrapAt65535CountsACycle() {
        RtpReceiver r = new RtpReceiver(8000, 0);
        feed(r, 0, sequence(65533, 65534, 65535, 1, 2));
        RtcpPackets.ReportBlock b = r.nextReportBlock(0);
        // cycles = 65536, max_seq = 2: extended 65538; expected = 65538 - 65533 + 1 = 6, received 5 (0 missing)
        assertThat(b.extendedHighestSequence()).isEqualTo(65538);
        assertThat(b.cumulativeLost()).isEqualTo(1);
        assertThat(b.fractionLost()).isEqualTo(256 / 6); // 42
    }

    @Test
    void aReorderedPacketIsNeitherLostNorANewHighest() {
        RtpReceiver r = new RtpReceiver(8000, 0);
        feed(r, 0, sequence(10, 12, 11, 13));
        RtcpPackets.ReportBlock b = r.nextReportBlock(0);
        // 11 after 12: udelta = 65535 > 65536 - MAX_MISORDER, a reordered packet; expected 4, received 4
        assertThat(b.extendedHighestSequence()).isEqualTo(13);
        assertThat(b.cumulativeLost()).isZero();
        assertThat(b.fractionLost()).isZero();
    }

    @Test
    void aReorderAcrossTheWrapDoesNotCountACycleTwice() {
        RtpReceiver r = new RtpReceiver(8000, 0);
        feed(r, 0, sequence(65534, 0, 65535, 1));
        RtcpPackets.ReportBlock b = r.nextReportBlock(0);
        // 0 wraps (cycles 65536); 65535 is 1 behind 0: reordered, no second cycle; expected 65537 - 65534 + 1 = 4
        assertThat(b.extendedHighestSequence()).isEqualTo(65537);
        assertThat(b.cumulativeLost()).isZero();
    }

    @Test
    void fractionLostCoversOnlyTheIntervalSinceThePreviousReport() {
        RtpReceiver r = new RtpReceiver(8000, 0);
        feed(r, 0, sequence(0, 1, 2, 3, 5, 6, 7, 8, 9)); // 4 lost
        RtcpPackets.ReportBlock first = r.nextReportBlock(0);
        // expected 10, received 9: lost 1, fraction 256 / 10 = 25
        assertThat(first.cumulativeLost()).isEqualTo(1);
        assertThat(first.fractionLost()).isEqualTo(25);

        feed(r, 0, sequence(10, 11, 14, 15)); // 12 and 13 lost
        RtcpPackets.ReportBlock second = r.nextReportBlock(0);
        // expected 16 (interval 6), received 13 (interval 4): lost interval 2, fraction (2 << 8) / 6 = 85
        assertThat(second.cumulativeLost()).isEqualTo(3);
        assertThat(second.fractionLost()).isEqualTo(85);

        RtcpPackets.ReportBlock third = r.nextReportBlock(0);
        assertThat(third.fractionLost()).as("nothing expected since the last report").isZero();
        assertThat(third.cumulativeLost()).isEqualTo(3);
    }

    @Test
    void duplicatesMakeTheCumulativeLossNegativeAndTheFractionZero() {
        RtpReceiver r = new RtpReceiver(8000, 0);
        feed(r, 0, sequence(1, 2, 2, 3));
        RtcpPackets.ReportBlock b = r.nextReportBlock(0);
        // expected 3, received 4: lost -1; lost interval <= 0 gives fraction 0
        assertThat(b.cumulativeLost()).isEqualTo(-1);
        assertThat(b.fractionLost()).isZero();
        byte[] rr = RtcpPackets.receiverReport(1, List.of(b));
        assertThat(rr[8 + 5] & 0xFF).as("24-bit two's complement").isEqualTo(0xFF);
        assertThat(rr[8 + 7] & 0xFF).isEqualTo(0xFF);
    }

    @Test
    void theCumulativeLossIsClampedToItsTwentyFourBits() {
        RtpReceiver r = new RtpReceiver(8000, 0);
        int seq = 0;
        r.received(packet(SSRC, seq, 0), 0);
        for (int i = 0; i < 3000; i++) { // steps of 2999: under MAX_DROPOUT, 2998 lost each
            seq = (seq + 2999) & 0xFFFF;
            r.received(packet(SSRC, seq, 0), 0);
        }
        RtcpPackets.ReportBlock b = r.nextReportBlock(0);
        // 3000 * 2998 = 8 994 000 lost > 0x7FFFFF
        assertThat(b.cumulativeLost()).isEqualTo(0x7FFFFF);
        assertThat(b.extendedHighestSequence()).isEqualTo(3000L * 2999);
        assertThat(r.statistics(0, 0).packetsLost()).as("the status shows the real count").isEqualTo(8_994_000);
    }

    @Test
    void aSequenceJumpIsARestartOnceTheNextPacketFollowsIt() {
        RtpReceiver r = new RtpReceiver(8000, 0);
        feed(r, 0, sequence(1000, 1001, 1002));
        feed(r, 0, row(40000, 480, 60));
        // 40000 - 1002 = 38998: neither a dropout (< 3000) nor a misorder; not counted, bad_seq = 40001
        RtcpPackets.ReportBlock afterJump = r.nextReportBlock(0);
        assertThat(afterJump.extendedHighestSequence()).isEqualTo(1002);
        assertThat(afterJump.cumulativeLost()).isZero();

        feed(r, 0, row(40001, 640, 80), row(40002, 800, 100));
        // 40001 == bad_seq: init_seq(40001), then 40002; expected 2, received 2
        RtcpPackets.ReportBlock b = r.nextReportBlock(0);
        assertThat(b.extendedHighestSequence()).isEqualTo(40002);
        assertThat(b.cumulativeLost()).isZero();
        assertThat(r.statistics(0, 0).packetsReceived()).isEqualTo(2);
    }

    @Test
    void aLoneStrayPacketFarAwayIsIgnored() {
        RtpReceiver r = new RtpReceiver(8000, 0);
        feed(r, 0, sequence(1000, 1001, 1002));
        feed(r, 0, row(30000, 480, 60), row(1003, 480, 60), row(1004, 640, 80));
        RtcpPackets.ReportBlock b = r.nextReportBlock(0);
        assertThat(b.extendedHighestSequence()).isEqualTo(1004);
        assertThat(b.cumulativeLost()).isZero();
        assertThat(r.statistics(0, 0).packetsReceived()).isEqualTo(5);
    }

    @Test
    void aNewSsrcStartsTheStatisticsAgain() {
        RtpReceiver r = new RtpReceiver(8000, 0);
        feed(r, 0, sequence(1, 2, 4, 5, 7));
        r.byeReceived();
        r.received(packet(SSRC + 1, 300, 9000), 200 * MS);
        r.received(packet(SSRC + 1, 301, 9160), 220 * MS);
        RtcpPackets.ReportBlock b = r.nextReportBlock(0);
        assertThat(b.ssrc()).isEqualTo(SSRC + 1);
        assertThat(b.extendedHighestSequence()).isEqualTo(301);
        assertThat(b.cumulativeLost()).isZero();
        assertThat(b.fractionLost()).isZero();
        assertThat(b.jitter()).isZero();
        assertThat(r.hasByeReceived()).as("the BYE was the old source's").isFalse();
        assertThat(r.statistics(0, 220 * MS).packetsReceived()).isEqualTo(2);
    }

    /**
     * A.8 at 8 kHz, one tick = 125 µs, so the arrival times convert exactly. Transit = arrival - timestamp (ticks):
     * 0, 0, 80, 0, 0; |D| = 0, 80, 80, 0. The integer filter J16 += |D| - ((J16 + 8) >> 4) gives 0, 80, 155, 145,
     * reported as J16 >> 4: 0, 5, 9, 9 (the RFC's floating point J: 0, 5, 9.6875, 9.08).
     */
    @Test
    void jitterFollowsTheRfcFilter() {
        RtpReceiver r = new RtpReceiver(8000, 0);
        long[][] table = {row(0, 0, 0), row(1, 160, 20), row(2, 320, 50), row(3, 480, 60), row(4, 640, 80)};
        long[] expected = {0, 0, 5, 9, 9};
        List<Long> jitter = new ArrayList<>();
        for (long[] row : table) {
            feed(r, 0, row);
            jitter.add(r.nextReportBlock(0).jitter());
        }
        assertThat(jitter).containsExactly(expected[0], expected[1], expected[2], expected[3], expected[4]);
        assertThat(r.statistics(0, 80 * MS).jitterMillis()).as("145 / 16 ticks of 0.125 ms")
                .isEqualTo(145 / 16.0 * 0.125);
    }

    /** The same table at 90 kHz (1 ms = 90 ticks), with arrival times where System.nanoTime() wraps. */
    @Test
    void jitterAtNinetyKilohertzSurvivesANanoTimeWrap() {
        RtpReceiver r = new RtpReceiver(90_000, 0);
        long base = Long.MAX_VALUE - 30 * MS;
        feed(r, base, row(0, 0, 0), row(1, 1800, 20), row(2, 3600, 50));
        // transit 0, 0, 900: J16 = 900, reported 56
        assertThat(r.nextReportBlock(0).jitter()).isEqualTo(900 >> 4);
    }

    @Test
    void lastSenderReportAndTheDelaySinceItGoBackInTheReport() {
        RtpReceiver r = new RtpReceiver(90_000, 0);
        feed(r, 0, sequence(1));
        r.senderReport(new RtcpPackets.SenderReport(SSRC, 0x0001_2345_6789_ABCDL, 0, 0, 0), 1_000 * MS);
        RtcpPackets.ReportBlock b = r.nextReportBlock(1_500 * MS);
        assertThat(b.lastSenderReport()).isEqualTo(0x2345_6789L);
        assertThat(b.delaySinceLastSenderReport()).as("0.5 s in 1/65536 s").isEqualTo(32768);
    }

    @Test
    void statisticsBeforeTheFirstPacketAndAfterIt() {
        RtpReceiver r = new RtpReceiver(8000, 0);
        assertThat(r.hasSource()).isFalse();
        assertThat(r.statistics(3, 0)).isEqualTo(new ReceptionStatistics(3, 0, 0, 0, null));
        feed(r, 0, sequence(5, 7));
        ReceptionStatistics s = r.statistics(3, 1_020 * MS);
        assertThat(s.packetsReceived()).isEqualTo(2);
        assertThat(s.packetsLost()).isEqualTo(1);
        assertThat(s.lastPacketAge()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void overUdpANewSourceFirstReleasesThePacketsTheOldOneLeftInTheReorderBuffer() {
        RtpReceiver r = new RtpReceiver(8000, 8);
        List<String> delivered = new ArrayList<>();
        for (int seq : new int[] {1, 3, 4}) { // 2 missing: 3 and 4 wait for it
            r.receivedUnordered(packet(SSRC, seq, 0), 0, p -> delivered.add(p.ssrc() + "/" + p.sequenceNumber()));
        }
        r.receivedUnordered(packet(7, 500, 0), 0, p -> delivered.add(p.ssrc() + "/" + p.sequenceNumber()));
        r.receivedUnordered(packet(7, 501, 0), 0, p -> delivered.add(p.ssrc() + "/" + p.sequenceNumber()));
        assertThat(delivered).containsExactly(SSRC + "/1", SSRC + "/3", SSRC + "/4", "7/500", "7/501");
    }
}
