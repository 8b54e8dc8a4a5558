package io.rtsprecorder.media.rtp;

import io.rtsprecorder.media.codec.Frame;

/**
 * AAC over RTP in RFC 3640 AAC-hbr mode (sizeLength 13, indexLength 3): one access unit per packet with a
 * single 16-bit AU header. An access unit larger than a packet is fragmented (§3.2.3): every fragment repeats the
 * AU header with the whole unit's size, and only the last carries the marker bit.
 */
final class AacPacketizer implements RtpPacketizer {

    private static final int HEADER_BYTES = 4; // AU-headers-length (16 bits) + one AU header (16 bits)

    private final int maxPayload;
    private final byte[] buffer;

    AacPacketizer(int maxPayload) {
        this.maxPayload = maxPayload;
        this.buffer = new byte[maxPayload];
    }

    @Override
    public void packetize(Frame frame, RtpPayloadSink sink) {
        byte[] au = frame.data();
        if (au.length > 0x1FFF) {
            return; // cannot be described with a 13-bit size; no AAC frame is this large
        }
        buffer[0] = 0;
        buffer[1] = 16;
        buffer[2] = (byte) (au.length >> 5);
        buffer[3] = (byte) ((au.length & 0x1F) << 3);
        int chunk = maxPayload - HEADER_BYTES;
        int pos = 0;
        do {
            int n = Math.min(chunk, au.length - pos);
            System.arraycopy(au, pos, buffer, HEADER_BYTES, n);
            pos += n;
            sink.payload(buffer, 0, HEADER_BYTES + n, pos == au.length, 0);
        } while (pos < au.length);
    }
}
