package io.rtsprecorder.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rtsprecorder.media.codec.AudioSpecificConfig;
import io.rtsprecorder.media.codec.Codec;
import io.rtsprecorder.media.codec.Frame;
import io.rtsprecorder.media.codec.NalUnits;
import io.rtsprecorder.media.codec.TrackFormat;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacketizerTest {

    private record Payload(byte[] bytes, boolean marker, long timestampOffset) {
    }

    private static List<Payload> packetize(RtpPacketizer p, Frame frame) {
        List<Payload> out = new ArrayList<>();
        p.packetize(frame, (buf, off, len, marker, ts) -> out.add(new Payload(Arrays.copyOfRange(buf, off, off + len),
                marker, ts)));
        return out;
    }

    private static byte[] nal(int header, int size, int seed) {
        byte[] n = new byte[size];
        n[0] = (byte) header;
        for (int i = 1; i < size; i++) {
            n[i] = (byte) (i * 31 + seed);
        }
        return n;
    }

    @Test
    void h264KeyframeGetsStapAWithParameterSetsThenFuAFragmentsThatReassemble() {
        byte[] sps = nal(0x67, 20, 1);
        byte[] pps = nal(0x68, 6, 2);
        byte[] idr = nal(0x65, 5000, 3);
        byte[] sei = nal(0x06, 30, 4);
        TrackFormat format = TrackFormat.video(Codec.H264, 1920, 1080, List.of(sps, pps));
        Frame frame = new Frame(0, format, 0, 0, true, NalUnits.toLengthPrefixed(List.of(sei, idr)));
        List<Payload> payloads = packetize(RtpPacketizer.forCodec(Codec.H264, 1400), frame);

        assertThat(payloads).allMatch(p -> p.bytes().length <= 1400);
        assertThat(payloads.get(0).bytes()[0] & 0x1F).isEqualTo(24); // STAP-A
        assertThat(Arrays.copyOfRange(payloads.get(0).bytes(), 3, 23)).isEqualTo(sps);
        assertThat(payloads.get(1).bytes()).isEqualTo(sei); // single NAL unit packet
        ByteArrayOutputStream reassembled = new ByteArrayOutputStream();
        for (int i = 2; i < payloads.size(); i++) {
            byte[] p = payloads.get(i).bytes();
            assertThat(p[0] & 0x1F).isEqualTo(28); // FU-A
            assertThat((p[1] & 0x80) != 0).isEqualTo(i == 2);
            assertThat((p[1] & 0x40) != 0).isEqualTo(i == payloads.size() - 1);
            if (i == 2) {
                reassembled.write((p[0] & 0xE0) | (p[1] & 0x1F));
            }
            reassembled.write(p, 2, p.length - 2);
        }
        assertThat(reassembled.toByteArray()).isEqualTo(idr);
        assertThat(payloads.stream().filter(Payload::marker)).hasSize(1);
        assertThat(payloads.get(payloads.size() - 1).marker()).isTrue();
    }

    @Test
    void h265UsesAggregationAndFragmentationUnits() {
        byte[] vps = nal(0x40, 24, 1);
        byte[] sps = nal(0x42, 40, 2);
        byte[] pps = nal(0x44, 8, 3);
        byte[] idr = nal(0x26, 3000, 4); // type 19 IDR_W_RADL
        TrackFormat format = TrackFormat.video(Codec.H265, 1280, 720, List.of(vps, sps, pps));
        Frame frame = new Frame(0, format, 0, 0, true, NalUnits.toLengthPrefixed(List.of(idr)));
        List<Payload> payloads = packetize(RtpPacketizer.forCodec(Codec.H265, 1200), frame);
        assertThat(NalUnits.h265Type(payloads.get(0).bytes()[0])).isEqualTo(48);
        ByteArrayOutputStream reassembled = new ByteArrayOutputStream();
        for (int i = 1; i < payloads.size(); i++) {
            byte[] p = payloads.get(i).bytes();
            assertThat(NalUnits.h265Type(p[0])).isEqualTo(49);
            assertThat(p[2] & 0x3F).isEqualTo(19);
            if (i == 1) {
                reassembled.write((p[0] & 0x81) | (19 << 1));
                reassembled.write(p[1]);
            }
            reassembled.write(p, 3, p.length - 3);
        }
        assertThat(reassembled.toByteArray()).isEqualTo(idr);
        assertThat(payloads).allMatch(p -> p.bytes().length <= 1200);
    }

    @Test
    void aacAccessUnitCarriesAThirteenBitSizeHeaderAndFragmentsWhenLarge() {
        byte[] asc = AudioSpecificConfig.build(2, 48000, 2);
        TrackFormat format = TrackFormat.audio(Codec.AAC, 48000, 2, asc);
        List<Payload> small = packetize(RtpPacketizer.forCodec(Codec.AAC, 1400),
                new Frame(1, format, 0, 0, true, new byte[300]));
        assertThat(small).hasSize(1);
        byte[] p = small.get(0).bytes();
        assertThat(((p[0] & 0xFF) << 8) | (p[1] & 0xFF)).isEqualTo(16);
        assertThat((((p[2] & 0xFF) << 8) | (p[3] & 0xFF)) >> 3).isEqualTo(300);
        assertThat(small.get(0).marker()).isTrue();

        List<Payload> large = packetize(RtpPacketizer.forCodec(Codec.AAC, 500), new Frame(1, format, 0, 0, true,
                new byte[1200]));
        assertThat(large).hasSize(3);
        assertThat(large).allMatch(x -> (((x.bytes()[2] & 0xFF) << 8 | (x.bytes()[3] & 0xFF)) >> 3) == 1200);
        assertThat(large.stream().map(Payload::marker)).containsExactly(false, false, true);
    }

    @Test
    void g711IsCutInto20MillisecondPacketsWithTimestampOffsets() {
        TrackFormat format = TrackFormat.audio(Codec.PCMA, 8000, 1, null);
        List<Payload> payloads = packetize(RtpPacketizer.forCodec(Codec.PCMA, 1400),
                new Frame(1, format, 0, 0, true, new byte[400]));
        assertThat(payloads.stream().map(x -> x.bytes().length)).containsExactly(160, 160, 80);
        assertThat(payloads.stream().map(Payload::timestampOffset)).containsExactly(0L, 160L, 320L);
    }

    @Test
    void rtpPacketsRoundTripAndBadPacketsAreTypedErrors() throws RtpFormatException {
        byte[] packet = new byte[12 + 4];
        RtpPacket.writeHeader(packet, 0, 96, true, 65535, 0xFFFFFFF0L, 0xDEADBEEFL);
        packet[12] = 7;
        RtpPacket p = RtpPacket.parse(packet, 0, packet.length);
        assertThat(p.payloadType()).isEqualTo(96);
        assertThat(p.marker()).isTrue();
        assertThat(p.sequenceNumber()).isEqualTo(65535);
        assertThat(p.timestamp()).isEqualTo(0xFFFFFFF0L);
        assertThat(p.ssrc()).isEqualTo(0xDEADBEEFL);
        assertThat(p.payload()).containsExactly(7, 0, 0, 0);
        assertThatThrownBy(() -> RtpPacket.parse(new byte[8], 0, 8)).isInstanceOf(RtpFormatException.class);
        byte[] v1 = packet.clone();
        v1[0] = 0x40;
        assertThatThrownBy(() -> RtpPacket.parse(v1, 0, v1.length)).isInstanceOf(RtpFormatException.class);
        byte[] badPadding = packet.clone();
        badPadding[0] |= 0x20;
        badPadding[15] = 100;
        assertThatThrownBy(() -> RtpPacket.parse(badPadding, 0, badPadding.length))
                .isInstanceOf(RtpFormatException.class);
    }

    @Test
    void senderReportCarriesSubSecondNtpTime() throws RtpFormatException {
        long unixMicros = 1_790_000_000_123_456L;
        byte[] sr = RtcpPackets.senderReport(new RtcpPackets.SenderReport(42, RtcpPackets.unixMicrosToNtp(unixMicros),
                90_000, 10, 12_000));
        RtcpPackets.SenderReport back = (RtcpPackets.SenderReport) RtcpPackets.parse(sr, 0, sr.length).get(0);
        assertThat(back.unixMillis()).isEqualTo(unixMicros / 1000);
        assertThat(back.ntpTimestamp() & 0xFFFFFFFFL).as("NTP fraction").isNotZero();
        byte[] rr = RtcpPackets.receiverReport(7, List.of(new RtcpPackets.ReportBlock(42, 12, -3, 70_000, 5, 1, 2)));
        RtcpPackets.ReceiverReport rrBack = (RtcpPackets.ReceiverReport) RtcpPackets.parse(rr, 0, rr.length).get(0);
        assertThat(rrBack.blocks().get(0).cumulativeLost()).isEqualTo(-3);
        assertThat(rrBack.blocks().get(0).extendedHighestSequence()).isEqualTo(70_000);
        assertThatThrownBy(() -> RtcpPackets.parse(sr, 0, 20)).isInstanceOf(RtpFormatException.class);
    }

    @Test
    void streamWriterNumbersPacketsAndWrapsTimestamps() {
        TrackFormat format = TrackFormat.audio(Codec.PCMU, 8000, 1, null);
        RtpStreamWriter w = new RtpStreamWriter(RtpPacketizer.forCodec(Codec.PCMU, 1400), 0, 1, 8000, 1400, 65534,
                0xFFFFFF00L);
        List<long[]> seen = new ArrayList<>();
        w.write(new Frame(0, format, 0, 0, true, new byte[480]), 0x200, (packet, len, ts) -> {
            try {
                RtpPacket p = RtpPacket.parse(packet, 0, len);
                seen.add(new long[] {p.sequenceNumber(), p.timestamp()});
            } catch (RtpFormatException e) {
                throw new AssertionError(e);
            }
        });
        assertThat(seen).hasSize(3);
        assertThat(seen.stream().map(x -> x[0])).containsExactly(65534L, 65535L, 0L);
        assertThat(seen.stream().map(x -> x[1])).containsExactly(0x100L, 0x1A0L, 0x240L);
        assertThat(w.packetCount()).isEqualTo(3);
        assertThat(RtpClock.convert(48_000, 48_000, 90_000)).isEqualTo(90_000);
        assertThat(RtpClock.convert(1001, 30_000, 90_000)).isEqualTo(3003);
    }
}
