package io.rtsprecorder.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * VLC 3 (Debian's {@code vlc-bin}) serving a clip in an endless loop through its RTSP stream output
 * ({@code --sout '#rtp{sdp=rtsp://...}'}), on 127.0.0.1 and a free port.
 *
 * <p>What that server really does (checked, see {@code docs/compatibility.md}): RTP over UDP only — a SETUP asking
 * for {@code RTP/AVP/TCP} is answered {@code 461 Unsupported transport}; at every loop the RTP timestamps of both
 * tracks step back by about VLC's input caching (about 1.05 s with the default 1000 ms file caching) while the
 * sequence numbers go on; RTCP sender reports every 5 s.
 *
 * <p>The loop is {@code --input-repeat}, not {@code --loop}: with {@code --loop} VLC recreates its elementary
 * streams at every pass, the RTSP tracks get new IDs and sessions already playing receive nothing more.
 *
 * <p>VLC refuses to run as root, so as root it runs as {@code nobody} ({@code setpriv}), with its HOME and a copy
 * of the clip in a directory of its own under the temp directory (a test's own directory is not readable by
 * {@code nobody}); that directory is deleted on close. The log goes under {@code workDir}.
 */
public final class VlcRtspServer implements RtspPeer {

    /** The mount path of the stream. */
    public static final String PATH = "/stream";

    private static final int NOBODY = 65534;
    private static final int PORT_ATTEMPTS = 3;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);

    private final PeerProcess process;
    private final int port;
    private final Path servingDirectory;

    private VlcRtspServer(PeerProcess process, int port, Path servingDirectory) {
        this.process = process;
        this.port = port;
        this.servingDirectory = servingDirectory;
    }

    /** Serves {@code clip} (e.g. from {@link MediaOracle#fixture}) in a loop; returns when DESCRIBE answers. */
    public static VlcRtspServer start(Path workDir, Path clip) {
        PeerEnvironment.requireVlc();
        boolean root = PeerEnvironment.isRoot();
        Path serving = prepareServingDirectory(clip, root);
        List<String> failures = new ArrayList<>();
        try {
            Files.createDirectories(workDir);
            Path logDir = Files.createTempDirectory(workDir, "vlc-");
            for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
                int port = freePort();
                PeerProcess p = PeerProcess.start("vlc", command(serving.resolve(clipName(clip)), port, root),
                        Map.of("HOME", serving.resolve("home").toString()), logDir.resolve("vlc-" + attempt + ".log"));
                String problem = awaitReady(p, port);
                if (problem == null) {
                    return new VlcRtspServer(p, port, serving);
                }
                failures.add("port " + port + ": " + problem);
                p.close();
            }
        } catch (IOException e) {
            deleteTree(serving);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            deleteTree(serving);
            throw e;
        }
        deleteTree(serving);
        throw new IllegalStateException("VLC did not serve RTSP in " + PORT_ATTEMPTS + " attempts: " + failures);
    }

    public int port() {
        return port;
    }

    /** {@code rtsp://127.0.0.1:<port>/stream}. */
    public String url() {
        return "rtsp://127.0.0.1:" + port + PATH;
    }

    @Override
    public Path log() {
        return process.log();
    }

    @Override
    public List<ProcessHandle> processes() {
        return process.processes();
    }

    @Override
    public void close() {
        try {
            process.close();
        } finally {
            deleteTree(servingDirectory);
        }
    }

    private static List<String> command(Path clip, int port, boolean root) {
        List<String> cmd = new ArrayList<>();
        if (root) {
            cmd.addAll(List.of(PeerEnvironment.SETPRIV.toString(), "--reuid=" + NOBODY, "--regid=" + NOBODY,
                    "--clear-groups", "--"));
        }
        cmd.addAll(List.of(PeerEnvironment.VLC.toString(), "-I", "dummy", "--verbose=1", "--no-stats",
                clip.toString(), "--input-repeat=65535",
                "--sout=#rtp{sdp=rtsp://127.0.0.1:" + port + PATH + "}"));
        return cmd;
    }

    /** {@code null} when every check passed, else why this attempt failed. */
    private static String awaitReady(PeerProcess p, int port) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        String last = "no answer yet";
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                return "VLC exited; log " + p.log() + ":\n" + p.logTail();
            }
            String log = p.logText();
            if (log.contains("cannot export SDP as RTSP") || log.contains("socket bind error")) {
                return "VLC could not listen: " + p.logTail();
            }
            try (RtspTestClient c = RtspTestClient.connect("127.0.0.1", port, Duration.ofSeconds(5))) {
                RtspTestClient.Response r = c.describe("rtsp://127.0.0.1:" + port + PATH);
                if (r.status() == 200 && r.body().contains("m=video")) {
                    return null;
                }
                last = r.statusLine();
            } catch (IOException e) {
                last = e.toString();
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
        }
        return "no DESCRIBE answer within " + READY_TIMEOUT.toSeconds() + " s (last: " + last + "); log " + p.log()
                + ":\n" + p.logTail();
    }

    private static Path prepareServingDirectory(Path clip, boolean root) {
        try {
            Path dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "rtsp-vlc-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            Path copy = dir.resolve(clipName(clip));
            Files.copy(clip, copy, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
            Path home = Files.createDirectory(dir.resolve("home"));
            if (root) {
                Files.setAttribute(home, "unix:uid", NOBODY);
                Files.setAttribute(home, "unix:gid", NOBODY);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare VLC's directory for " + clip, e);
        }
    }

    /** The copy's name: {@code clip} with the original's extension, which VLC's demuxer probing likes to see. */
    private static String clipName(Path clip) {
        String name = clip.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return "clip" + (dot < 0 ? "" : name.substring(dot));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // a leftover file in the temp directory is harmless
        }
    }
}
