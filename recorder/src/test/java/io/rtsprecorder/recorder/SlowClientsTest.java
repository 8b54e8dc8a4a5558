package io.rtsprecorder.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtsprecorder.recorder.config.ConfigLoader;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slowloris against the API: 200 connections each send a request's header one byte a second for 40 s, and 50 more
 * open a connection and send nothing. Meanwhile, once a second, {@code /healthz} (no token) and {@code /status}
 * (operator token) are asked on fresh connections. The answers must all come; how long they took is reported in
 * {@code target/slow-clients.txt} (and on stdout), not asserted: speed belongs in benchmarks.
 */
class SlowClientsTest {

    private static final int SLOW = 200;
    private static final int IDLE = 50;
    private static final int SECONDS = 40;
    /** A request line and headers that never end within the test: one byte a second is sent of them. */
    private static final byte[] SLOW_REQUEST = ("GET /status HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: "
            + "a".repeat(200)).getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    @Test
    void twoHundredSlowAndFiftyIdleConnectionsDoNotStopHealthAndStatusFromAnswering() throws Exception {
        List<Long> health = new ArrayList<>();
        List<Long> status = new ArrayList<>();
        List<Socket> slow = new ArrayList<>();
        List<Socket> idle = new ArrayList<>();
        int stillOpen = 0;
        int idleClosedByServer = 0;
        try (RecorderHarness recorder = RecorderHarness.start(dir, Map.of(ConfigLoader.SERVER_ADDRESS,
                "rtsp://127.0.0.1:9/none"))) {
            RecorderHarness anonymous = RecorderHarness.withoutToken(recorder);
            InetSocketAddress api = new InetSocketAddress("127.0.0.1", recorder.service.httpPort());
            // the first calls of a JVM pay for class loading and compilation, which is not what is measured here
            for (int i = 0; i < 20; i++) {
                anonymous.get("/healthz");
                recorder.get("/status");
            }
            try {
                for (int i = 0; i < SLOW; i++) {
                    slow.add(connect(api));
                }
                for (int i = 0; i < IDLE; i++) {
                    idle.add(connect(api));
                }
                for (int second = 0; second < SECONDS; second++) {
                    long tickStart = System.nanoTime();
                    for (Socket s : slow) {
                        send(s, SLOW_REQUEST[second]);
                    }
                    long t = System.nanoTime();
                    assertThat(anonymous.get("/healthz").statusCode()).as("/healthz at second %d", second)
                            .isEqualTo(200);
                    health.add(System.nanoTime() - t);
                    t = System.nanoTime();
                    assertThat(recorder.get("/status").statusCode()).as("/status at second %d", second)
                            .isEqualTo(200);
                    status.add(System.nanoTime() - t);
                    long rest = 1_000_000_000L - (System.nanoTime() - tickStart);
                    if (rest > 0) {
                        Thread.sleep(rest / 1_000_000, (int) (rest % 1_000_000));
                    }
                }
                for (Socket s : slow) {
                    stillOpen += send(s, (byte) 'a') ? 1 : 0;
                }
                for (Socket s : idle) {
                    idleClosedByServer += closedByPeer(s) ? 1 : 0;
                }
            } finally {
                for (Socket s : slow) {
                    s.close();
                }
                for (Socket s : idle) {
                    s.close();
                }
            }
        }
        assertThat(health).hasSize(SECONDS);
        assertThat(status).hasSize(SECONDS);
        String report = String.format(Locale.ROOT, """
                API under %d slow connections (one header byte a second) and %d idle ones, %d s
                  /healthz  answered %d of %d  median %.1f ms  95th percentile %.1f ms  max %.1f ms
                  /status   answered %d of %d  median %.1f ms  95th percentile %.1f ms  max %.1f ms
                  slow connections still open at the end: %d of %d
                  idle connections closed by the server (idle timeout 30 s): %d of %d
                """, SLOW, IDLE, SECONDS,
                health.size(), SECONDS, percentile(health, 50), percentile(health, 95), max(health),
                status.size(), SECONDS, percentile(status, 50), percentile(status, 95), max(status),
                stillOpen, SLOW, idleClosedByServer, IDLE);
        System.out.print(report);
        Files.writeString(Path.of("target", "slow-clients.txt"), report, StandardCharsets.UTF_8);
        assertThat(idleClosedByServer).as("idle connections are closed after the idle timeout").isEqualTo(IDLE);
    }

    private static Socket connect(InetSocketAddress api) throws IOException {
        Socket s = new Socket();
        s.connect(api, 5000);
        s.setSoTimeout(1000);
        return s;
    }

    /** Sends one byte; false when the server has closed the connection. */
    private static boolean send(Socket s, byte b) {
        try {
            OutputStream out = s.getOutputStream();
            out.write(b);
            out.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether the server closed this connection (it reads end of stream at once, or the connection reset). */
    private static boolean closedByPeer(Socket s) {
        try {
            s.setSoTimeout(200);
            return s.getInputStream().read() == -1;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** The nearest-rank percentile, in milliseconds. */
    private static double percentile(List<Long> nanos, int p) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1)) / 1e6;
    }

    private static double max(List<Long> nanos) {
        return Collections.max(nanos) / 1e6;
    }
}
