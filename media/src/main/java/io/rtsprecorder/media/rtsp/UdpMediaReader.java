package io.rtsprecorder.media.rtsp;

import io.rtsprecorder.media.rtp.FrameSink;
import io.rtsprecorder.media.rtp.RtpReorderBuffer;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RTP and RTCP over UDP, two sockets per track. One receiving thread per socket takes each datagram with its
 * arrival time into one bounded queue; the reading thread (the caller of {@link #read}) takes them out, so the
 * statistics, the reorder buffers, the depacketizers and the sink all see one thread. When the queue is full the
 * datagram is dropped and counted (the camera sees it as lost in our receiver reports); the count is logged at
 * most once per {@link Drops#LOG_INTERVAL_NANOS}, never once per packet.
 */
final class UdpMediaReader implements MediaReader {

    private static final Logger log = LoggerFactory.getLogger(UdpMediaReader.class);
    private static final int QUEUE_DATAGRAMS = 4096;
    private static final int MAX_DATAGRAM_BYTES = 65536;
    /**
     * How often the reading thread looks whether the client was closed while no datagram comes: closing shuts the
     * sockets, which ends the receiving threads but not a wait on the queue.
     */
    private static final long CLOSED_CHECK_MILLIS = 100;

    /** One datagram as a receiving thread handed it over. */
    private record Datagram(SessionTrack track, byte[] data, boolean rtp, long arrivalNanos) {
    }

    private final MediaReception reception;
    private final List<SessionTrack> tracks;
    private final Duration readTimeout;
    private final BooleanSupplier closed;
    private final String maskedUrl;
    private final BlockingQueue<Datagram> queue = new ArrayBlockingQueue<>(QUEUE_DATAGRAMS);
    private final Drops drops = new Drops();

    UdpMediaReader(MediaReception reception, Duration readTimeout, BooleanSupplier closed, String maskedUrl) {
        this.reception = reception;
        this.tracks = reception.tracks();
        this.readTimeout = readTimeout;
        this.closed = closed;
        this.maskedUrl = maskedUrl;
    }

    /**
     * Waits up to {@code timeout} for the first RTP packet of the first track, which proves UDP gets through
     * (transport {@code auto}); the packet is kept for {@link #read}.
     */
    boolean awaitFirstPacket(Duration timeout) {
        SessionTrack first = tracks.get(0);
        try {
            first.rtpSocket.setSoTimeout((int) timeout.toMillis());
            byte[] buf = new byte[MAX_DATAGRAM_BYTES];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            first.rtpSocket.receive(p);
            queue.add(new Datagram(first, Arrays.copyOf(buf, p.getLength()), true, System.nanoTime()));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void read(FrameSink sink) throws IOException {
        RtpReorderBuffer.Sink[] inOrder = new RtpReorderBuffer.Sink[tracks.size()];
        List<Thread> receivers = new ArrayList<>();
        for (SessionTrack t : tracks) {
            inOrder[t.index] = packet -> reception.deliver(t, packet, sink);
            receivers.add(Thread.ofVirtual().name("rtp-udp").start(() -> receive(t, t.rtpSocket, true)));
            receivers.add(Thread.ofVirtual().name("rtcp-udp").start(() -> receive(t, t.rtcpSocket, false)));
        }
        try {
            long lastReport = System.nanoTime();
            long lastDatagram = lastReport;
            while (!closed.getAsBoolean()) {
                Datagram d = queue.poll(Math.min(CLOSED_CHECK_MILLIS, readTimeout.toMillis()), TimeUnit.MILLISECONDS);
                if (d == null) {
                    if (System.nanoTime() - lastDatagram >= readTimeout.toNanos()) {
                        throw new SocketTimeoutException("no UDP packet");
                    }
                    continue;
                }
                lastDatagram = System.nanoTime();
                reception.countBytes(d.data().length);
                if (d.rtp()) {
                    reception.rtpUnordered(d.track(), d.data(), d.arrivalNanos(), inOrder[d.track().index]);
                } else {
                    reception.rtcp(d.track(), d.data(), d.arrivalNanos());
                }
                long now = System.nanoTime();
                if (now - lastReport >= RECEIVER_REPORT_NANOS) {
                    lastReport = now;
                    sendReceiverReports(now);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            receivers.forEach(Thread::interrupt);
            long unlogged = drops.unlogged();
            if (unlogged > 0) {
                logDrops(unlogged);
            }
        }
    }

    private void receive(SessionTrack t, DatagramSocket s, boolean rtp) {
        byte[] buf = new byte[MAX_DATAGRAM_BYTES];
        try {
            s.setSoTimeout(0);
            while (!closed.getAsBoolean()) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                s.receive(p);
                long now = System.nanoTime();
                if (!queue.offer(new Datagram(t, Arrays.copyOf(buf, p.getLength()), rtp, now))) {
                    long toLog = drops.dropped(now);
                    if (toLog > 0) {
                        logDrops(toLog);
                    }
                }
            }
        } catch (IOException e) {
            // socket closed
        }
    }

    private void logDrops(long count) {
        log.warn("{}: UDP packets arrive faster than they are processed; dropped {} (total {})", maskedUrl, count,
                drops.total());
    }

    private void sendReceiverReports(long now) throws IOException {
        for (SessionTrack t : tracks) {
            byte[] rr = reception.receiverReport(t, now);
            if (rr != null && t.serverRtcp != null) {
                t.rtcpSocket.send(new DatagramPacket(rr, rr.length, t.serverRtcp));
            }
        }
    }

    /**
     * Datagrams dropped because the queue was full, and when to say so: the first drop is reported at once, later
     * ones together once {@link #LOG_INTERVAL_NANOS} has passed since the last report. Called by every receiving
     * thread, but only when a drop happens, so the atomics cost nothing while the queue keeps up.
     */
    static final class Drops {

        static final long LOG_INTERVAL_NANOS = 10_000_000_000L;

        private final AtomicLong total = new AtomicLong();
        private final AtomicLong unlogged = new AtomicLong();
        private final AtomicLong lastLogNanos = new AtomicLong();
        private volatile boolean logged;

        /** Counts one drop at {@code nowNanos}; returns how many drops to log now, or 0 when it is too soon. */
        long dropped(long nowNanos) {
            total.incrementAndGet();
            unlogged.incrementAndGet();
            long last = lastLogNanos.get();
            if (logged && nowNanos - last < LOG_INTERVAL_NANOS) {
                return 0;
            }
            if (!lastLogNanos.compareAndSet(last, nowNanos)) {
                return 0; // another receiving thread is logging this round
            }
            logged = true;
            return unlogged.getAndSet(0);
        }

        /** Drops not yet logged, now taken as logged (at the end of the stream). */
        long unlogged() {
            return unlogged.getAndSet(0);
        }

        long total() {
            return total.get();
        }
    }
}
