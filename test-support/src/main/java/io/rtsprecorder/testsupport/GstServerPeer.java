package io.rtsprecorder.testsupport;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link GstRtspServer} and {@link IsolatedRtspServer} have in common: a {@link GstServerProcess} reached at
 * some port on 127.0.0.1 (its own, or a forwarder's).
 */
abstract class GstServerPeer implements RtspPeer {

    final GstServerProcess server;

    GstServerPeer(GstServerProcess server) {
        this.server = server;
    }

    /** The port on the host's 127.0.0.1 that reaches the server. */
    public abstract int port();

    /** {@code rtsp://127.0.0.1:<port><preset path>}. */
    public String url(GstPreset preset) {
        return server.url(port(), preset);
    }

    /**
     * {@link System#nanoTime()} instants at which sessions of a finite preset ({@link GstPreset#H264_ENDING}) ended:
     * the end of stream left the video payloader, and gst-rtsp-server sends BYE right after. (The script logs
     * CLOCK_MONOTONIC, which is System.nanoTime's clock on Linux.)
     */
    public List<Long> streamEnds(GstPreset preset) {
        return server.streamEnds(preset);
    }

    /** Fails, with the end of the log, when the server is no longer running. */
    public void checkAlive() {
        server.checkAlive();
    }

    @Override
    public Path log() {
        return server.log();
    }

    @Override
    public List<ProcessHandle> processes() {
        return server.processes();
    }

    @Override
    public void close() {
        server.close();
    }
}
