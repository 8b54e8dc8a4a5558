package io.rtsprecorder.testsupport;

import java.nio.file.Path;
import java.util.List;

/**
 * Debian's gst-rtsp-server (GStreamer 1.22 through python3-gi) on 127.0.0.1 and a free port, one mount per
 * {@link GstPreset}: a real RTSP server nobody on the team wrote, for recording tests.
 *
 * <p>{@link #start} returns once every mount answers DESCRIBE with an SDP (bounded by 30 s); the server's output is
 * in {@link #log()} under {@code workDir}. It offers RTP over UDP and interleaved on the RTSP connection; SPS/PPS
 * are in the SDP and before every IDR; RTCP sender reports every few seconds; a finite stream ends with RTCP BYE
 * while the session stays open (see {@code docs/compatibility.md}). When the machine lacks the packages, {@link #start}
 * skips the test (fails it with {@value PeerEnvironment#REQUIRE_PEERS}{@code =1}).
 */
public final class GstRtspServer extends GstServerPeer {

    private GstRtspServer(GstServerProcess server) {
        super(server);
    }

    /** Starts a server with one mount per preset (each at {@link GstPreset#path()}). */
    public static GstRtspServer start(Path workDir, GstPreset... presets) {
        GstServerProcess server = GstServerProcess.start(workDir, List.of(presets), null);
        try {
            server.awaitReady("127.0.0.1", server.port());
            return new GstRtspServer(server);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    @Override
    public int port() {
        return server.port();
    }
}
