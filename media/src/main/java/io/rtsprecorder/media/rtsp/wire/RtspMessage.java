package io.rtsprecorder.media.rtsp.wire;

/**
 * What an RTSP connection carries: requests, responses, and RTP/RTCP packets interleaved with them
 * ({@code $}-framed, RFC 2326 §10.12).
 */
public sealed interface RtspMessage permits RtspRequest, RtspResponse, InterleavedFrame {
}
