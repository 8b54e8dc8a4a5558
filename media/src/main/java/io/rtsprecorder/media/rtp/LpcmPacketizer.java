package io.rtsprecorder.media.rtp;

import io.rtsprecorder.media.codec.Frame;

/**
 * 16-bit PCM as RTP {@code L16} (RFC 3551 §4.5.11): network byte order, so the little-endian samples of an
 * LPCM {@link Frame} are swapped; at most 20 ms and {@code maxPayload} bytes per packet.
 */
final class LpcmPacketizer implements RtpPacketizer {

    private final int maxPayload;
    private final byte[] buffer;

    LpcmPacketizer(int maxPayload) {
        this.maxPayload = maxPayload;
        this.buffer = new byte[maxPayload];
    }

    @Override
    public void packetize(Frame frame, RtpPayloadSink sink) {
        int channels = Math.max(1, frame.format().channels());
        int bytesPerSample = 2 * channels;
        int samplesPer20ms = Math.max(1, frame.format().sampleRate() / 50);
        int chunk = Math.min(maxPayload / bytesPerSample, samplesPer20ms) * bytesPerSample;
        byte[] data = frame.data();
        int usable = data.length - data.length % bytesPerSample;
        for (int pos = 0; pos < usable; pos += chunk) {
            int n = Math.min(chunk, usable - pos);
            for (int i = 0; i < n; i += 2) {
                buffer[i] = data[pos + i + 1];
                buffer[i + 1] = data[pos + i];
            }
            sink.payload(buffer, 0, n, false, pos / bytesPerSample);
        }
    }
}
