package io.rtsprecorder.camera;

import io.rtsprecorder.media.rtsp.server.RtspServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mock RTSP camera: serves looped clips on several paths at once, with optional authentication and fault
 * injection, for tests, demos and cluster smoke tests. Embeddable ({@link #start}) as well as runnable
 * ({@link MockCameraCommand}). RTSP itself is the media library's {@link RtspServer}; each {@link Mount} is one of
 * its sources.
 */
public final class MockCamera implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MockCamera.class);

    private final MockCameraConfig config;
    private final Map<String, Mount> mounts = new LinkedHashMap<>();
    /** Far more than any test opens at once (ManyClientsTest: hundreds), still a bound. */
    private static final int MAX_CONNECTIONS = 10_000;

    private final RtspServer server;
    private final AdminServer admin;

    private MockCamera(MockCameraConfig config) throws IOException {
        this.config = config;
        try {
            for (MountConfig m : config.mounts()) {
                Mount mount = new Mount(m, System::nanoTime);
                mounts.put(m.path(), mount);
            }
            server = RtspServer.start(config.bindAddress(), config.rtspPort(), new RtspServer.Settings(
                    config.sessionTimeout(), config.maxQueuedFramesPerClient(), 0, MAX_CONNECTIONS),
                    this::mountForPath);
        } catch (IOException | RuntimeException e) {
            for (Mount m : mounts.values()) {
                m.close();
            }
            throw e;
        }
        AdminServer started = null;
        try {
            started = config.adminPort() < 0 ? null : AdminServer.start(this, config.bindAddress(),
                    config.adminPort());
        } catch (IOException | RuntimeException e) {
            server.close();
            for (Mount m : mounts.values()) {
                m.close();
            }
            throw e;
        }
        admin = started;
        mounts.values().forEach(Mount::start);
        for (Mount m : mounts.values()) {
            log.info("serving {} from {}", url(m.path()), m.config().source());
        }
    }

    /** Starts serving; fails with a clear message when a clip cannot be read or a port is taken. */
    public static MockCamera start(MockCameraConfig config) throws IOException {
        return new MockCamera(config);
    }

    public int port() {
        return server.port();
    }

    /** The admin HTTP port, or -1 when disabled. */
    public int adminPort() {
        return admin == null ? -1 : admin.port();
    }

    /** {@code rtsp://host:port/path} for a mount, with the loopback address when bound to all interfaces. */
    public String url(String mountPath) {
        return server.url(mountPath);
    }

    public List<String> mountPaths() {
        return List.copyOf(mounts.keySet());
    }

    /** Drops every connection playing or set up on the mount. */
    public void dropConnections(String mountPath) {
        Mount m = requireMount(mountPath);
        m.dropAll("fault injection: drop");
        server.dropConnections(m, "fault injection: drop");
    }

    /** The mount sends no media at all (no RTP, no RTCP) for 1 to 3600 seconds; connections stay open. */
    public void silence(String mountPath, long seconds) {
        Mount m = requireMount(mountPath);
        m.silence(FaultKind.SILENCE.checkArgument(seconds));
    }

    /** Every connection on the mount receives {@code bytes} (1 to 1 000 000) random bytes that are not RTSP. */
    public void sendGarbage(String mountPath, int bytes) {
        Mount m = requireMount(mountPath);
        FaultKind.GARBAGE.checkArgument(bytes);
        byte[] garbage = new byte[bytes];
        new java.util.Random().nextBytes(garbage);
        for (int i = 0; i < garbage.length; i++) {
            if (garbage[i] == '$' || garbage[i] == 'R') {
                garbage[i] = (byte) 0xFF; // never accidentally a valid frame or status line start
            }
        }
        server.sendRaw(m, garbage);
    }

    /** While enabled, DESCRIBE, SETUP and PLAY on the mount get 503. */
    public void refuse(String mountPath, boolean enabled) {
        requireMount(mountPath).refuse(enabled);
    }

    /** Drops all connections and restarts the clip with new SSRCs and timestamps. */
    public void restart(String mountPath) {
        dropConnections(mountPath);
        requireMount(mountPath).restart();
    }

    /**
     * The end of a finite stream, as gst-rtsp-server sends it: at the next frame every client playing the mount
     * gets an RTCP BYE per track (after a sender report, in one compound packet, with the track's SSRC), then no
     * more RTP and no more RTCP. Their RTSP sessions stay: keep-alives are answered and the connections stay
     * open. Sessions started afterwards (a recorder that reconnects) stream normally, and so does a new PLAY on an
     * ended session.
     */
    public void bye(String mountPath) {
        requireMount(mountPath).bye();
    }

    /**
     * No RTP to any client of the mount for 1 to 3600 seconds, including sessions that start meanwhile, while RTCP
     * sender reports go out every second and RTSP requests are answered; then RTP resumes at the current position
     * of the timeline (like {@link #silence}, but with RTCP alive: a client that takes RTCP as a sign of life is
     * fooled).
     */
    /**
     * For {@code seconds} (1 to 3600) the mount behaves as if its password had been changed: every connection is
     * closed and every request answered 401 as wrong credentials; afterwards the configured password works again.
     */
    public void changePassword(String mountPath, long seconds) {
        Mount m = requireMount(mountPath);
        if (m.authenticator() == null) {
            throw new IllegalArgumentException("mount " + mountPath + " has no authentication to change");
        }
        m.refuseCredentials(FaultKind.PASSWORD_CHANGE.checkArgument(seconds));
        m.dropAll("password changed");
    }

    public void rtpStall(String mountPath, long seconds) {
        Mount m = requireMount(mountPath);
        m.rtpStall(FaultKind.RTP_STALL.checkArgument(seconds));
    }

    /**
     * From the next frame on, the RTP timestamps of every track of the mount step back by {@code -millis}
     * milliseconds ({@code millis} is negative, -10 000 to -1) and continue from there; pacing is unchanged. What a
     * VLC server does at each loop of its file, and cameras after an NTP re-sync. Sender reports follow.
     */
    public void timestampStep(String mountPath, long millis) {
        Mount m = requireMount(mountPath);
        m.shiftTimestamps(FaultKind.TS_STEP.checkArgument(millis) * 1000);
    }

    /**
     * From the next frame on, the RTP timestamps of every track of the mount jump forward by 1 to 86 400 seconds
     * (an encoder restart or a clock jump); pacing is unchanged. Sender reports follow.
     */
    public void timestampJump(String mountPath, long seconds) {
        Mount m = requireMount(mountPath);
        m.shiftTimestamps(FaultKind.TS_JUMP.checkArgument(seconds) * 1_000_000);
    }

    /**
     * Per-mount counters for the admin status endpoint and tests. {@code timestampOffsetMillis} is the sum of the
     * timestamp steps and jumps applied since the clip started (a restart sets it back to 0).
     */
    public record MountStatus(String path, String source, int clients, long framesSent, long packetsSent, long loops,
                              boolean refusing, boolean silent, boolean rtpStalled, long timestampOffsetMillis,
                              boolean authenticated, long wrongCredentials) {
    }

    public List<MountStatus> status() {
        List<MountStatus> list = new ArrayList<>();
        for (Mount m : mounts.values()) {
            list.add(new MountStatus(m.path(), m.config().source(), m.clientCount(), m.framesSent(), m.packetsSent(),
                    m.loops(), m.refusing(), m.silent(), m.rtpStalled(), m.timestampOffsetMillis(),
                    m.authenticator() != null, m.wrongCredentials()));
        }
        return list;
    }

    public int connectionCount() {
        return server.connectionCount();
    }

    /** CPU time of this whole process so far, in seconds (the camera usually runs alone in its JVM). */
    public static double processCpuSeconds() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime() / 1e9;
        }
        return -1;
    }

    Mount requireMount(String mountPath) {
        String p = mountPath.startsWith("/") ? mountPath : "/" + mountPath;
        Mount m = mounts.get(p);
        if (m == null) {
            throw new IllegalArgumentException("no mount " + p + " (mounts: " + String.join(", ", mounts.keySet())
                    + ")");
        }
        return m;
    }

    /** The mount serving a URL path (the longest mount path that prefixes it), or null. */
    private Mount mountForPath(String path) {
        Mount best = null;
        for (Mount m : mounts.values()) {
            if (RtspServer.serves(m, path) && (best == null || m.path().length() > best.path().length())) {
                best = m;
            }
        }
        return best;
    }

    @Override
    public void close() {
        server.close();
        if (admin != null) {
            admin.close();
        }
        for (Mount m : mounts.values()) {
            try {
                m.close();
            } catch (IOException e) {
                log.debug("closing mount {}: {}", m.path(), e.toString());
            }
        }
    }
}
