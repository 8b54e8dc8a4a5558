package io.rtsprecorder.recorder;

import static io.rtsprecorder.recorder.RecorderHarness.inState;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtsprecorder.camera.MockCamera;
import io.rtsprecorder.camera.MockCameraConfig;
import io.rtsprecorder.camera.MountConfig;
import io.rtsprecorder.recorder.config.ConfigLoader;
import io.rtsprecorder.testsupport.MediaOracle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Liveness is measured on media that reaches the file, never on bytes on the socket: streams that end with RTCP
 * BYE, that stop RTP while RTCP goes on, or that never carry a usable keyframe leave RECORDING within the stream
 * timeout (plus the monitor's and the writer's granularity), with the open file closed and a gap that says why.
 */
class StreamLivenessTest {

    private static final String TIMEOUT = "3s";
    /** The acceptance bound: the stream timeout plus 2 s. */
    private static final double MAX_SECONDS_TO_LEAVE = 3 + 2;

    @TempDir
    Path dir;

    private static MockCamera camera(MountConfig... mounts) throws Exception {
        return MockCamera.start(MockCameraConfig.loopback(List.of(mounts)).withPorts(0, -1));
    }

    private static MountConfig h264() {
        return MountConfig.bundled("/cam", "h264-aac-640x360-25fps.mp4");
    }

    private RecorderHarness recorder(MockCamera camera) throws Exception {
        return RecorderHarness.start(dir, Map.of(ConfigLoader.SERVER_ADDRESS, camera.url("/cam"),
                ConfigLoader.STREAM_TIMEOUT, TIMEOUT));
    }

    /** Polls until the camera is no longer RECORDING; returns the seconds that took from {@code t0}. */
    private static double secondsUntilNotRecording(RecorderHarness recorder, long t0) throws InterruptedException {
        recorder.awaitDevice("camera", d -> !d.path("state").asText().equals("RECORDING"), Duration.ofSeconds(10));
        return (System.nanoTime() - t0) / 1e9;
    }

    private static JsonNode gaps(RecorderHarness recorder) {
        return RecorderHarness.json(recorder.get("/api/v1/recordings?device=camera")).path("gaps");
    }

    private static List<String> reasons(JsonNode gaps) {
        List<String> out = new ArrayList<>();
        gaps.forEach(g -> out.add(g.path("reason").asText()));
        return out;
    }

    @Test
    void aStreamEndedByRtcpByeLeavesRecordingAtOnceAndIsRecordedAgainWhenTheStreamReturns() throws Exception {
        try (MockCamera camera = camera(h264()); RecorderHarness recorder = recorder(camera)) {
            recorder.awaitDevice("camera", inState("RECORDING").and(d -> d.path("framesWritten").asLong() > 50),
                    Duration.ofSeconds(10));
            String first = recorder.device("camera").path("currentFile").asText();

            // the stream ends; new sessions are refused for 2 s, so the gap is long enough to be listed
            camera.refuse("/cam", true);
            long t0 = System.nanoTime();
            camera.bye("/cam");
            double seconds = secondsUntilNotRecording(recorder, t0);
            System.out.printf("RTCP BYE: left RECORDING after %.2f s%n", seconds);
            assertThat(seconds).as("seconds from BYE to leaving RECORDING").isLessThan(MAX_SECONDS_TO_LEAVE);
            JsonNode after = recorder.awaitDevice("camera", d -> d.path("gap").path("reason").asText().equals("ended"),
                    Duration.ofSeconds(5));
            assertThat(after.path("lastError").asText()).contains("BYE");
            assertThat(after.path("lastFile").asText()).isEqualTo(first);
            Path closed = dir.resolve(first);
            assertThat(MediaOracle.get().decodeErrors(closed)).as("decode errors in the segment the BYE closed")
                    .isEmpty();

            Thread.sleep(2000);
            camera.refuse("/cam", false);
            JsonNode again = recorder.awaitDevice("camera", inState("RECORDING")
                    .and(d -> !d.path("currentFile").asText(first).equals(first)), Duration.ofSeconds(10));
            assertThat(again.path("gap").isNull()).as("no gap open while recording").isTrue();
            recorder.post("/record/off", null);
            assertThat(reasons(gaps(recorder))).startsWith("ended");
            recorder.assertAllDecodeCleanly();
        }
    }

