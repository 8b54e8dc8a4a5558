package io.rtsprecorder.media.rtsp.server;

import io.rtsprecorder.media.rtsp.wire.RtspRequest;
import io.rtsprecorder.media.sdp.SessionDescription;
import java.net.InetSocketAddress;

/**
 * What an {@link RtspServer} serves on one path: a live stream that clients describe, set up and play. The server
 * knows RTSP (sessions, transports, the order of requests); the source knows the media: its tracks, who may watch,
 * and where the packets come from. The mock camera's looped clips and the recorder's camera feeds are sources.
 *
 * <p>Tracks are addressed by the control attribute of their SDP media section, relative to the source's URL
 * ({@code rtsp://host:port/path/trackID=0}).
 */
public interface LiveSource {

    /** The path the source is served at, starting with {@code /} ({@code /h264}, {@code /front-door}). */
    String path();

    /** Whether {@code request} (DESCRIBE, SETUP or PLAY) from {@code client} may proceed. */
    Admission admit(RtspRequest request, InetSocketAddress client);

    /** The DESCRIBE answer, with {@code host} as the origin address; one media section per track. */
    SessionDescription describe(String host);

    /** Index of the track whose control is {@code control} (a relative control URL), or -1. */
    int trackForControl(String control);

    /** The control of track {@code track}, relative to the source's URL. */
    String control(int track);

    /**
     * Starts delivering to {@code subscriber}: {@link PacketSubscriber#started} first (the PLAY response goes out
     * then), its packets after. False when the source cannot take the client now (it is full or not live); the
     * server answers 503.
     */
    boolean subscribe(PacketSubscriber subscriber);

    /** No more packets to {@code subscriber}; safe to call when it is not subscribed. */
    void unsubscribe(PacketSubscriber subscriber);
}
