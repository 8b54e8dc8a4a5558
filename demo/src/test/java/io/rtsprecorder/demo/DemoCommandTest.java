package io.rtsprecorder.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rtsprecorder.testsupport.MediaOracle;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's run command: {@code rtsp-recorder demo} records the embedded mock camera with the API on loopback
 * and closed, prints a curl command that works as pasted, and closes every file cleanly on Ctrl-C.
 */
class DemoCommandTest {

    /**
     * Ctrl-C's SIGINT, unless this JVM inherited SIGINT as ignored (a build started in the background by a
     * non-interactive shell, or under nohup): the demo inherits that too, and a JVM never handles a signal that
     * was ignored when it started, so there the test stops it with SIGTERM, the other signal it handles alike.
     */
    private static final String STOP_SIGNAL = sigintIgnored() ? "TERM" : "INT";

    @TempDir
    Path dir;

    @Test
    void demoPrintsWhereEverythingIsRecordsSegmentsAndStopsCleanlyOnCtrlC() throws Exception {
        int httpPort = freePort();
        int rtspPort = freePort();
        String java = ProcessHandle.current().info().command().orElse("java");
        Path out = dir.resolve("demo.log");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "io.rtsprecorder.demo.DemoCommand", "--dir", dir.resolve("recordings").toString(),
                "--http-port", Integer.toString(httpPort), "--rtsp-port", Integer.toString(rtspPort),
                "--segment", "2s").redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            awaitSegments(dir.resolve("recordings"), 2, 30);
            // the demo prints a command with its operator token, ready to paste: take the token from it
            Matcher m = Pattern.compile("Authorization: Bearer ([A-Za-z0-9_-]+)")
                    .matcher(Files.readString(out, StandardCharsets.UTF_8));
            assertThat(m.find()).as("a curl line with the token in:%n%s", Files.readString(out)).isTrue();
            String status = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + httpPort + "/status")).header("Authorization", "Bearer "
                            + m.group(1)).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(status).contains("\"name\":\"demo\"").contains("\"state\":\"RECORDING\"");
            // closed: without the token the same call is refused
            assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + httpPort + "/status")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(401);
            // loopback only: neither the API nor the camera answers on the machine's other addresses
            for (InetAddress other : nonLoopbackAddresses()) {
                for (int port : new int[] {httpPort, rtspPort}) {
                    try (Socket s = new Socket()) {
                        assertThatThrownBy(() -> s.connect(new InetSocketAddress(other, port), 1000))
                                .as("%s:%d", other, port).isInstanceOf(IOException.class);
                    }
                }
            }
            new ProcessBuilder("kill", "-" + STOP_SIGNAL, Long.toString(p.pid())).start().waitFor();
            // the service waits up to 10 s for closed files to reach the disk (fsync) before it exits: on a
            // machine whose page cache is full of other tests' files that wait is real, so allow it and more
            long t0 = System.nanoTime();
            boolean exited = p.waitFor(30, TimeUnit.SECONDS);
            System.out.printf("demo: exited %.2f s after SIG%s%n", (System.nanoTime() - t0) / 1e9, STOP_SIGNAL);
            assertThat(exited).as("the demo exited within 30 s of SIG%s; its log:%n%s%nits threads:%n%s",
                    STOP_SIGNAL, exited ? "" : Files.readString(out, StandardCharsets.UTF_8), exited ? "" : threads(p))
                            .isTrue();
            assertThat(p.exitValue()).isZero();
        } finally {
            p.destroyForcibly();
        }
        String log = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(log).contains("rtsp-recorder demo is running.")
                .contains("ffplay -rtsp_transport tcp rtsp://127.0.0.1:" + rtspPort + "/h264")
                .contains("http://127.0.0.1:" + httpPort + "/status")
                .contains(dir.resolve("recordings").toAbsolutePath() + "/demo/")
                .contains("SIG" + STOP_SIGNAL + " received").contains("shutdown complete");
        List<Path> files = segmentFiles(dir.resolve("recordings"));
        assertThat(files).hasSizeGreaterThanOrEqualTo(3);
        for (Path f : files) {
            assertThat(MediaOracle.get().decodeErrors(f)).as(f.toString()).isEmpty();
        }
    }

    /** Whether SIGINT (2) is in this process's ignored set, from /proc/self/status (Linux). */
    private static boolean sigintIgnored() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("SigIgn:")) {
                    return (Long.parseUnsignedLong(line.substring("SigIgn:".length()).strip(), 16) & (1L << 1)) != 0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: assume the usual
        }
        return false;
    }

    /** The threads of a process that did not stop, from the JDK's jcmd: what it waits for. */
    private static String threads(Process p) {
        Path jcmd = Path.of(ProcessHandle.current().info().command().orElse("java")).resolveSibling("jcmd");
        try {
            Process dump = new ProcessBuilder(jcmd.toString(), Long.toString(p.pid()), "Thread.print")
                    .redirectErrorStream(true).start();
            String text = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            dump.waitFor(20, TimeUnit.SECONDS);
            return text;
        } catch (IOException e) {
            return "no thread dump: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "no thread dump: interrupted";
        }
    }

    private static void awaitSegments(Path root, int closed, int seconds) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (Files.isDirectory(root) && segmentFiles(root).size() > closed) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the demo wrote no " + closed + " segments within " + seconds + " s");
    }

    /** The segment files under {@code root}, leaving out the service's own files (the generated token). */
    private static List<Path> segmentFiles(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).filter(p -> !p.toString().contains("/.rtsp-recorder/"))
                    .sorted().toList();
        }
    }

    private static List<InetAddress> nonLoopbackAddresses() throws IOException {
        List<InetAddress> out = new ArrayList<>();
        for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nif.isUp() && !nif.isLoopback()) {
                Collections.list(nif.getInetAddresses()).stream()
                        .filter(a -> a instanceof Inet4Address && !a.isLinkLocalAddress()).forEach(out::add);
            }
        }
        return out;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
