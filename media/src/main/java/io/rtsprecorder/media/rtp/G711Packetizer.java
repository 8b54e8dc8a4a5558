package io.rtsprecorder.media.rtp;

import io.rtsprecorder.media.codec.Frame;

/**
 * G.711 A-law/µ-law over RTP (RFC 3551): one byte per sample per channel, at most 20 ms of samples and
 * {@code maxPayload} bytes per packet; each packet's timestamp is that of its first sample.
 */
final class G711Packetizer implements RtpPacketizer {

    private final int maxPayload;

    G711Packetizer(int maxPayload) {
        this.maxPayload = maxPayload;
    }

    @Override
    public void packetize(Frame frame, RtpPayloadSink sink) {
        int channels = Math.max(1, frame.format().channels());
        int samplesPer20ms = Math.max(1, frame.format().sampleRate() / 50);
        int chunk = Math.min(maxPayload / channels, samplesPer20ms) * channels;
        byte[] data = frame.data();
        for (int pos = 0; pos < data.length; pos += chunk) {
            int n = Math.min(chunk, data.length - pos);
            sink.payload(data, pos, n, false, pos / channels);
        }
    }
}
