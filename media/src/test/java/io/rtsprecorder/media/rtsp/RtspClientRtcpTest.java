package io.rtsprecorder.media.rtsp;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtsprecorder.media.rtp.RtcpPackets;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The client against a {@link ScriptedRtspServer} whose packets the test writes: RTCP BYE ends a stream (only the
 * video's, or in a stream without video every track's), and our receiver reports carry the losses, as the camera
 * reads them.
 */
class RtspClientRtcpTest {

    private static final long VIDEO_SSRC = 0x11110001L;
    private static final long AUDIO_SSRC = 0x22220002L;
    private static final Duration WAIT = Duration.ofSeconds(15);

    private static RtspClientConfig config(ScriptedRtspServer server, RtspClientConfig.Transport transport) {
        // a read timeout far beyond the test's waits: only a BYE can end these streams in time
        return RtspClientConfig.of(server.url()).withTransport(transport).withReadTimeout(Duration.ofSeconds(60));
    }

    /** Waits, bounded in time and in polls, until {@code condition} holds. */
    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < WAIT.toMillis() / 10 && !condition.getAsBoolean(); i++) {
            Thread.sleep(10);
        }
        assertThat(condition.getAsBoolean()).as(what).isTrue();
    }

    private static void awaitPackets(StreamingClient s, int track, long packets) throws InterruptedException {
        await(packets + " packets on track " + track,
                () -> s.client.receptionStatistics().get(track).packetsReceived() >= packets);
    }

    private static void videoFrames(ScriptedRtspServer server, int firstSeq, int count) throws IOException {
        for (int i = 0; i < count; i++) {
            int seq = firstSeq + i;
            server.sendRtp(0, ScriptedRtspServer.h264(seq, seq * 3600L, VIDEO_SSRC, true, i == 0));
        }
    }

    private static RtspClientException streamEnded(Throwable t) {
        assertThat(t).isInstanceOf(RtspClientException.class);
        RtspClientException e = (RtspClientException) t;
        assertThat(e.reason()).isEqualTo(RtspClientException.Reason.STREAM_ENDED);
        return e;
    }

    @ParameterizedTest(name = "over {0}")
    @EnumSource(value = RtspClientConfig.Transport.class, names = {"TCP", "UDP"})
    void videoByeEndsTheStreamAtOnceThoughTheCameraStillAnswersKeepAlives(RtspClientConfig.Transport transport)
            throws Exception {
        try (ScriptedRtspServer server = ScriptedRtspServer.start(ScriptedRtspServer.VIDEO_AND_AUDIO, 2);
             StreamingClient s = new StreamingClient(config(server, transport))) {
            server.awaitPlaying(WAIT);
            videoFrames(server, 100, 3);
            server.sendRtp(1, ScriptedRtspServer.g711(8, 7, 0, AUDIO_SSRC));
            // a picture without its marker bit: the depacketizer holds it until the next one or the end
            server.sendRtp(0, ScriptedRtspServer.h264(103, 4 * 3600L, VIDEO_SSRC, false, false));
            awaitPackets(s, 0, 4);
            await("a keep-alive answered", () -> server.keepAlives() > 0);

            server.sendRtcp(0, RtcpPackets.bye(List.of(VIDEO_SSRC), "shutting down\u0007\n"));

            RtspClientException e = streamEnded(s.awaitEnd(WAIT));
            assertThat(e).hasMessage("camera ended the stream (RTCP BYE): \"shutting down??\"");
            assertThat(s.frames(0)).as("video frames, the held one flushed before stream() threw").isEqualTo(4);
            assertThat(s.frames.stream().filter(f -> f.track() == 0).toList().get(3).keyframe()).isFalse();
            assertThat(s.frames(1)).isEqualTo(1);
        }
    }

    @Test
    void audioByeStopsNothingAndAByeForAnEarlierVideoSourceIsIgnored() throws Exception {
        try (ScriptedRtspServer server = ScriptedRtspServer.start(ScriptedRtspServer.VIDEO_AND_AUDIO, 60);
             StreamingClient s = new StreamingClient(config(server, RtspClientConfig.Transport.TCP))) {
            server.awaitPlaying(WAIT);
            server.sendRtp(1, ScriptedRtspServer.g711(8, 1, 0, AUDIO_SSRC));
            videoFrames(server, 0, 5);
            server.sendRtcp(1, RtcpPackets.bye(List.of(AUDIO_SSRC), "audio off"));
            server.sendRtcp(0, RtcpPackets.bye(List.of(VIDEO_SSRC + 1), null)); // not the video's source
            videoFrames(server, 5, 5);
            await("video frames after both BYEs", () -> s.frames(0) >= 10);
            assertThat(s.ended).as("stream() still running").isNotDone();

            server.sendRtcp(0, RtcpPackets.bye(List.of(VIDEO_SSRC), null));

            assertThat(streamEnded(s.awaitEnd(WAIT))).hasMessage("camera ended the stream (RTCP BYE)");
        }
    }

    @Test
    void inAStreamWithoutVideoTheStreamEndsWhenEveryTrackSaidBye() throws Exception {
        try (ScriptedRtspServer server = ScriptedRtspServer.start(ScriptedRtspServer.AUDIO_ONLY, 60);
             StreamingClient s = new StreamingClient(config(server, RtspClientConfig.Transport.TCP))) {
            server.awaitPlaying(WAIT);
            for (int i = 0; i < 3; i++) {
                server.sendRtp(0, ScriptedRtspServer.g711(8, i, i * 160L, AUDIO_SSRC));
                server.sendRtp(1, ScriptedRtspServer.g711(0, i, i * 160L, AUDIO_SSRC + 1));
            }
            server.sendRtcp(0, RtcpPackets.bye(List.of(AUDIO_SSRC), null));
            server.sendRtp(1, ScriptedRtspServer.g711(0, 3, 3 * 160L, AUDIO_SSRC + 1));
            await("the second track's fourth packet", () -> s.frames(1) >= 4);
            assertThat(s.ended).as("stream() still running after the first track's BYE").isNotDone();

            server.sendRtcp(1, RtcpPackets.bye(List.of(AUDIO_SSRC + 1), null));

            streamEnded(s.awaitEnd(WAIT));
            assertThat(s.frames(0)).isEqualTo(3);
        }
    }

    @Test
    void byeOnTheVideoChannelBeforeAnyVideoPacketEndsTheStream() throws Exception {
        try (ScriptedRtspServer server = ScriptedRtspServer.start(ScriptedRtspServer.VIDEO_AND_AUDIO, 60);
             StreamingClient s = new StreamingClient(config(server, RtspClientConfig.Transport.TCP))) {
            server.awaitPlaying(WAIT);
            server.sendRtp(1, ScriptedRtspServer.g711(8, 1, 0, AUDIO_SSRC));

            server.sendRtcp(0, RtcpPackets.bye(List.of(0x0BADL), null));

            streamEnded(s.awaitEnd(WAIT));
            assertThat(s.frames(0)).isZero();
        }
    }

    /**
     * Video at 25 packets a second, every tenth missing, the sequence numbers wrapping at 65535 before the first
     * report (5 s in): the first receiver report must count exactly the missing ones (RFC 3550 A.3).
     */
    @ParameterizedTest(name = "over {0}")
    @EnumSource(value = RtspClientConfig.Transport.class, names = {"TCP", "UDP"})
    void receiverReportsCarryTheLossesTheSequenceNumbersShow(RtspClientConfig.Transport transport) throws Exception {
        int firstSeq = 65_450;
        long ntp = RtcpPackets.unixMillisToNtp(1_790_000_000_000L);
        try (ScriptedRtspServer server = ScriptedRtspServer.start(ScriptedRtspServer.VIDEO_AND_AUDIO, 60);
             StreamingClient s = new StreamingClient(config(server, transport))) {
            server.awaitPlaying(WAIT);
            server.sendRtcp(0, RtcpPackets.senderReport(new RtcpPackets.SenderReport(VIDEO_SSRC, ntp, 0, 0, 0)));
            RtcpPackets.ReportBlock block = null;
            for (int i = 0; i < 500 && block == null; i++) {
                if (i % 10 != 5) {
                    server.sendRtp(0, ScriptedRtspServer.h264(firstSeq + i, i * 3600L, VIDEO_SSRC, true, i % 25 == 0));
                }
                Thread.sleep(40);
                block = videoReportBlock(server);
            }
            assertThat(block).as("a receiver report about the video within 500 packets").isNotNull();

            long highest = block.extendedHighestSequence();
            assertThat(highest).as("wrapped once: cycles counted").isGreaterThan(65_535);
            long expected = highest - firstSeq + 1;
            long missing = 0;
            for (long seq = firstSeq; seq <= highest; seq++) {
                missing += (seq - firstSeq) % 10 == 5 ? 1 : 0;
            }
            assertThat(missing).isPositive();
            assertThat(block.cumulativeLost()).isEqualTo(missing);
            assertThat(block.fractionLost()).as("first interval: lost * 256 / expected")
                    .isEqualTo((int) (missing * 256 / expected));
            assertThat(block.lastSenderReport()).isEqualTo((ntp >>> 16) & 0xFFFFFFFFL);
            assertThat(block.delaySinceLastSenderReport()).isPositive();

            ReceptionStatistics video = s.client.receptionStatistics().get(0);
            assertThat(video.packetsLost()).isGreaterThanOrEqualTo(missing);
            assertThat(video.packetsReceived()).isGreaterThanOrEqualTo(expected - missing);
            assertThat(video.lastPacketAge()).isNotNull();
            assertThat(s.client.receptionStatistics().get(1).lastPacketAge()).as("no audio sent").isNull();
        }
    }

    /** The block about the video source in the RTCP the client sent so far, or null. */
    private static RtcpPackets.ReportBlock videoReportBlock(ScriptedRtspServer server) throws Exception {
        for (ScriptedRtspServer.ClientRtcp rtcp = server.clientRtcp().poll(); rtcp != null;
             rtcp = server.clientRtcp().poll()) {
            for (RtcpPackets.Packet p : RtcpPackets.parse(rtcp.data(), 0, rtcp.data().length)) {
                if (p instanceof RtcpPackets.ReceiverReport rr) {
                    assertThat(rr.ssrc()).isEqualTo(MediaReception.OUR_SSRC);
                    for (RtcpPackets.ReportBlock b : rr.blocks()) {
                        if (b.ssrc() == VIDEO_SSRC) {
                            return b;
                        }
                    }
                }
            }
        }
        return null;
    }
}
