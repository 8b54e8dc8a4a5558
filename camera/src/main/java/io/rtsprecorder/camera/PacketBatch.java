package io.rtsprecorder.camera;

import java.util.List;

/**
 * The RTP packets of one frame of one track (or one RTCP packet), shared read-only by every client of a mount:
 * a mount packetizes each frame once, whatever the number of clients.
 */
record PacketBatch(int track, boolean rtcp, List<byte[]> packets) {
}
