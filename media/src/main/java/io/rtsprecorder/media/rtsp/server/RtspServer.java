package io.rtsprecorder.media.rtsp.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An RTSP 1.0 server for live sources: OPTIONS, DESCRIBE, SETUP (RTP over the RTSP connection, interleaved, or over
 * UDP), PLAY, PAUSE, TEARDOWN, GET_PARAMETER and SET_PARAMETER as keep-alives. What is served, and to whom, the
 * {@link LiveSource}s decide; the {@link Sources} given at start find the source of a request's URL.
 *
 * <p>One virtual thread reads each connection's requests and one writes everything it sends, from one bounded queue
 * (see {@link PacketSubscriber} for the two ways packets get in). A connection without a request for the session
 * timeout is closed; so is one that sends something that is not RTSP.
 */
public final class RtspServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RtspServer.class);
    private static final int BACKLOG = 256;

    /** Finds the source that serves a URL path. */
    @FunctionalInterface
    public interface Sources {
        /**
         * The source serving {@code path} (the URL's path, starting with {@code /}): the one whose
         * {@link LiveSource#path()} is {@code path} or a prefix of it followed by {@code /}; null for none.
         */
        LiveSource find(String path);
    }

    /**
     * @param sessionTimeout   a connection without a request for this long is closed (the timeout in SETUP's Session)
     * @param maxQueuedBatches packet batches that may wait for one client's socket
     * @param sendBufferBytes  the socket send buffer of each connection, 0 for the system's (which grows up to
     *                         {@code net.ipv4.tcp_wmem}'s maximum, 4 MiB on Linux: a minute of a camera held in the
     *                         kernel for a client that stopped reading, per client)
     * @param maxConnections   connections open at once; one more is closed as soon as it is accepted, so idle or
     *                         unauthenticated connections (each held up to the session timeout) cannot exhaust the
     *                         process's threads and file descriptors
     */
    public record Settings(Duration sessionTimeout, int maxQueuedBatches, int sendBufferBytes, int maxConnections) {
    }

    private final Settings settings;
    private final Sources sources;
    private final ServerSocket server;
    private final Set<RtspServerConnection> connections = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean closed;

    private RtspServer(InetAddress address, int port, Settings settings, Sources sources) throws IOException {
        this.settings = settings;
        this.sources = sources;
        server = new ServerSocket();
        try {
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(address, port), BACKLOG);
        } catch (IOException e) {
            server.close();
            throw e;
        }
        acceptor = Thread.ofPlatform().name("rtsp-accept-" + server.getLocalPort()).daemon(true)
                .start(this::acceptLoop);
    }

    /** Listens on {@code address}:{@code port} (0: a free port); throws when the port cannot be had. */
    public static RtspServer start(InetAddress address, int port, Settings settings, Sources sources)
            throws IOException {
        return new RtspServer(address, port, settings, sources);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** The host for URLs: the bound address, or loopback when bound to all interfaces; IPv6 in brackets. */
    public String hostForUrls() {
        InetAddress a = server.getInetAddress();
        if (a.isAnyLocalAddress()) {
            return "127.0.0.1";
        }
        String host = a.getHostAddress();
        return host.contains(":") ? "[" + host + "]" : host;
    }

    /** {@code rtsp://host:port/path} for a source path. */
    public String url(String path) {
        return "rtsp://" + hostForUrls() + ":" + port() + path;
    }

    /** Open connections now, whatever their state. */
    public int connectionCount() {
        return connections.size();
    }

    /** Closes every connection that set up or plays {@code source}. */
    public void dropConnections(LiveSource source, String reason) {
        for (RtspServerConnection c : connections) {
            if (c.source() == source) {
                c.dropped(reason);
            }
        }
    }

    /** Sends {@code bytes} as they are (neither RTSP nor interleaved frames) to every connection on {@code source}. */
    public void sendRaw(LiveSource source, byte[] bytes) {
        for (RtspServerConnection c : connections) {
            if (c.source() == source) {
                c.sendRaw(bytes);
            }
        }
    }

    /** The source a request URL addresses, or null (a URL that is not one, {@code *}, or no source). */
    LiveSource sourceForUrl(String url) {
        String path = pathOf(url);
        return path == null ? null : sources.find(path);
    }

    /** What follows the source's path in the URL ("trackID=0"), or null when the URL names the source itself. */
    static String trackPath(LiveSource source, String url) {
        String path = pathOf(url);
        if (path == null || path.length() <= source.path().length() + 1) {
            return null;
        }
        return path.substring(source.path().length() + 1);
    }

    /** The path of an RTSP URL (without query), {@code /} when it has none, or null when it is not a URL. */
    static String pathOf(String url) {
        if (url.equals("*")) {
            return null;
        }
        try {
            String q = url.indexOf('?') >= 0 ? url.substring(0, url.indexOf('?')) : url;
            URI uri = URI.create(q);
            return uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Whether {@code source} serves {@code path}: the path is the source's, or the source's followed by {@code /}
     * and more (a track's control URL). For {@link Sources} implementations.
     */
    public static boolean serves(LiveSource source, String path) {
        String p = source.path();
        return path.equals(p) || path.startsWith(p + "/");
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket socket = server.accept();
                if (connections.size() >= settings.maxConnections()) {
                    log.warn("refused a connection from {}: {} connections are open already",
                            socket.getRemoteSocketAddress(), settings.maxConnections());
                    socket.close();
                    continue;
                }
                if (settings.sendBufferBytes() > 0) {
                    socket.setSendBufferSize(settings.sendBufferBytes());
                }
                RtspServerConnection connection = new RtspServerConnection(socket, this, settings.sessionTimeout(),
                        settings.maxQueuedBatches());
                connections.add(connection);
                Thread.ofVirtual().name("rtsp-conn").start(connection::run);
            } catch (IOException e) {
                if (!closed) {
                    log.warn("accept failed: {}", e.toString());
                }
            }
        }
    }

    void connectionClosed(RtspServerConnection connection) {
        connections.remove(connection);
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (RtspServerConnection c : connections) {
            c.close();
        }
        try {
            acceptor.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
