package io.rtsprecorder.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtsprecorder.media.codec.AudioSpecificConfig;
import io.rtsprecorder.media.codec.Codec;
import io.rtsprecorder.media.codec.Frame;
import io.rtsprecorder.media.codec.NalUnits;
import io.rtsprecorder.media.codec.TrackFormat;
import io.rtsprecorder.media.demux.Mp4Demuxer;
import io.rtsprecorder.media.testing.Fixtures;
import io.rtsprecorder.testsupport.FixtureSpec;
import io.rtsprecorder.testsupport.MediaOracle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Frames from real clips go through our packetizers and back through the depacketizers unchanged. */
class DepacketizerTest {

    @TempDir
    Path dir;

    /** The packets of one track, as the camera would send them. */
    private static List<byte[]> packetsOf(List<Frame> frames, TrackFormat format, int maxPayload, long timestampBase) {
        int rate = RtpClock.rate(format);
        RtpStreamWriter writer = new RtpStreamWriter(RtpPacketizer.forCodec(format.codec(), maxPayload), 96, 1234, rate,
                maxPayload, 100, timestampBase);
        List<byte[]> packets = new ArrayList<>();
        for (Frame f : frames) {
            writer.write(f, RtpClock.convert(f.pts(), f.format().timescale(), rate),
                    (p, len, ts) -> packets.add(Arrays.copyOf(p, len)));
        }
        return packets;
    }

    private static List<Frame> depacketize(List<byte[]> packets, TrackFormat sdpFormat) throws RtpFormatException {
        RtpDepacketizer d = RtpDepacketizer.forTrack(0, sdpFormat, Map.of());
        RtpTimestampUnwrapper unwrapper = new RtpTimestampUnwrapper();
        List<Frame> out = new ArrayList<>();
        for (byte[] bytes : packets) {
            RtpPacket p = RtpPacket.parse(bytes, 0, bytes.length);
            d.push(p, unwrapper.unwrap(p.timestamp()), out::add);
        }
        d.flush(out::add);
        assertThat(d.discardedPackets()).isZero();
        return out;
    }

    private static List<Frame> trackFrames(Path clip, Codec codec) throws IOException {
        List<Frame> frames = new ArrayList<>();
        try (Mp4Demuxer demuxer = Mp4Demuxer.open(clip)) {
            for (Frame f = demuxer.readFrame(); f != null; f = demuxer.readFrame()) {
                if (f.format().codec() == codec) {
                    frames.add(f);
                }
            }
        }
        return frames;
    }

