package io.rtsprecorder.media.rtsp;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtsprecorder.media.rtp.RtcpPackets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A camera that interleaves on other channels than the client asked for, as a Panasonic answers
 * {@code interleaved=20-21} to a SETUP for 0-1 (deepch/RTSPtoWeb#83) and go2rtc 4-5: the client takes the
 * channels of the answer, for RTP and RTCP alike.
 */
class InterleavedChannelsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final long VIDEO_SSRC = 0x74250E46L;

    @Test
    void mediaAndByeArriveOnTheChannelsTheCameraAnswered() throws Exception {
        try (ScriptedRtspServer server = ScriptedRtspServer.startAnsweringChannelsFrom(
                ScriptedRtspServer.VIDEO_AND_AUDIO, 60, 20);
             StreamingClient s = new StreamingClient(RtspClientConfig.of(server.url())
                     .withTransport(RtspClientConfig.Transport.TCP).withReadTimeout(Duration.ofSeconds(60)))) {
            server.awaitPlaying(WAIT);
            for (int seq = 0; seq < 5; seq++) {
                server.sendRtp(0, ScriptedRtspServer.h264(seq, seq * 3600L, VIDEO_SSRC, true, seq == 0));
            }
            server.sendRtp(1, ScriptedRtspServer.g711(8, 1, 0, 0x1234L));
            for (int i = 0; i < WAIT.toMillis() / 10 && s.client.receptionStatistics().get(1).packetsReceived() < 1;
                    i++) {
                Thread.sleep(10);
            }

            server.sendRtcp(0, RtcpPackets.bye(List.of(VIDEO_SSRC), null)); // on channel 21

            assertThat(s.awaitEnd(WAIT)).as("the BYE on channel 21 ends the stream")
                    .isInstanceOfSatisfying(RtspClientException.class,
                            e -> assertThat(e.reason()).isEqualTo(RtspClientException.Reason.STREAM_ENDED));
            assertThat(s.frames(0)).as("video frames from channel 20").isEqualTo(5);
            assertThat(s.frames(1)).as("audio frames from channel 22").isEqualTo(1);
        }
    }
}
