package io.rtsprecorder.recorder;

import io.rtsprecorder.recorder.config.ConfigLoader;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;

/**
 * The recorder in a JVM of its own ({@code RecorderCommand serve}, the test's class path), for tests that signal or
 * kill it. Listens on 127.0.0.1 at a free port; its output goes to {@code log}.
 */
final class ChildRecorder {

    final Process process;
    final int port;
    private final Path savePath;

    private ChildRecorder(Process process, int port, Path savePath) {
        this.process = process;
        this.port = port;
        this.savePath = savePath;
    }

    /**
     * The operator token the child generated on its volume (closed by default), waiting up to {@code timeout} for it
     * to be written; null when none appeared.
     */
    String token(java.time.Duration timeout) throws InterruptedException {
        Path f = savePath.resolve(".rtsp-recorder/operator-token");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                String t = java.nio.file.Files.readString(f).strip();
                if (!t.isEmpty()) {
                    return t;
                }
            } catch (IOException e) {
                // not written yet
            }
            Thread.sleep(50);
        }
        return null;
    }

    static ChildRecorder start(Map<String, String> env, Path log) throws IOException {
        return start(env, log, freePort());
    }

    /** A loopback port free now, for a recorder whose address others must know before it starts. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** As {@link #start(Map, Path)}, on {@code port}. */
    static ChildRecorder start(Map<String, String> env, Path log, int port) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "io.rtsprecorder.recorder.RecorderCommand", "serve");
        pb.environment().putAll(env);
        pb.environment().put(ConfigLoader.HTTP_ADDRESS, "127.0.0.1");
        pb.environment().put(ConfigLoader.HTTP_PORT, Integer.toString(port));
        pb.environment().put(ConfigLoader.RTSP_PORT, "off");
        return new ChildRecorder(pb.redirectErrorStream(true).redirectOutput(log.toFile()).start(), port,
                Path.of(env.get(ConfigLoader.SAVE_PATH)));
    }
}
