package io.rtsprecorder.media.rtsp.server;

/** Where one track starts for a client: its first sequence number and RTP time, for the PLAY response's RTP-Info. */
public record TrackStart(int track, int sequenceNumber, long rtpTime) {
}
