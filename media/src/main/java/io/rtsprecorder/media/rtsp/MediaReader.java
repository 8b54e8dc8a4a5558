package io.rtsprecorder.media.rtsp;

import io.rtsprecorder.media.rtp.FrameSink;
import java.io.IOException;

/** The read loop of a playing session, one per transport: {@link TcpMediaReader}, {@link UdpMediaReader}. */
interface MediaReader {

    /** How often our RTCP receiver reports go out: some cameras end sessions that send none. */
    long RECEIVER_REPORT_NANOS = 5_000_000_000L;

    /**
     * Reads media on the calling thread and hands frames to {@code sink} until the session is closed (returns) or
     * fails (throws; a BYE that ends the stream is {@link RtspClientException.Reason#STREAM_ENDED}). Leaves the
     * frames still held in the depacketizers to the caller ({@link MediaReception#flush}).
     */
    void read(FrameSink sink) throws IOException;
}
