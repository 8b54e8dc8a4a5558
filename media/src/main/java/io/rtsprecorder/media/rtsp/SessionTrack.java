package io.rtsprecorder.media.rtsp;

import io.rtsprecorder.media.codec.TrackFormat;
import io.rtsprecorder.media.rtp.RtpDepacketizer;
import io.rtsprecorder.media.rtp.RtpTimestampUnwrapper;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;

/**
 * One track of a session as SETUP made it: what the SDP said, where its packets go, and, over UDP, its sockets.
 * {@link #index} is the track's number in {@link RtspClient#tracks()} and in frames. Over TCP the client asks for
 * the interleaved channels twice it and one more; the camera's SETUP answer may name others, and those count.
 */
final class SessionTrack {

    /** Over UDP, packets the reorder buffer may hold while it waits for a missing one. */
    static final int REORDER_PACKETS = 64;

    final int index;
    final TrackFormat format;
    final String controlUrl;
    final RtpDepacketizer depacketizer;
    final RtpTimestampUnwrapper unwrapper = new RtpTimestampUnwrapper();
    final RtpReceiver receiver;
    DatagramSocket rtpSocket;
    DatagramSocket rtcpSocket;
    /** The camera's RTCP port (UDP), where our receiver reports go; null when it named none. */
    InetSocketAddress serverRtcp;
    /** Whether a BYE that does not end the stream has been logged for this track. */
    boolean byeLogged;
    private int rtpChannel;
    private int rtcpChannel;

    SessionTrack(int index, TrackFormat format, String controlUrl, RtpDepacketizer depacketizer, boolean udp) {
        this.index = index;
        this.format = format;
        this.controlUrl = controlUrl;
        this.depacketizer = depacketizer;
        this.receiver = new RtpReceiver(format.timescale(), udp ? REORDER_PACKETS : 0);
        this.rtpChannel = 2 * index;
        this.rtcpChannel = 2 * index + 1;
    }

    int rtpChannel() {
        return rtpChannel;
    }

    int rtcpChannel() {
        return rtcpChannel;
    }

    /** The channels the camera's SETUP answer named (before PLAY, on the thread that sets up). */
    void answeredChannels(int rtp, int rtcp) {
        rtpChannel = rtp;
        rtcpChannel = rtcp;
    }
}
