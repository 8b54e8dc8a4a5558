package io.rtsprecorder.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A plain byte forwarder on 127.0.0.1, standing in for Shifu's deviceShifu-TCP in tests: it accepts a TCP
 * connection, opens one to the target and copies bytes both ways, understanding nothing of RTSP. Anything
 * that works through it (RTSP with interleaved RTP) works through deviceShifu-TCP; UDP transport does not.
 *
 * <p>The target is a loopback TCP port, or a Unix domain socket ({@link #startToUnixSocket}): a Unix socket is a
 * file, so it reaches a server in another network namespace (see {@link IsolatedRtspServer}) that has no route
 * to this one, which is exactly "reachable only through a plain TCP forwarder".
 */
public final class TcpForwarder implements AutoCloseable {

    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    private final ServerSocketChannel server;
    private final SocketAddress target;
    private final Set<SocketChannel> channels = ConcurrentHashMap.newKeySet();
    private final AtomicLong bytesForwarded = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    private final ByteCapture fromClients = new ByteCapture();
    private final Thread acceptor;

    private TcpForwarder(SocketAddress target) throws IOException {
        this.target = target;
        this.server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        this.acceptor = Thread.ofVirtual().name("tcp-forwarder-accept").start(this::acceptLoop);
    }

    /** Starts forwarding from an ephemeral loopback port to {@code 127.0.0.1:targetPort}. */
    public static TcpForwarder start(int targetPort) throws IOException {
        return new TcpForwarder(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort));
    }

    /** Starts forwarding from an ephemeral loopback port to the Unix domain socket {@code socketFile}. */
    public static TcpForwarder startToUnixSocket(Path socketFile) throws IOException {
        return new TcpForwarder(UnixDomainSocketAddress.of(socketFile));
    }

    public int port() {
        try {
            return ((InetSocketAddress) server.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new IllegalStateException("forwarder is closed", e);
        }
    }

    /** Total bytes copied in both directions. */
    public long bytesForwarded() {
        return bytesForwarded.get();
    }

    /** What clients sent through the forwarder (the first 256 KiB), as text: what reached the target. */
    public String receivedFromClients() {
        return fromClients.text();
    }

    public long connectionsAccepted() {
        return connections.get();
    }

    /** Cuts every forwarded connection (both sides), as a forwarder restart would; keeps listening. */
    public void dropConnections() {
        for (SocketChannel c : channels) {
            closeQuietly(c);
        }
        channels.clear();
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try {
                SocketChannel client = server.accept();
                connections.incrementAndGet();
                SocketChannel upstream;
                try {
                    upstream = connectUpstream();
                } catch (IOException e) {
                    closeQuietly(client);
                    continue;
                }
                client.setOption(StandardSocketOptions.TCP_NODELAY, true);
                channels.add(client);
                channels.add(upstream);
                Thread.ofVirtual().name("tcp-forwarder-up").start(() -> pump(client, upstream, fromClients));
                Thread.ofVirtual().name("tcp-forwarder-down").start(() -> pump(upstream, client, null));
            } catch (IOException e) {
                if (!server.isOpen()) {
                    return;
                }
            }
        }
    }

    private SocketChannel connectUpstream() throws IOException {
        if (target instanceof UnixDomainSocketAddress unix) {
            return SocketChannel.open(unix); // local: connects or fails at once
        }
        SocketChannel upstream = SocketChannel.open();
        try {
            upstream.socket().connect(target, CONNECT_TIMEOUT_MILLIS);
            upstream.setOption(StandardSocketOptions.TCP_NODELAY, true);
            return upstream;
        } catch (IOException e) {
            closeQuietly(upstream);
            throw e;
        }
    }

    private void pump(SocketChannel from, SocketChannel to, ByteCapture capture) {
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        try {
            int n;
            while ((n = from.read(buffer)) >= 0) {
                buffer.flip();
                if (capture != null) {
                    capture.add(buffer.array(), 0, n);
                }
                while (buffer.hasRemaining()) {
                    to.write(buffer);
                }
                buffer.clear();
                bytesForwarded.addAndGet(n);
            }
        } catch (IOException e) {
            // one side went away: close both below
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            channels.remove(from);
            channels.remove(to);
        }
    }

    @Override
    public void close() {
        closeQuietly(server);
        dropConnections();
        acceptor.interrupt();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing a channel that is already gone
        }
    }
}
