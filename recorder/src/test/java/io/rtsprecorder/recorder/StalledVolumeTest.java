package io.rtsprecorder.recorder;

import static io.rtsprecorder.recorder.RecorderHarness.inState;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtsprecorder.camera.MockCamera;
import io.rtsprecorder.camera.MockCameraConfig;
import io.rtsprecorder.camera.MountConfig;
import io.rtsprecorder.recorder.config.ConfigLoader;
import io.rtsprecorder.recorder.storage.LoopFilesystem;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A volume that stops taking writes (a hung network file system, a failing disk) is not a camera problem: the
 * camera shows STALLED with {@code stall: disk} and the metric says so, while the API keeps answering; when the
 * volume comes back, recording goes on in the same file and everything that was held in memory reaches it.
 */
class StalledVolumeTest {

    @TempDir
    Path dir;

    @Test
    void aFrozenVolumeShowsAsStalledDiskAndRecordingContinuesCleanlyWhenItThaws() throws Exception {
        try (LoopFilesystem volume = LoopFilesystem.mount(dir, 256);
             MockCamera camera = MockCamera.start(MockCameraConfig.loopback(List.of(MountConfig.bundled("/cam",
                     "h264-aac-640x360-25fps.mp4"))).withPorts(0, -1))) {
            RecorderHarness recorder = RecorderHarness.start(volume.dir, Map.of(
                    ConfigLoader.SERVER_ADDRESS, camera.url("/cam"), ConfigLoader.STREAM_TIMEOUT, "3s"));
            try {
                recorder.awaitDevice("camera", inState("RECORDING").and(d -> d.path("framesWritten").asLong() > 50),
                        Duration.ofSeconds(10));
                String file = recorder.device("camera").path("currentFile").asText();
                volume.freeze();
                long t0 = System.nanoTime();
                JsonNode stalled = recorder.awaitDevice("camera", inState("STALLED"), Duration.ofSeconds(15));
                System.out.printf("frozen volume: STALLED after %.2f s%n", (System.nanoTime() - t0) / 1e9);
                assertThat(stalled.path("stall").asText()).isEqualTo("disk");
                assertThat(stalled.path("currentFile").asText()).isEqualTo(file);
                assertThat(recorder.get("/metrics").body())
                        .contains("recorder_write_stalled{device=\"camera\"} 1.0")
                        .contains("recorder_camera_state{device=\"camera\",state=\"stalled\"} 1.0");
                Thread.sleep(2000);
                assertThat(recorder.device("camera").path("state").asText()).as("still stalled, not reconnecting")
                        .isEqualTo("STALLED");
                assertThat(recorder.device("camera").path("reconnects").asLong()).isZero();

                volume.thaw();
                JsonNode again = recorder.awaitDevice("camera", inState("RECORDING"), Duration.ofSeconds(10));
                assertThat(again.path("stall").isNull()).isTrue();
                assertThat(again.path("currentFile").asText()).as("the same file goes on").isEqualTo(file);
                assertThat(again.path("framesDropped").asLong()).as("frames held in memory, not dropped").isZero();
                assertThat(recorder.get("/metrics").body()).contains("recorder_write_stalled{device=\"camera\"} 0.0");
                recorder.post("/record/off", null);
            } finally {
                volume.thaw();
                recorder.close();
            }
            RecorderHarness.assertDecodeCleanly(volume.dir, 1);
        }
    }
}
