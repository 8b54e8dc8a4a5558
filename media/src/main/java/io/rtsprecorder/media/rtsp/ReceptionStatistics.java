package io.rtsprecorder.media.rtsp;

import java.time.Duration;

/**
 * How one track of a session is being received, as of the moment {@link RtspClient#receptionStatistics()} was
 * called (any thread, while streaming). The counts are those of the track's current RTP source, the ones our RTCP
 * receiver reports carry (RFC 3550 Appendix A): a new SSRC from the camera starts them again.
 *
 * @param track index into {@link RtspClient#tracks()}
 * @param packetsReceived RTP packets received, duplicates included
 * @param packetsLost packets expected (from the sequence numbers) but not received; negative when duplicates
 *                    outnumber the losses, as RFC 3550 §6.4.1 defines it
 * @param jitterMillis interarrival jitter (RFC 3550 §6.4.1, A.8) in milliseconds
 * @param lastPacketAge time since the last RTP packet arrived; null before the first
 */
public record ReceptionStatistics(int track, long packetsReceived, long packetsLost, double jitterMillis,
                                  Duration lastPacketAge) {
}
