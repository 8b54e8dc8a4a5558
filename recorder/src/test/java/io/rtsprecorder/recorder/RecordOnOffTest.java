package io.rtsprecorder.recorder;

import static io.rtsprecorder.recorder.RecorderHarness.inState;
import static io.rtsprecorder.recorder.RecorderHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtsprecorder.camera.MockCamera;
import io.rtsprecorder.camera.MockCameraConfig;
import io.rtsprecorder.recorder.config.ConfigLoader;
import io.rtsprecorder.testsupport.MediaOracle;
import io.rtsprecorder.testsupport.TcpForwarder;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /record/on} and {@code /record/off} of the environment-configured camera, reached through a plain TCP
 * forwarder as in a cluster with deviceShifu-TCP.
 */
class RecordOnOffTest {

    @TempDir
    Path dir;
    private MockCamera camera;
    private TcpForwarder forwarder;
    private RecorderHarness recorder;

    @BeforeEach
    void start() throws Exception {
        camera = MockCamera.start(MockCameraConfig.loopback(MockCameraConfig.bundledMounts()).withPorts(0, -1));
        forwarder = TcpForwarder.start(camera.port());
        recorder = RecorderHarness.start(dir, Map.of(
                ConfigLoader.SERVER_ADDRESS, "127.0.0.1:" + forwarder.port() + "/h264",
                ConfigLoader.RECORD_ON_START, "false",
                ConfigLoader.SEGMENT_DURATION, "1h"));
    }

    @AfterEach
    void stop() {
        recorder.close();
        forwarder.close();
        camera.close();
    }

    @Test
    void recordOnWritesAGrowingFileAndRecordOffLeavesItFullyDecodable() throws Exception {
        assertThat(recorder.device("camera").path("state").asText()).isEqualTo("IDLE");
        assertThat(recorder.segmentFiles()).isEmpty();

        long t0 = System.nanoTime();
        HttpResponse<String> on = recorder.post("/record/on", null);
        assertThat(on.statusCode()).as(on.body()).isEqualTo(200);
        assertThat(json(on).path("recording").asBoolean()).isTrue();
        Path first = awaitGrowingFile(Duration.ofSeconds(3));
        double secondsToGrowth = (System.nanoTime() - t0) / 1e9;
        assertThat(secondsToGrowth).isLessThan(3.0);
        System.out.printf("through the forwarder: file growing %.2f s after /record/on%n", secondsToGrowth);
        Thread.sleep(2000);

        HttpResponse<String> off = recorder.get("/record/off");
        // the response arrives after the file is closed: decode it right now, before anything else happens
        List<String> errors = MediaOracle.get().decodeErrors(first);
        assertThat(off.statusCode()).as(off.body()).isEqualTo(200);
        JsonNode stopped = json(off);
        assertThat(stopped.path("state").asText()).isEqualTo("IDLE");
        assertThat(stopped.path("currentFile").isNull()).isTrue();
        assertThat(dir.resolve(stopped.path("lastFile").asText())).isEqualTo(first);
        assertThat(errors).isEmpty();
        var probe = MediaOracle.get().probe(first, true);
        assertThat(probe.video().orElseThrow().codecName()).isEqualTo("h264");
        assertThat(probe.audio().orElseThrow().codecName()).isEqualTo("aac");
        assertThat(probe.duration()).isGreaterThan(1.5);
        long sizeAtOff = Files.size(first);
        Thread.sleep(300);
        assertThat(Files.size(first)).as("nothing is written after /record/off").isEqualTo(sizeAtOff);

        HttpResponse<String> again = recorder.post("/record/on", null);
        assertThat(again.statusCode()).isEqualTo(200);
        recorder.awaitDevice("camera", d -> !d.path("currentFile").isNull()
                && !dir.resolve(d.path("currentFile").asText()).equals(first), Duration.ofSeconds(5));
        recorder.post("/record/off", null);
        assertThat(recorder.segmentFiles()).hasSize(2);
        recorder.assertAllDecodeCleanly();
        assertThat(forwarder.connectionsAccepted()).as("both sessions went through the forwarder").isEqualTo(2);
    }

    @Test
    void recordOnTwiceKeepsOneSessionAndOffWhenIdleIsHarmless() throws Exception {
        assertThat(recorder.post("/record/off", null).statusCode()).isEqualTo(200);
        recorder.post("/record/on", null);
        recorder.post("/record/on?device=camera", null);
        recorder.awaitDevice("camera", inState("RECORDING"), Duration.ofSeconds(5));
        Thread.sleep(500);
        assertThat(forwarder.connectionsAccepted()).isEqualTo(1);
        assertThat(recorder.post("/record/off", null).statusCode()).isEqualTo(200);
        recorder.assertAllDecodeCleanly();
    }

    private Path awaitGrowingFile(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long firstSize = -1;
        while (System.nanoTime() < deadline) {
            List<Path> files = recorder.segmentFiles();
            if (files.size() == 1) {
                long size = Files.size(files.get(0));
                if (firstSize < 0 && size > 0) {
                    firstSize = size;
                } else if (firstSize >= 0 && size > firstSize) {
                    return files.get(0);
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no growing file within " + timeout.toMillis() + " ms: " + recorder.segmentFiles());
    }
}
