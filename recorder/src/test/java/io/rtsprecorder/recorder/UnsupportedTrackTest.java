package io.rtsprecorder.recorder;

import static io.rtsprecorder.recorder.RecorderHarness.inState;
import static io.rtsprecorder.recorder.RecorderHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtsprecorder.camera.MockCamera;
import io.rtsprecorder.camera.MockCameraConfig;
import io.rtsprecorder.camera.MountConfig;
import io.rtsprecorder.recorder.config.ConfigLoader;
import io.rtsprecorder.recorder.storage.RecordedSegments;
import io.rtsprecorder.testsupport.FixtureSpec;
import io.rtsprecorder.testsupport.MediaOracle;
import io.rtsprecorder.testsupport.ProbeResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A camera whose audio the configured container cannot carry: the H.265 + G.711 A-law stream of many Hikvision and
 * Dahua cameras (the mock camera's {@code /h265}) with {@code ContainerFormat=ts}. The video is recorded, the audio
 * is left out and shown in the camera's status; a camera with nothing the container carries is FAILED
 * ({@code unsupported}) at once. Never an empty file.
 */
class UnsupportedTrackTest {

    @TempDir
    Path dir;

    @Test
    void h265WithG711IntoTsRecordsTheVideoAndListsTheSkippedAudioInTheStatus() throws Exception {
        try (MockCamera camera = MockCamera.start(MockCameraConfig.loopback(MockCameraConfig.bundledMounts())
                .withPorts(0, -1));
             RecorderHarness recorder = RecorderHarness.start(dir, Map.of(
                     ConfigLoader.SERVER_ADDRESS, camera.url("/h265"),
                     ConfigLoader.CONTAINER, "ts",
                     ConfigLoader.SEGMENT_DURATION, "1h"))) {
            JsonNode recording = recorder.awaitDevice("camera", inState("RECORDING")
                    .and(d -> !d.path("currentFile").isNull()), Duration.ofSeconds(20));
            assertThat(recording.path("failure").isNull()).isTrue();
            assertPcmaSkipped(recording.path("skippedTracks"));
            JsonNode status = json(recorder.get("/status"));
            assertPcmaSkipped(status.path("devices").get(0).path("skippedTracks"));

            Thread.sleep(2000);
            JsonNode off = json(recorder.post("/record/off", null));
            assertThat(off.path("state").asText()).isEqualTo("IDLE");
            List<Path> segments = recorder.segmentFiles().stream().filter(p -> p.toString().endsWith(".ts")).toList();
            assertThat(segments).hasSize(1);
            Path ts = segments.get(0);
            assertThat(MediaOracle.get().decodeErrors(ts)).isEmpty();
            ProbeResult probe = MediaOracle.get().probe(ts, true);
            assertThat(probe.formatName()).isEqualTo("mpegts");
            assertThat(probe.video().orElseThrow().codecName()).isEqualTo("hevc");
            assertThat(probe.video().orElseThrow().frameCount()).as("2 s of 25 fps, at least half").isGreaterThan(25);
            assertThat(probe.audio()).as("the G.711 track is left out").isEmpty();
            JsonNode listed = json(recorder.get("/api/v1/recordings?device=camera")).path("segments").get(0);
            assertThat(listed.path("format").asText()).isEqualTo("ts");
            assertThat(listed.path("codecs")).extracting(JsonNode::asText).containsExactly("h265");
            assertThat(emptyFiles(dir)).as("zero-byte files under the save path").isEmpty();
        }
    }

    @Test
    void anAudioOnlyG711CameraIntoTsIsFailedUnsupportedAndWritesNoFile() throws Exception {
        Path clip = RecordedSegments.fixture(FixtureSpec.h265Alaw().withVideo(null, false).withDuration(10));
        try (MockCamera camera = MockCamera.start(MockCameraConfig.loopback(List.of(MountConfig.file("/mic", clip)))
                .withPorts(0, -1));
             RecorderHarness recorder = RecorderHarness.start(dir, Map.of(
                     ConfigLoader.SERVER_ADDRESS, camera.url("/mic"),
                     ConfigLoader.CONTAINER, "ts"))) {
            JsonNode failed = recorder.awaitDevice("camera", inState("FAILED"), Duration.ofSeconds(20));
            assertThat(failed.path("failure").asText()).isEqualTo("unsupported");
            assertThat(failed.path("lastError").asText()).contains("MPEG-TS", "no standard G.711 stream type");
            assertPcmaSkipped(failed.path("skippedTracks"), 0);
            assertThat(failed.path("framesWritten").asLong()).isZero();
            recorder.post("/record/off", null);
            assertThat(recorder.segmentFiles().stream().filter(p -> !p.toString().contains("/.rtsp-recorder/"))
                    .toList()).isEmpty();
            assertThat(emptyFiles(dir)).isEmpty();
        }
    }

    private static void assertPcmaSkipped(JsonNode skipped) {
        assertPcmaSkipped(skipped, 1); // the sample lists video first, then audio
    }

    private static void assertPcmaSkipped(JsonNode skipped, int track) {
        assertThat(skipped.isArray()).as("skippedTracks: %s", skipped).isTrue();
        assertThat(skipped).hasSize(1);
        JsonNode t = skipped.get(0);
        assertThat(t.path("track").asInt()).isEqualTo(track);
        assertThat(t.path("codec").asText()).isEqualTo("pcma");
        assertThat(t.path("reason").asText()).isEqualTo("MPEG-TS has no standard G.711 stream type"
                + " (record mp4 or flv to keep this audio)");
    }

    private static List<Path> emptyFiles(Path root) throws Exception {
        List<Path> empty = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                if (Files.size(p) == 0) {
                    empty.add(p);
                }
            }
        }
        return empty;
    }
}
