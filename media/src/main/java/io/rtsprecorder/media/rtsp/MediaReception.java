package io.rtsprecorder.media.rtsp;

import io.rtsprecorder.media.rtp.FrameSink;
import io.rtsprecorder.media.rtp.RtcpPackets;
import io.rtsprecorder.media.rtp.RtpFormatException;
import io.rtsprecorder.media.rtp.RtpPacket;
import io.rtsprecorder.media.rtp.RtpReorderBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to the packets of a playing session once a reader ({@link TcpMediaReader}, {@link UdpMediaReader})
 * has them, whatever the transport: RTP through the track's statistics, onto the {@link SessionTimeline} and into
 * its depacketizer; RTCP sender reports to the statistics and the timeline; BYE to the decision whether the
 * stream has ended; our receiver reports out of the statistics. Everything but {@link #statistics} and
 * {@link #bytesReceived} runs on the session's reading thread.
 *
 * <p>A stream ends with BYE (RFC 3550 §6.6) when every video track has said it, or, in a stream without video,
 * every track: recording is judged by its video, so a camera that stops only its audio goes on being recorded. A
 * BYE counts for a track when it names the track's current SSRC, or arrives on the track's own channel before the
 * track has had a packet; a BYE for an earlier source of the track is ignored.
 */
final class MediaReception {

    private static final Logger log = LoggerFactory.getLogger(MediaReception.class);
    /** The SSRC our receiver reports come from: "RREC". */
    static final long OUR_SSRC = 0x52524543L;

    private final List<SessionTrack> tracks;
    private final SessionTimeline timeline;
    private final String maskedUrl;
    private final boolean hasVideo;
    private final AtomicLong bytesReceived = new AtomicLong();

    MediaReception(List<SessionTrack> tracks, Clock wallClock, String maskedUrl) {
        this.tracks = List.copyOf(tracks);
        this.timeline = new SessionTimeline(tracks.stream().mapToInt(t -> t.format.timescale()).toArray(),
                wallClock);
        this.maskedUrl = maskedUrl;
        this.hasVideo = tracks.stream().anyMatch(t -> t.format.codec().isVideo());
    }

    List<SessionTrack> tracks() {
        return tracks;
    }

    /** Counts bytes read from the network (RTP and RTCP, with their interleaving headers over TCP). */
    void countBytes(long bytes) {
        bytesReceived.addAndGet(bytes);
    }

    long bytesReceived() {
        return bytesReceived.get();
    }

    /** An RTP packet received in order (TCP): statistics, then straight on to the depacketizer. */
    void rtp(SessionTrack t, byte[] data, long arrivalNanos, FrameSink sink) {
        RtpPacket packet;
        try {
            packet = RtpPacket.parse(data, 0, data.length);
        } catch (RtpFormatException e) {
            return; // not RTP: ignored like cameras' keep-alive junk
        }
        t.receiver.received(packet, arrivalNanos);
        deliver(t, packet, sink);
    }

    /** An RTP packet that may arrive out of order (UDP): statistics, then the reorder buffer, then {@code inOrder}. */
    void rtpUnordered(SessionTrack t, byte[] data, long arrivalNanos, RtpReorderBuffer.Sink inOrder) {
        RtpPacket packet;
        try {
            packet = RtpPacket.parse(data, 0, data.length);
        } catch (RtpFormatException e) {
            return; // a stray datagram on the RTP port
        }
        t.receiver.receivedUnordered(packet, arrivalNanos, inOrder);
    }

    /** One packet in sequence order: onto the timeline, into the depacketizer. */
    void deliver(SessionTrack t, RtpPacket packet, FrameSink sink) {
        long unwrapped = t.unwrapper.unwrap(packet.timestamp());
        t.depacketizer.push(packet, timeline.timestamp(t.index, unwrapped, packet.timestamp()), sink);
    }

    /**
     * An RTCP packet that arrived for track {@code t}. Broken RTCP is ignored.
     *
     * @throws RtspClientException {@link RtspClientException.Reason#STREAM_ENDED} when a BYE ended the stream
     */
    void rtcp(SessionTrack t, byte[] data, long arrivalNanos) throws RtspClientException {
        List<RtcpPackets.Packet> packets;
        try {
            packets = RtcpPackets.parse(data, 0, data.length);
        } catch (RtpFormatException e) {
            return;
        }
        for (RtcpPackets.Packet p : packets) {
            if (p instanceof RtcpPackets.SenderReport sr) {
                t.receiver.senderReport(sr, arrivalNanos);
                timeline.senderReport(t.index, sr);
            } else if (p instanceof RtcpPackets.Bye bye) {
                bye(t, bye);
            }
        }
    }

    private void bye(SessionTrack channel, RtcpPackets.Bye bye) throws RtspClientException {
        boolean counted = false;
        for (SessionTrack t : tracks) {
            RtpReceiver r = t.receiver;
            if (r.hasSource() ? bye.ssrcs().contains(r.ssrc()) : t == channel) {
                r.byeReceived();
                counted = true;
            }
        }
        if (!counted) {
            log.debug("{}: ignoring an RTCP BYE for sources {} no track is receiving", maskedUrl, bye.ssrcs());
            return;
        }
        String reason = bye.reason() == null ? "" : ": \"" + bye.reason() + "\"";
        if (ended()) {
            throw new RtspClientException(RtspClientException.Reason.STREAM_ENDED,
                    "camera ended the stream (RTCP BYE)" + reason);
        }
        for (SessionTrack t : tracks) {
            if (t.receiver.hasByeReceived() && !t.byeLogged) {
                t.byeLogged = true;
                log.info("{}: camera ended its {} track (RTCP BYE{}); the stream goes on", maskedUrl,
                        t.format.codec(), reason);
            }
        }
    }

    private boolean ended() {
        for (SessionTrack t : tracks) {
            if ((t.format.codec().isVideo() || !hasVideo) && !t.receiver.hasByeReceived()) {
                return false;
            }
        }
        return true;
    }

    /** Our receiver report about track {@code t}, to send now; null while it has had no packet. */
    byte[] receiverReport(SessionTrack t, long nowNanos) {
        if (!t.receiver.hasSource()) {
            return null;
        }
        return RtcpPackets.receiverReport(OUR_SSRC, List.of(t.receiver.nextReportBlock(nowNanos)));
    }

    /** The end of the stream: packets still held for reordering, then the frames the depacketizers hold. */
    void flush(FrameSink sink) {
        for (SessionTrack t : tracks) {
            t.receiver.drain(p -> deliver(t, p, sink));
            t.depacketizer.flush(sink);
        }
    }

    /** One snapshot per track; any thread. */
    List<ReceptionStatistics> statistics(long nowNanos) {
        List<ReceptionStatistics> result = new ArrayList<>(tracks.size());
        for (SessionTrack t : tracks) {
            result.add(t.receiver.statistics(t.index, nowNanos));
        }
        return List.copyOf(result);
    }
}