    static Stream<Arguments> videoClips() {
        return Stream.of(
                Arguments.of("h264", FixtureSpec.h264Aac().withDuration(2).withSize(1280, 720), Codec.H264),
                Arguments.of("h264 b-frames", FixtureSpec.h264BFramesAac().withDuration(2), Codec.H264),
                Arguments.of("h265", FixtureSpec.h265Alaw().withDuration(2).withSize(1280, 720), Codec.H265));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("videoClips")
    void videoFramesSurviveARoundTripAndDecode(String name, FixtureSpec spec, Codec codec) throws Exception {
        List<Frame> original = trackFrames(Fixtures.get(spec), codec);
        TrackFormat format = original.get(0).format();
        // The SDP carries no parameter sets here: they must come from the in-band STAP-A/AP.
        TrackFormat sdpFormat = TrackFormat.video(codec, 0, 0, List.of());
        List<Frame> back = depacketize(packetsOf(original, format, 1400, 0xFFFF_0000L), sdpFormat);

        assertThat(back).hasSize(original.size());
        for (int i = 0; i < back.size(); i++) {
            Frame a = original.get(i);
            Frame b = back.get(i);
            assertThat(b.data()).as("frame %d", i).isEqualTo(a.data());
            assertThat(b.keyframe()).isEqualTo(a.keyframe());
            assertThat(b.pts() - back.get(0).pts()).isEqualTo(RtpClock.convert(a.pts() - original.get(0).pts(),
                    a.format().timescale(), 90_000));
            assertThat(b.dts()).as("dts <= pts at %d", i).isLessThanOrEqualTo(b.pts());
            if (i > 0) {
                assertThat(b.dts()).as("dts increasing at %d", i).isGreaterThan(back.get(i - 1).dts());
            }
        }
        assertThat(back.get(back.size() - 1).format().width()).isEqualTo(spec.width());
        assertThat(back.get(0).format().parameterSets()).hasSize(codec == Codec.H265 ? 3 : 2);
        assertThat(back.get(back.size() - 1).pts()).as("timestamps unwrapped past 2^32").isGreaterThan(0xFFFF_FFFFL);

        List<byte[]> units = new ArrayList<>();
        for (Frame f : back) {
            if (f.keyframe()) {
                units.addAll(f.format().parameterSets());
            }
            units.addAll(NalUnits.splitLengthPrefixed(f.data()));
        }
        Path annexB = dir.resolve(codec == Codec.H265 ? "out.hevc" : "out.h264");
        Files.write(annexB, NalUnits.toAnnexB(units));
        assertThat(MediaOracle.get().decodeErrors(annexB)).isEmpty();
    }

    @Test
    void accessUnitsSplitOnTimestampChangeWhenTheMarkerBitIsMissing() throws Exception {
        List<Frame> original = trackFrames(Fixtures.get(FixtureSpec.h264Aac().withDuration(1)), Codec.H264);
        List<byte[]> packets = packetsOf(original, original.get(0).format(), 1400, 0);
        for (byte[] p : packets) {
            p[1] &= 0x7F; // clear every marker bit
        }
        List<Frame> back = depacketize(packets, original.get(0).format());
        assertThat(back).hasSize(original.size());
        assertThat(back.get(10).data()).isEqualTo(original.get(10).data());
    }

    @Test
    void aLostFragmentDropsItsGroupOfPicturesAndTheNextKeyframeResumes() throws Exception {
        List<Frame> original = trackFrames(Fixtures.get(FixtureSpec.h264Aac().withDuration(2).withSize(1280, 720)),
                Codec.H264);
        List<byte[]> packets = new ArrayList<>(packetsOf(original, original.get(0).format(), 1400, 0));
        packets.remove(3); // a middle FU-A of the first (large) keyframe
        RtpDepacketizer d = RtpDepacketizer.forTrack(0, original.get(0).format(), Map.of());
        List<Frame> out = new ArrayList<>();
        RtpTimestampUnwrapper unwrapper = new RtpTimestampUnwrapper();
        for (byte[] bytes : packets) {
            RtpPacket p = RtpPacket.parse(bytes, 0, bytes.length);
            d.push(p, unwrapper.unwrap(p.timestamp()), out::add);
        }
        assertThat(d.discardedPackets()).isPositive();
        // The loss hits the first keyframe: its whole 1 s GOP (25 frames) goes, the second GOP is intact.
        assertThat(out).hasSize(original.size() - 25);
        assertThat(out.get(0).keyframe()).isTrue();
        assertThat(out.get(0).data()).isEqualTo(original.get(25).data());
    }

    @Test
    void annexBWrappedNalUnitsAreUnwrapped() throws Exception {
        byte[] sps = {0x67, 0x42, 0x00, 0x1e, (byte) 0x95, (byte) 0xa8, 0x28, 0x0f, 0x64};
        byte[] idr = {0x65, (byte) 0x88, (byte) 0x84, 0x00, 0x33};
        byte[] payload = NalUnits.toAnnexB(List.of(idr));
        byte[] packet = new byte[12 + payload.length];
        RtpPacket.writeHeader(packet, 0, 96, true, 1, 9000, 1);
        System.arraycopy(payload, 0, packet, 12, payload.length);
        RtpDepacketizer d = RtpDepacketizer.forTrack(0, TrackFormat.video(Codec.H264, 0, 0, List.of(sps)), Map.of());
        List<Frame> out = new ArrayList<>();
        d.push(RtpPacket.parse(packet, 0, packet.length), 9000, out::add);
        d.flush(out::add);
        assertThat(out).hasSize(1);
        assertThat(NalUnits.splitLengthPrefixed(out.get(0).data())).containsExactly(idr);
        assertThat(out.get(0).keyframe()).isTrue();
    }

    @Test
    void aacWithSeveralAccessUnitsPerPacketAndAdtsHeaders() throws Exception {
        byte[] asc = AudioSpecificConfig.build(2, 48000, 1);
        TrackFormat format = TrackFormat.audio(Codec.AAC, 48000, 1, asc);
        byte[] au1 = {1, 2, 3, 4, 5};
        byte[] au2 = {6, 7, 8};
        byte[] adtsHeader = new AudioSpecificConfig(2, 48000, 1).adtsHeader(2);
        byte[] au3 = new byte[adtsHeader.length + 2];
        System.arraycopy(adtsHeader, 0, au3, 0, adtsHeader.length);
        au3[7] = 9;
        au3[8] = 10;
        byte[] packet = new byte[12 + 2 + 6 + au1.length + au2.length + au3.length];
        RtpPacket.writeHeader(packet, 0, 97, true, 1, 1000, 1);
        int pos = 12;
        packet[pos++] = 0;
        packet[pos++] = 48; // three 16-bit AU headers
        for (byte[] au : List.of(au1, au2, au3)) {
            packet[pos++] = (byte) (au.length >> 5);
            packet[pos++] = (byte) ((au.length & 0x1F) << 3);
        }
        for (byte[] au : List.of(au1, au2, au3)) {
            System.arraycopy(au, 0, packet, pos, au.length);
            pos += au.length;
        }
        List<Frame> out = new ArrayList<>();
        RtpDepacketizer.forTrack(1, format, Map.of("mode", "AAC-hbr", "sizelength", "13"))
                .push(RtpPacket.parse(packet, 0, packet.length), 1000, out::add);
        assertThat(out).hasSize(3);
        assertThat(out.stream().map(Frame::pts)).containsExactly(1000L, 2024L, 3048L);
        assertThat(out.get(0).data()).isEqualTo(au1);
        assertThat(out.get(2).data()).containsExactly(9, 10);
    }

    @Test
    void aacAndG711FromRealClipsRoundTrip() throws Exception {
        Path clip = Fixtures.get(FixtureSpec.h264Aac().withDuration(1));
        List<Frame> aac = trackFrames(clip, Codec.AAC);
        List<Frame> back = depacketize(packetsOf(aac, aac.get(0).format(), 200, 5), aac.get(0).format());
        assertThat(back).hasSize(aac.size());
        assertThat(back.get(7).data()).isEqualTo(aac.get(7).data());

        List<Frame> alaw = trackFrames(Fixtures.get(FixtureSpec.h265Alaw().withDuration(1)), Codec.PCMA);
        List<Frame> alawBack = depacketize(packetsOf(alaw, alaw.get(0).format(), 1400, 5), alaw.get(0).format());
        assertThat(alawBack.stream().mapToInt(f -> f.data().length).sum())
                .isEqualTo(alaw.stream().mapToInt(f -> f.data().length).sum());
    }

    @Test
    void timestampsUnwrapAcrossTheThirtyTwoBitBoundaryBothWays() {
        RtpTimestampUnwrapper u = new RtpTimestampUnwrapper();
        assertThat(u.unwrap(0xFFFF_FF00L)).isEqualTo(0xFFFF_FF00L);
        assertThat(u.unwrap(0x0000_0100L)).isEqualTo(0x1_0000_0100L);
        assertThat(u.unwrap(0xFFFF_FFF0L)).as("a reordered packet from before the wrap").isEqualTo(0xFFFF_FFF0L);
        assertThat(u.unwrap(0x0000_0200L)).isEqualTo(0x1_0000_0200L);
    }
}
