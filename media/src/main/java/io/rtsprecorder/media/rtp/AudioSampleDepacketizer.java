package io.rtsprecorder.media.rtp;

import io.rtsprecorder.media.codec.Codec;
import io.rtsprecorder.media.codec.Frame;
import io.rtsprecorder.media.codec.TrackFormat;
import java.util.Arrays;

/**
 * Sample-based audio (RFC 3551): G.711 A-law and µ-law, one byte per sample, and L16, whose big-endian samples
 * are turned into the little-endian layout of {@link Codec#LPCM} frames. Every packet is one frame.
 */
final class AudioSampleDepacketizer implements RtpDepacketizer {

    private final int track;
    private final TrackFormat format;
    private long discarded;

    AudioSampleDepacketizer(int track, TrackFormat format) {
        this.track = track;
        this.format = format;
    }

    @Override
    public void push(RtpPacket packet, long timestamp, FrameSink sink) {
        int len = packet.payloadLength();
        if (len == 0 || format.codec() == Codec.LPCM && len % 2 != 0) {
            discarded++;
            return;
        }
        byte[] data = Arrays.copyOfRange(packet.buffer(), packet.payloadOffset(), packet.payloadOffset() + len);
        if (format.codec() == Codec.LPCM) {
            for (int i = 0; i + 1 < data.length; i += 2) {
                byte t = data[i];
                data[i] = data[i + 1];
                data[i + 1] = t;
            }
        }
        sink.frame(new Frame(track, format, timestamp, timestamp, true, data));
    }

    @Override
    public void lost() {
        // every packet stands alone
    }

    @Override
    public void flush(FrameSink sink) {
        // nothing held back
    }

    @Override
    public long discardedPackets() {
        return discarded;
    }
}
