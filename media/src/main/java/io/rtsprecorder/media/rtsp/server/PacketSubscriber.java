package io.rtsprecorder.media.rtsp.server;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * A playing client of a {@link LiveSource}, as the source sees it: a place to put packets. The client's
 * connection sends them on its own writer thread, in order, behind the PLAY response.
 *
 * <p>Two ways in, for the two kinds of sources. {@link #offer} never waits: a source that feeds every client from
 * one thread (the mock camera) must not be held up by one of them, and drops the client when it returns false.
 * {@link #send} waits for room: a source that gives each client its own thread and its own bounded frame queue
 * (the recorder's restream) lets a slow client block only that thread, so its queue fills and drops frames, counted,
 * while the client stays connected.
 */
public interface PacketSubscriber {

    /** Starts the client: {@code starts} holds each track's first sequence number and RTP time (RTP-Info). */
    void started(List<TrackStart> starts);

    /** Queues a batch without waiting; false when the client's queue is full (it cannot keep up). */
    boolean offer(PacketBatch batch);

    /** Queues a batch, waiting for room; false once the client is gone. */
    boolean send(PacketBatch batch) throws InterruptedException;

    /**
     * The source sent the client an RTCP BYE and sends it nothing more: the stream ended, the session stays (as
     * gst-rtsp-server does at the end of a finite stream). A new PLAY may start it again.
     */
    void ended();

    /** The source dropped the client; its connection is closed. Never blocks. */
    void dropped(String reason);

    /** The client's address, for logs and limits. */
    InetSocketAddress remote();
}
