package io.rtsprecorder.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A plain byte forwarder on 127.0.0.1, standing in for Shifu's deviceShifu-TCP in tests: it accepts a TCP
 * connection, opens one to the target and copies bytes both ways, understanding nothing of RTSP. Anything
 * that works through it (RTSP with interleaved RTP) works through deviceShifu-TCP; UDP transport does not.
 */
public final class TcpForwarder implements AutoCloseable {

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicLong bytesForwarded = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    private final Thread acceptor;

    private TcpForwarder(InetSocketAddress target) throws IOException {
        this.target = target;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = Thread.ofVirtual().name("tcp-forwarder-accept").start(this::acceptLoop);
    }

    /** Starts forwarding from an ephemeral loopback port to {@code 127.0.0.1:targetPort}. */
    public static TcpForwarder start(int targetPort) throws IOException {
        return new TcpForwarder(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort));
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Total bytes copied in both directions. */
    public long bytesForwarded() {
        return bytesForwarded.get();
    }

    public long connectionsAccepted() {
        return connections.get();
    }

    /** Cuts every forwarded connection (both sides), as a forwarder restart would; keeps listening. */
    public void dropConnections() {
        for (Socket s : sockets) {
            closeQuietly(s);
        }
        sockets.clear();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                connections.incrementAndGet();
                Socket upstream = new Socket();
                try {
                    upstream.connect(target, 5_000);
                } catch (IOException e) {
                    closeQuietly(client);
                    closeQuietly(upstream);
                    continue;
                }
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(upstream);
                Thread.ofVirtual().name("tcp-forwarder-up").start(() -> pump(client, upstream));
                Thread.ofVirtual().name("tcp-forwarder-down").start(() -> pump(upstream, client));
            } catch (IOException e) {
                if (server.isClosed()) {
                    return;
                }
            }
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                bytesForwarded.addAndGet(n);
            }
        } catch (IOException e) {
            // one side went away: close both below
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            sockets.remove(from);
            sockets.remove(to);
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
            // closing a socket that is already gone
        }
    }
}
