package io.rtsprecorder.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The service as users start it: a process, its exit code and what it prints. */
class RecorderCommandTest {

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path dir;

    @Test
    void exportSubcommandWritesTheRangeOfflineFromTheVolume() throws Exception {
        java.time.Instant t0 = java.time.Instant.parse("2026-11-25T08:00:00Z");
        io.rtsprecorder.recorder.storage.RecordedSegments.record(dir, "yard",
                io.rtsprecorder.recorder.storage.RecordedSegments.fixture(
                        io.rtsprecorder.testsupport.FixtureSpec.h264Aac().withDuration(12).withGop(1.0)),
                java.time.Duration.ofSeconds(5), t0);
        java.nio.file.Path out = dir.resolve("yard.ts");
        int code = new picocli.CommandLine(new RecorderCommand()).execute("export", "--dir", dir.toString(),
                "--device", "yard", "--from", "2026-11-25T08:00:02Z", "--to", "2026-11-25T08:00:09Z",
                "--format", "ts", "-o", out.toString());
        assertThat(code).isZero();
        assertThat(io.rtsprecorder.testsupport.MediaOracle.get().decodeErrors(out)).isEmpty();
        assertThat(io.rtsprecorder.testsupport.MediaOracle.get().probe(out).duration()).isBetween(6.5, 8.5);
        int missing = new picocli.CommandLine(new RecorderCommand()).execute("export", "--dir", dir.toString(),
                "--device", "nobody", "--from", "2026-11-25T08:00:02Z", "--to", "2026-11-25T08:00:09Z",
                "-o", dir.resolve("none.mp4").toString());
        assertThat(missing).isEqualTo(3);
        assertThat(dir.resolve("none.mp4")).doesNotExist();
    }

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
