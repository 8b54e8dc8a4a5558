package io.rtsprecorder.testsupport;

import static io.rtsprecorder.testsupport.PeerAssertions.closeAndAssertNoProcessSurvives;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/** VLC's RTSP output serving a 4 s clip in a loop: UDP only, and timestamps that step back at each loop. */
@Execution(ExecutionMode.CONCURRENT)
class VlcRtspServerTest {

    /** H.264 640x360 25 fps, 1 s GOP, + AAC 48 kHz mono: 100 frames, 4 s. */
    static final FixtureSpec CLIP = FixtureSpec.h264Aac().withDuration(4);

    @TempDir
    static Path dir;
    private static VlcRtspServer server;

    @BeforeAll
    static void start() {
        Path clip = MediaOracle.get().fixture(CLIP, Path.of("target", "fixtures"));
        server = VlcRtspServer.start(dir, clip);
    }

    @AfterAll
    static void stop() {
        closeAndAssertNoProcessSurvives(server);
    }

    @Test
    void servesTheClipOverUdpAndAnswersInterleavedTcpWith461() throws Exception {
        ProbeResult probe = MediaOracle.get().probeRtsp(server.url(), "udp", Duration.ofSeconds(15));
        assertThat(probe.video().orElseThrow().codecName()).isEqualTo("h264");
        assertThat(probe.video().orElseThrow().width()).isEqualTo(640);
        assertThat(probe.video().orElseThrow().height()).isEqualTo(360);
        assertThat(probe.audio().orElseThrow().codecName()).isEqualTo("aac");
        assertThat(probe.audio().orElseThrow().sampleRate()).isEqualTo(48_000);

        try (RtspTestClient c = RtspTestClient.connect("127.0.0.1", server.port(), Duration.ofSeconds(5))) {
            String control = RtspSessions.describeControls(c, server.url()).get(0);
            RtspTestClient.Response setup = c.request("SETUP", control,
                    "Transport: RTP/AVP/TCP;unicast;interleaved=0-1");
            assertThat(setup.status()).as(setup.statusLine()).isEqualTo(461);
        }
    }

    @Test
    void rtpTimestampsOfTheVideoStepBackAtEachLoopWhileSequenceNumbersGoOn() throws Exception {
        List<Long> steps = new ArrayList<>();
        int packets = 0;
        try (RtspTestClient c = RtspTestClient.connect("127.0.0.1", server.port(), Duration.ofSeconds(5));
             RtspSessions.UdpSession udp = RtspSessions.playUdp(c, server.url())) {
            assertThat(udp.play().status()).isEqualTo(200);
            int video = udp.track("video");
            assertThat(video).as("video track in %s", udp.mediaTypes()).isGreaterThanOrEqualTo(0);
            long lastTs = -1;
            int lastSeq = -1;
            long deadline = System.nanoTime() + Duration.ofSeconds(7).toNanos();
            while (System.nanoTime() < deadline && steps.size() < 2) {
                byte[] p = udp.receiveRtp(video, 500);
                if (p == null) {
                    continue;
                }
                packets++;
                long ts = RtspSessions.rtpTimestamp(p);
                int seq = RtspSessions.rtpSequence(p);
                if (lastTs >= 0) {
                    assertThat(seq).as("sequence number after %d (ts %d -> %d, %d packets in): %d", lastSeq, lastTs, ts,
                            packets, seq).isEqualTo((lastSeq + 1) & 0xffff);
                    long delta = (int) (ts - lastTs); // 32-bit wrap
                    if (delta < 0) {
                        steps.add(delta);
                    }
                }
                lastTs = ts;
                lastSeq = seq;
            }
        }
        System.out.printf("VLC loop seams: %d video RTP packets, timestamp steps %s (90 kHz ticks)%n", packets, steps);
        assertThat(steps).as("timestamp steps back within 7 s of a 4 s loop").isNotEmpty();
        assertThat(steps).allSatisfy(step -> assertThat(step).as("step back, ticks").isBetween(-3 * 90_000L, -900L));
    }
}
