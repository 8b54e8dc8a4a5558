package io.rtsprecorder.media.rtp;

import io.rtsprecorder.media.codec.TrackFormat;

/**
 * The RTP clock rate of a track (90 kHz for video, the sample rate for audio) and exact conversion of frame
 * times into it. Conversion works on the frame's absolute tick count, so no rounding error accumulates over a
 * long stream.
 */
public final class RtpClock {

    private RtpClock() {
    }

    public static int rate(TrackFormat format) {
        return format.codec().isVideo() ? 90_000 : Math.max(1, format.sampleRate());
    }

    /** {@code ticks} of a clock running at {@code fromRate} expressed at {@code toRate}, rounded down. */
    public static long convert(long ticks, int fromRate, int toRate) {
        if (fromRate == toRate) {
            return ticks;
        }
        return Math.floorDiv(Math.multiplyExact(ticks, (long) toRate), fromRate);
    }
}
