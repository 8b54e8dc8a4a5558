package io.rtsprecorder.camera;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtsprecorder.testsupport.BackgroundTask;
import io.rtsprecorder.testsupport.FixtureSpec;
import io.rtsprecorder.testsupport.MediaOracle;
import io.rtsprecorder.testsupport.PacketInfo;
import io.rtsprecorder.testsupport.ProcessResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A 2 s clip played through more than three loops: timestamps at the client never go backwards. */
class LoopingTest {

    @TempDir
    Path dir;

    @Test
    void timestampsStayMonotonicAcrossThreeLoops() throws Exception {
        MediaOracle oracle = MediaOracle.get();
        Path clip = CameraTestSupport.fixture(FixtureSpec.h264Aac().withDuration(2).withGop(0.5));
        try (MockCamera camera = MockCamera.start(MockCameraConfig.loopback(List.of(MountConfig.file("/short", clip))));
             TestRtspClient raw = new TestRtspClient(camera.port())) {
            Path recording = dir.resolve("loops.mp4");
            BackgroundTask rawClient = BackgroundTask.start("raw-client", () -> {
                raw.play(camera.url("/short"));
                raw.receiveFor(Duration.ofSeconds(7));
            });
            ProcessResult r = oracle.recordRtsp(camera.url("/short"), "tcp", 7, recording);
            rawClient.join(Duration.ofSeconds(20));
            assertThat(r.succeeded()).as(r.describe()).isTrue();
            assertThat(oracle.decodeErrors(recording)).isEmpty();
            for (String stream : List.of("v", "a")) {
                List<PacketInfo> packets = oracle.packets(recording, stream);
                assertThat(packets.size()).isGreaterThan(stream.equals("v") ? 170 : 300);
                for (int i = 1; i < packets.size(); i++) {
                    assertThat(packets.get(i).dtsTime()).as("%s dts at packet %d", stream, i)
                            .isGreaterThan(packets.get(i - 1).dtsTime());
                }
            }
            assertThat(raw.timestampsBackwards[0] + raw.timestampsBackwards[1]).isZero();
            assertThat(raw.sequenceGaps[0] + raw.sequenceGaps[1]).isZero();
            assertThat(camera.status().get(0).loops()).isGreaterThanOrEqualTo(3);
        }
    }
}