    @Test
    void rtpThatStopsWhileRtcpGoesOnIsAStallWithinTheStreamTimeoutAndRecordsAgainAfterIt() throws Exception {
        try (MockCamera camera = camera(h264()); RecorderHarness recorder = recorder(camera)) {
            recorder.awaitDevice("camera", inState("RECORDING").and(d -> d.path("framesWritten").asLong() > 50),
                    Duration.ofSeconds(10));
            long t0 = System.nanoTime();
            camera.rtpStall("/cam", 7);
            double seconds = secondsUntilNotRecording(recorder, t0);
            System.out.printf("RTP stall with RTCP going on: left RECORDING after %.2f s%n", seconds);
            assertThat(seconds).as("seconds from the stall to leaving RECORDING").isLessThan(MAX_SECONDS_TO_LEAVE);
            JsonNode stalled = recorder.device("camera");
            assertThat(stalled.path("stalls").asLong()).isEqualTo(1);
            assertThat(stalled.path("lastError").asText()).contains("no video frame for 3 s")
                    .contains("still carries");
            assertThat(stalled.path("lastFile").asText()).isNotEmpty();
            assertThat(MediaOracle.get().decodeErrors(dir.resolve(stalled.path("lastFile").asText()))).isEmpty();

            // after the stall (7 s from t0) the camera streams again and the recorder is back
            recorder.awaitDevice("camera", inState("RECORDING").and(d -> d.path("segments").asLong() >= 1
                    && !d.path("currentFile").isNull()), Duration.ofSeconds(15));
            recorder.post("/record/off", null);
            JsonNode gaps = gaps(recorder);
            assertThat(reasons(gaps)).startsWith("stalled");
            assertThat(gaps.get(0).path("detail").asText()).contains("no video frame");
            recorder.assertAllDecodeCleanly();
        }
    }

    @Test
    void aCameraWhoseFramesNeverCarryParameterSetsIsNeverRecordingAndSaysWhy() throws Exception {
        MountConfig undecodable = h264().withSdpParameterSets(false).withInbandParameterSets(false);
        try (MockCamera camera = camera(undecodable); RecorderHarness recorder = recorder(camera)) {
            long t0 = System.nanoTime();
            JsonNode stalled = recorder.awaitDevice("camera", d -> d.path("stalls").asLong() >= 1,
                    Duration.ofSeconds(10));
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("no parameter sets: first stall reported after %.2f s%n", seconds);
            assertThat(seconds).isLessThan(MAX_SECONDS_TO_LEAVE + 2); // plus connecting
            assertThat(stalled.path("lastError").asText()).contains("keyframe with its parameter sets");
            assertThat(stalled.path("gap").path("reason").asText()).isEqualTo("stalled");
            // it keeps trying, and is never called RECORDING
            long until = System.nanoTime() + 3_000_000_000L;
            while (System.nanoTime() < until) {
                assertThat(recorder.device("camera").path("state").asText()).isNotEqualTo("RECORDING");
                Thread.sleep(100);
            }
            assertThat(recorder.segmentFiles()).as("files of a stream that never decoded").isEmpty();
        }
    }

    @Test
    void parameterSetsOnlyInBandAreEnoughToRecord() throws Exception {
        try (MockCamera camera = camera(h264().withSdpParameterSets(false)); RecorderHarness recorder =
                recorder(camera)) {
            recorder.awaitDevice("camera", inState("RECORDING").and(d -> d.path("framesWritten").asLong() > 50),
                    Duration.ofSeconds(10));
            recorder.post("/record/off", null);
            recorder.assertAllDecodeCleanly();
            assertThat(MediaOracle.get().probe(recorder.segmentFiles().get(0)).video().orElseThrow().width())
                    .isEqualTo(640);
        }
    }

    @Test
    void timestampsSteppingBackAreAbsorbedAndTheFileKeepsIncreasingDecodeTimes() throws Exception {
        try (MockCamera camera = camera(h264()); RecorderHarness recorder = recorder(camera)) {
            recorder.awaitDevice("camera", inState("RECORDING").and(d -> d.path("framesWritten").asLong() > 25),
                    Duration.ofSeconds(10));
            camera.timestampStep("/cam", -100);
            recorder.awaitDevice("camera", d -> d.path("timestampSteps").asLong() >= 2, Duration.ofSeconds(5));
            Thread.sleep(1000);
            recorder.post("/record/off", null);
            JsonNode d = recorder.device("camera");
            assertThat(d.path("discontinuities").asLong()).isZero();
            List<Path> files = recorder.segmentFiles();
            assertThat(files).hasSize(1);
            assertThat(MediaOracle.get().nonIncreasingDts(files.get(0))).isEmpty();
            recorder.assertAllDecodeCleanly();
        }
    }

    @Test
    void aTimestampJumpStartsANewSegmentWithoutReportingLostFootage() throws Exception {
        try (MockCamera camera = camera(h264()); RecorderHarness recorder = recorder(camera)) {
            recorder.awaitDevice("camera", inState("RECORDING").and(d -> d.path("framesWritten").asLong() > 25),
                    Duration.ofSeconds(10));
            camera.timestampJump("/cam", 30);
            recorder.awaitDevice("camera", d -> d.path("discontinuities").asLong() >= 1
                    && d.path("segments").asLong() >= 1, Duration.ofSeconds(5));
            Thread.sleep(1500);
            recorder.post("/record/off", null);
            assertThat(recorder.device("camera").path("state").asText()).isEqualTo("IDLE");
            List<Path> files = recorder.segmentFiles();
            assertThat(files).hasSize(2);
            for (Path f : files) {
                assertThat(MediaOracle.get().nonIncreasingDts(f)).as("dts in %s", f.getFileName()).isEmpty();
                assertThat(MediaOracle.get().probe(f).duration()).as("duration of %s", f.getFileName())
                        .isLessThan(10);
            }
            assertThat(reasons(gaps(recorder))).as("gaps between the two segments").containsOnly("off");
            recorder.assertAllDecodeCleanly();
            assertThat(Files.size(files.get(1))).isPositive();
        }
    }
}
