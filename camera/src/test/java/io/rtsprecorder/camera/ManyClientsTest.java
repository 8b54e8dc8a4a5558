package io.rtsprecorder.camera;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * 100 clients on one mount for 10 s. The camera runs as its own process, so its CPU time can be read from the
 * process and printed; every client must see every packet (no sequence gap on any track).
 */
class ManyClientsTest {

    private static final int CLIENTS = 100;
    private static final Duration RECEIVE = Duration.ofSeconds(10);

    @Test
    void hundredClientsOnOneMountEachReceiveEveryFrame() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process camera = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                MockCameraCommand.class.getName(), "--bind", "127.0.0.1", "--port", "0", "--admin-port", "-1",
                "--mount", "/cam=bundled:h264-aac-640x360-25fps.mp4")
                .redirectErrorStream(true).start();
        try {
            int port = readPort(camera);
            double cpuBefore = cpuSeconds(camera);
            List<CompletableFuture<TestRtspClient>> clients = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                clients.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        TestRtspClient c = new TestRtspClient(port);
                        c.play("rtsp://127.0.0.1:" + port + "/cam");
                        c.receiveFor(RECEIVE);
                        c.close();
                        return c;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, r -> Thread.ofVirtual().start(r)));
            }
            long minVideoFrames = Long.MAX_VALUE;
            long gaps = 0;
            for (CompletableFuture<TestRtspClient> f : clients) {
                TestRtspClient c = f.get(60, TimeUnit.SECONDS);
                gaps += c.sequenceGaps[0] + c.sequenceGaps[1];
                minVideoFrames = Math.min(minVideoFrames, c.frames[0]);
                assertThat(c.frames[1]).as("audio frames").isGreaterThan(400);
            }
            double cpu = cpuSeconds(camera) - cpuBefore;
            System.out.printf("100 clients x 10 s on one mount: camera CPU %.2f s (%.1f %% of one core), "
                    + "min video frames per client %d, sequence gaps %d%n", cpu, 100 * cpu / RECEIVE.toSeconds(),
                    minVideoFrames, gaps);
            assertThat(gaps).isZero();
            // 10 s at 25 fps is 250 frames; a client starts at the next 1 s keyframe.
            assertThat(minVideoFrames).isGreaterThanOrEqualTo(220);
        } finally {
            camera.destroy();
            camera.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int readPort(Process camera) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(camera.getInputStream(), StandardCharsets.UTF_8));
        Pattern p = Pattern.compile("RTSP port (\\d+)");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            String line = out.readLine();
            if (line == null) {
                break;
            }
            Matcher m = p.matcher(line);
            if (m.find()) {
                Thread.ofVirtual().start(() -> out.lines().forEach(l -> { }));
                return Integer.parseInt(m.group(1));
            }
        }
        throw new IllegalStateException("camera did not report its port");
    }

    private static double cpuSeconds(Process p) {
        return p.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(-1.0);
    }
}
