package io.rtsprecorder.testsupport;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gst-rtsp-server process behind {@link GstRtspServer} and {@link IsolatedRtspServer}: writes the Python script
 * and its configuration into a directory of its own under the test's directory, starts it (directly, or inside a
 * new network namespace with a Unix-socket relay), learns the port it bound and reads the stream ends it logs.
 */
final class GstServerProcess implements AutoCloseable {

    /** From process start to every mount answering DESCRIBE; includes building GStreamer's registry once. */
    static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Readiness checks DESCRIBE an unshared twin of each mount under this prefix (same pipeline), never the mount:
     * a DESCRIBE-only client leaving a shared gst-rtsp-server mount makes the next client's DESCRIBE race with
     * the media being unprepared and get 503 (docs/compatibility.md).
     */
    static final String READY_PREFIX = "/ready";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PORT_LINE = Pattern.compile("^PORT (\\d+)$");
    private static final Pattern EOS_LINE = Pattern.compile("^EOS path=(\\S+) pay=0 monotonic_ns=(\\d+)$");

    private final PeerProcess process;
    private final List<GstPreset> presets;
    private final int port;

    private GstServerProcess(PeerProcess process, List<GstPreset> presets, int port) {
        this.process = process;
        this.presets = presets;
        this.port = port;
    }

    /**
     * Starts the server with one mount per preset on 127.0.0.1 and a free port. With {@code relaySocket} it runs in
     * a new network namespace ({@code unshare -n}, loopback up) and relays that Unix socket to its port.
     */
    static GstServerProcess start(Path workDir, List<GstPreset> presets, Path relaySocket) {
        if (presets.isEmpty() || presets.stream().distinct().count() != presets.size()) {
            throw new IllegalArgumentException("one mount per preset, at least one: " + presets);
        }
        PeerEnvironment.requireGstreamer(presets.stream().flatMap(p -> p.elements().stream()).toList());
        if (relaySocket != null) {
            PeerEnvironment.requireNetworkNamespaces();
        }
        try {
            Files.createDirectories(workDir);
            Path dir = Files.createTempDirectory(workDir, relaySocket == null ? "gst-rtsp-server-" : "gst-isolated-");
            Path script = dir.resolve("gst-rtsp-server.py");
            try (InputStream in = GstServerProcess.class.getResourceAsStream("gst-rtsp-server.py")) {
                if (in == null) {
                    throw new IllegalStateException("gst-rtsp-server.py missing from test-support");
                }
                Files.copy(in, script);
            }
            Path config = dir.resolve("config.json");
            Files.writeString(config, configuration(presets, relaySocket));
            List<String> command = new ArrayList<>();
            if (relaySocket != null) {
                command.addAll(List.of(PeerEnvironment.UNSHARE.toString(), "--net", "--", "/bin/sh", "-c",
                        PeerEnvironment.ipCommand() + " link set lo up && exec \"$0\" \"$@\""));
            }
            command.addAll(List.of(PeerEnvironment.PYTHON.toString(), script.toString(), config.toString()));
            PeerProcess process = PeerProcess.start("gst-rtsp-server", command,
                    Map.of("PYTHONUNBUFFERED", "1", "GST_DEBUG", "*:2", "GST_DEBUG_NO_COLOR", "1"),
                    dir.resolve("server.log"));
            try {
                Matcher m = process.awaitLogLine(PORT_LINE, READY_TIMEOUT);
                return new GstServerProcess(process, List.copyOf(presets), Integer.parseInt(m.group(1)));
            } catch (RuntimeException e) {
                process.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The port the server bound: on the host's loopback, or on the namespace's when isolated. */
    int port() {
        return port;
    }

    /** {@code rtsp://127.0.0.1:<reachablePort><preset path>}; fails for a preset that is not mounted. */
    String url(int reachablePort, GstPreset preset) {
        if (!presets.contains(preset)) {
            throw new IllegalArgumentException(preset + " is not mounted; mounts: " + presets);
        }
        return "rtsp://127.0.0.1:" + reachablePort + preset.path();
    }

    /** Waits until every mount answers DESCRIBE with an SDP at {@code host:reachablePort}. */
    void awaitReady(String host, int reachablePort) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        for (GstPreset preset : presets) {
            String url = "rtsp://" + host + ":" + reachablePort + READY_PREFIX + preset.path();
            String last = "no answer yet";
            while (true) {
                process.checkAlive();
                try (RtspTestClient c = RtspTestClient.connect(host, reachablePort, Duration.ofSeconds(5))) {
                    RtspTestClient.Response r = c.describe(url);
                    if (r.status() == 200 && r.body().contains("m=video")) {
                        break;
                    }
                    last = r.statusLine();
                } catch (IOException e) {
                    last = e.toString();
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("gst-rtsp-server does not answer DESCRIBE " + url + " within "
                            + READY_TIMEOUT.toSeconds() + " s (last: " + last + "); log " + process.log() + ":\n"
                            + process.logTail());
                }
                sleepBriefly();
            }
        }
    }

    /**
     * {@link System#nanoTime()} instants at which a finite stream of {@code preset} ended (EOS left its video
     * payloader).
     */
    List<Long> streamEnds(GstPreset preset) {
        List<Long> result = new ArrayList<>();
        for (String line : process.logText().lines().toList()) {
            Matcher m = EOS_LINE.matcher(line);
            if (m.matches() && m.group(1).equals(preset.path())) {
                result.add(Long.parseLong(m.group(2)));
            }
        }
        return result;
    }

    void checkAlive() {
        process.checkAlive();
    }

    Path log() {
        return process.log();
    }

    List<ProcessHandle> processes() {
        return process.processes();
    }

    @Override
    public void close() {
        process.close();
    }

    private static String configuration(List<GstPreset> presets, Path relaySocket) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("address", "127.0.0.1");
        root.put("port", 0);
        if (relaySocket == null) {
            root.putNull("relay");
        } else {
            root.put("relay", relaySocket.toString());
        }
        ArrayNode mounts = root.putArray("mounts");
        for (GstPreset p : presets) {
            ObjectNode m = mounts.addObject();
            m.put("path", p.path());
            m.put("launch", p.launch());
            m.put("shared", p.shared());
            GstPreset.SizeChange change = p.sizeChange();
            if (change == null) {
                m.putNull("change");
            } else {
                ObjectNode c = m.putObject("change");
                c.put("afterMs", change.after().toMillis());
                c.put("element", GstPreset.SizeChange.ELEMENT);
                c.put("caps", change.caps());
            }
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
