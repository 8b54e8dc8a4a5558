package io.rtsprecorder.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * gst-rtsp-server in a network namespace of its own, reachable only through a plain {@link TcpForwarder} on the
 * host's 127.0.0.1: the shape of a camera behind deviceShifu-TCP, where RTP over UDP has no way back.
 *
 * <p>How: {@code unshare -n} gives the server a namespace with nothing but {@code lo} (brought up), so its port
 * exists only there. Inside, next to the server, a relay listens on a Unix socket (a file, which every namespace
 * can open) and connects each accepted stream to the server's port; on the host the forwarder connects to that
 * socket. Nothing to clean up but the socket file: the namespace goes away with its last process. Needs root
 * (skips otherwise, or fails with {@value PeerEnvironment#REQUIRE_PEERS}{@code =1}).
 */
public final class IsolatedRtspServer extends GstServerPeer {

    private final TcpForwarder forwarder;
    private final Path socketDirectory;

    private IsolatedRtspServer(GstServerProcess server, TcpForwarder forwarder, Path socketDirectory) {
        super(server);
        this.forwarder = forwarder;
        this.socketDirectory = socketDirectory;
    }

    /** Starts the server with one mount per preset in its own namespace, and the forwarder to it. */
    public static IsolatedRtspServer start(Path workDir, GstPreset... presets) {
        PeerEnvironment.requireNetworkNamespaces();
        Path socketDirectory;
        try {
            // a Unix socket path has at most 107 bytes: a short directory of its own, not the test's deep one
            socketDirectory = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "rtsp-ns-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path socket = socketDirectory.resolve("relay.sock");
        GstServerProcess server = null;
        TcpForwarder forwarder = null;
        try {
            server = GstServerProcess.start(workDir, List.of(presets), socket);
            forwarder = TcpForwarder.startToUnixSocket(socket);
            server.awaitReady("127.0.0.1", forwarder.port());
            return new IsolatedRtspServer(server, forwarder, socketDirectory);
        } catch (IOException | RuntimeException e) {
            if (forwarder != null) {
                forwarder.close();
            }
            if (server != null) {
                server.close();
            }
            deleteSocketDirectory(socketDirectory);
            if (e instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            throw (RuntimeException) e;
        }
    }

    /** The forwarder's port on the host's 127.0.0.1: the only way to the server. */
    @Override
    public int port() {
        return forwarder.port();
    }

    /** The server's own port, which exists only inside its namespace. */
    public int namespacePort() {
        return server.port();
    }

    public TcpForwarder forwarder() {
        return forwarder;
    }

    @Override
    public void close() {
        forwarder.close();
        server.close();
        deleteSocketDirectory(socketDirectory);
    }

    private static void deleteSocketDirectory(Path dir) {
        try {
            Files.deleteIfExists(dir.resolve("relay.sock"));
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // a leftover empty directory in the temp directory is harmless
        }
    }
}
