package io.rtsprecorder.media.rtp;

/**
 * Extends 32-bit RTP timestamps to 64 bits. The RTP clock wraps after 13.25 h at 90 kHz (and after 24.9 h at
 * 48 kHz); a recorder runs for weeks. Each timestamp is taken as the one nearest to the previous (a signed 32-bit
 * difference), so reordered packets step back a little instead of jumping forward by 2^32.
 */
public final class RtpTimestampUnwrapper {

    private boolean started;
    private long last32;
    private long unwrapped;

    /** The 64-bit timestamp for a 32-bit wire value; the first value maps to itself. */
    public long unwrap(long timestamp32) {
        long ts = timestamp32 & 0xFFFFFFFFL;
        if (!started) {
            started = true;
            last32 = ts;
            unwrapped = ts;
            return unwrapped;
        }
        int delta = (int) (ts - last32);
        last32 = ts;
        unwrapped += delta;
        return unwrapped;
    }
}
