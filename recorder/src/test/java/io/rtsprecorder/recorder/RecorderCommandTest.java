package io.rtsprecorder.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The service as users start it: a process, its exit code and what it prints. */
class RecorderCommandTest {

    @Test
    void invalidConfigurationExitsWithCode2AndOneLinePerProblemWithoutAStackTrace() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "io.rtsprecorder.recorder.RecorderCommand");
        pb.environment().put("RTSPServerAddress", "rtsp://admin:Hidden-Pw1@cam.local/stream");
        pb.environment().put("SegmentDuration", "an hour");
        pb.environment().put("ContainerFormat", "avi");
        pb.environment().put("FileSavePath", "/tmp");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isEqualTo(2);
        assertThat(out.lines().filter(l -> l.startsWith("configuration: "))).containsExactly(
                "configuration: SegmentDuration: 'an hour' is not a duration; write it like 90s, 30m, 1h or 1h30m",
                "configuration: ContainerFormat: unknown container 'avi'; accepted: mp4, flv, ts");
        assertThat(out).contains("rtsp-recorder not started: 2 configuration problem(s)")
                .doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("Hidden-Pw1");
    }
}
