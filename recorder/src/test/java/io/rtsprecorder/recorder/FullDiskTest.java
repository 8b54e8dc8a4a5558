package io.rtsprecorder.recorder;

import static io.rtsprecorder.recorder.RecorderHarness.inState;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtsprecorder.camera.MockCamera;
import io.rtsprecorder.camera.MockCameraConfig;
import io.rtsprecorder.camera.MountConfig;
import io.rtsprecorder.recorder.config.ConfigLoader;
import io.rtsprecorder.recorder.storage.RecordedSegments;
import io.rtsprecorder.recorder.storage.Tmpfs;
import io.rtsprecorder.testsupport.FixtureSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recording into a real file system until it is full, then making room. */
class FullDiskTest {

    @TempDir
    Path dir;

    @Test
    void fullVolumeLeavesOnlyPlayableFilesShowsDiskFullAndRecordingResumesWhenSpaceIsBack() throws Exception {
        Path clip = RecordedSegments.fixture(FixtureSpec.h264Aac().withDuration(10).withVideoBitrate("6M")
                .withGop(1.0));
        try (Tmpfs fs = Tmpfs.mount(dir, "3m");
             MockCamera camera = MockCamera.start(MockCameraConfig.loopback(List.of(MountConfig.file("/busy", clip)))
                     .withPorts(0, -1));
             RecorderHarness recorder = RecorderHarness.start(fs.dir, Map.of(
                     ConfigLoader.SERVER_ADDRESS, camera.url("/busy"),
                     ConfigLoader.SEGMENT_DURATION, "1s",
                     // retention would make room by itself; here the test does, to see the camera wait for it
                     ConfigLoader.RETENTION_MIN_FREE_PERCENT, "0"))) {
            JsonNode full = recorder.awaitDevice("camera", inState("FAILED"), Duration.ofSeconds(30));
            assertThat(full.path("failure").asText()).isEqualTo("disk_full");
            assertThat(full.path("lastError").asText()).contains("No space left on device");
            assertThat(recorder.get("/metrics").body()).contains("recorder_disk_full{device=\"camera\"} 1.0");
            List<Path> files = recorder.segmentFiles();
            assertThat(files).hasSizeGreaterThanOrEqualTo(2);
            recorder.assertAllDecodeCleanly();
            assertThat(Files.readString(RecorderHarness.testLog()))
                    .doesNotContain("unexpected failure");

            // make room: delete every complete segment but the newest through the API
            JsonNode list = RecorderHarness.json(recorder.get("/api/v1/recordings?device=camera&order=oldest"));
            int segments = list.path("segments").size();
            for (int i = 0; i < segments - 1; i++) {
                String url = list.path("segments").get(i).path("url").asText();
                assertThat(recorder.send("DELETE", url, null).statusCode()).isEqualTo(200);
            }
            JsonNode back = recorder.awaitDevice("camera", inState("RECORDING").and(d -> !d.path("currentFile")
                    .isNull()), Duration.ofSeconds(35));
            assertThat(back.path("reconnects").asLong()).isGreaterThanOrEqualTo(1);
            recorder.post("/record/off", null);
            recorder.assertAllDecodeCleanly();
        }
    }
}
