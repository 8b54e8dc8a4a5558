package io.rtsprecorder.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A TLS terminator on 127.0.0.1 in front of a plain RTSP server, so any camera of the tests (the mock camera, an
 * independent server) is reached as {@code rtsps://}: it accepts TLS with a {@link TestCertificates.ServerIdentity},
 * opens a plain TCP connection to the target port and copies the decrypted bytes both ways, understanding nothing
 * of RTSP — as the TLS front of a real camera does.
 *
 * <p>It counts handshakes that completed and failed, and keeps the first 256 KiB the clients sent after the
 * handshake, so a test can show what did (or did not) reach the camera.
 */
public final class TlsFront implements AutoCloseable {

    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final int HANDSHAKE_TIMEOUT_MILLIS = 10_000;

    private final SSLServerSocket server;
    private final int targetPort;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicLong handshakes = new AtomicLong();
    private final AtomicLong failedHandshakes = new AtomicLong();
    private final ByteCapture fromClients = new ByteCapture();
    private final Thread acceptor;

    private TlsFront(SSLServerSocket server, int targetPort) {
        this.server = server;
        this.targetPort = targetPort;
        this.acceptor = Thread.ofVirtual().name("tls-front-accept").start(this::acceptLoop);
    }

    /** Terminates TLS with {@code identity} on an ephemeral loopback port, forwarding to 127.0.0.1:targetPort. */
    public static TlsFront start(TestCertificates.ServerIdentity identity, int targetPort) throws IOException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            char[] password = "in-memory".toCharArray();
            store.load(null, null);
            store.setKeyEntry("server", identity.key(), password,
                    identity.chain().toArray(new Certificate[0]));
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            SSLServerSocket server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
            return new TlsFront(server, targetPort);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS with " + identity.certificate().getSubjectX500Principal(), e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Handshakes that completed: clients that accepted the certificate. */
    public long handshakes() {
        return handshakes.get();
    }

    /** Handshakes that failed (the client refused the certificate, or spoke no TLS). */
    public long failedHandshakes() {
        return failedHandshakes.get();
    }

    /**
     * Waits until at least {@code count} handshakes failed, at most {@code timeout}: the client that refused the
     * certificate knows it before this side has read its alert. Returns the count then.
     */
    public long awaitFailedHandshakes(long count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (failedHandshakes.get() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return failedHandshakes.get();
    }

    /** What clients sent after their handshakes (the first 256 KiB), as text. */
    public String receivedFromClients() {
        return fromClients.text();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                SSLSocket client = (SSLSocket) server.accept();
                sockets.add(client);
                Thread.ofVirtual().name("tls-front-connection").start(() -> relay(client));
            } catch (IOException e) {
                if (server.isClosed()) {
                    return;
                }
            }
        }
    }

    private void relay(SSLSocket client) {
        Socket upstream = new Socket();
        try {
            client.setSoTimeout(HANDSHAKE_TIMEOUT_MILLIS);
            try {
                client.startHandshake();
            } catch (IOException e) {
                failedHandshakes.incrementAndGet();
                throw e;
            }
            handshakes.incrementAndGet();
            client.setSoTimeout(0);
            client.setTcpNoDelay(true);
            sockets.add(upstream);
            upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort),
                    CONNECT_TIMEOUT_MILLIS);
            upstream.setTcpNoDelay(true);
            Thread.ofVirtual().name("tls-front-down").start(() -> pump(upstream, client, false));
            pump(client, upstream, true);
        } catch (IOException e) {
            closeQuietly(client);
            closeQuietly(upstream);
        }
    }

    private void pump(Socket from, Socket to, boolean capture) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (capture) {
                    fromClients.add(buffer, 0, n);
                }
                out.write(buffer, 0, n);
                out.flush();
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
        for (Socket s : sockets) {
            closeQuietly(s);
        }
        sockets.clear();
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
