package io.rtsprecorder.media.rtsp.server;

import java.util.List;

/**
 * The RTP packets of one frame of one track (or one RTCP packet), complete and ready to send, read-only: a source
 * that serves many clients the same packets (the mock camera) packetizes each frame once and hands every client
 * the same batch.
 *
 * @param track  index of the track in the source's session description
 * @param rtcp   whether the packets go to the track's RTCP channel rather than its RTP channel
 */
public record PacketBatch(int track, boolean rtcp, List<byte[]> packets) {

    public PacketBatch {
        packets = List.copyOf(packets);
    }
}
