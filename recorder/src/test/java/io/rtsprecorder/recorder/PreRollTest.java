package io.rtsprecorder.recorder;

import static io.rtsprecorder.recorder.RecorderHarness.inState;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtsprecorder.camera.MockCamera;
import io.rtsprecorder.camera.MockCameraConfig;
import io.rtsprecorder.camera.MountConfig;
import io.rtsprecorder.recorder.config.ConfigLoader;
import io.rtsprecorder.testsupport.MediaOracle;
import io.rtsprecorder.testsupport.PacketInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With a pre-roll the camera stays connected while recording is off, and {@code /record/on} starts the file with
 * the video from before the call: what an event (a door sensor calling {@code /record/on}) needs.
 */
class PreRollTest {

    @TempDir
    Path dir;

    @Test
    void recordOnStartsTheFileAtAKeyframeThePreRollBeforeTheCallAndOffKeepsTheCameraConnected() throws Exception {
        // 1 s GOP; a 5 s pre-roll must give at least 4 s before the call
        try (MockCamera camera = MockCamera.start(MockCameraConfig.loopback(List.of(MountConfig.bundled("/cam",
                "h264-aac-640x360-25fps.mp4"))).withPorts(0, -1));
             RecorderHarness recorder = RecorderHarness.start(dir, Map.of(
                     ConfigLoader.SERVER_ADDRESS, camera.url("/cam"),
                     ConfigLoader.RECORD_ON_START, "false",
                     ConfigLoader.PRE_ROLL, "5s"))) {
            JsonNode standby = recorder.awaitDevice("camera", inState("STANDBY"), Duration.ofSeconds(10));
            assertThat(standby.path("recording").asBoolean()).isFalse();
            assertThat(standby.path("gap").isNull()).as("nothing lost: it never recorded").isTrue();
            Thread.sleep(7000);
            assertThat(recorder.segmentFiles()).as("nothing is written in standby").isEmpty();

            Instant call = Instant.now();
            recorder.post("/record/on", null);
            recorder.awaitDevice("camera", inState("RECORDING"), Duration.ofSeconds(5));
            Thread.sleep(3000);
            recorder.post("/record/off", null);
            JsonNode after = recorder.awaitDevice("camera", inState("STANDBY"), Duration.ofSeconds(5));
            assertThat(after.path("reconnects").asLong()).as("one session throughout").isZero();
            assertThat(after.path("gap").path("reason").asText()).isEqualTo("off");

            JsonNode segment = RecorderHarness.json(recorder.get("/api/v1/recordings?device=camera"))
                    .path("segments").get(0);
            Instant start = Instant.parse(segment.path("start").asText());
            double before = Duration.between(start, call).toMillis() / 1000.0;
            System.out.printf("pre-roll 5 s, GOP 1 s: the file starts %.2f s before /record/on%n", before);
            assertThat(before).as("seconds of footage from before the call").isGreaterThanOrEqualTo(4.0)
                    .isLessThan(6.5);
            assertThat(segment.path("durationSeconds").asDouble()).isGreaterThan(before + 2.5);

            Path file = dir.resolve(segment.path("path").asText());
            List<PacketInfo> video = MediaOracle.get().packets(file, "v");
            assertThat(video.get(0).keyframe()).as("the file starts at a keyframe").isTrue();
            assertThat(MediaOracle.get().nonIncreasingDts(file)).isEmpty();
            recorder.assertAllDecodeCleanly();
        }
    }
}
