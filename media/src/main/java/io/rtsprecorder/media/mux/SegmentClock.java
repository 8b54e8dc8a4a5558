package io.rtsprecorder.media.mux;

import io.rtsprecorder.media.codec.Frame;
import java.time.Duration;

/**
 * The clock of one FLV or MPEG-TS segment: a frame's times in microseconds from the segment's first frame, and
 * when the buffered bytes are due for the operating system. Flushing every interval of <em>media</em> time bounds
 * what a crash loses to that much footage, whatever the frame rate.
 */
final class SegmentClock {

    private final long flushMicros;
    private long startMicros = Long.MIN_VALUE;
    private long lastFlushMicros;

    SegmentClock(Duration flushInterval) {
        this.flushMicros = flushInterval.toNanos() / 1000;
    }

    /**
     * The frame's decode time from the segment's start; the first frame starts the clock. Negative for a frame
     * that decodes before the first one (the caller drops it: a segment never starts before its first frame).
     */
    long decodeMicros(Frame frame) {
        long micros = frame.dts() * 1_000_000L / frame.format().timescale();
        if (startMicros == Long.MIN_VALUE) {
            startMicros = micros;
            lastFlushMicros = 0;
        }
        return micros - startMicros;
    }

    /** The frame's presentation time from the segment's start (after {@link #decodeMicros} started the clock). */
    long presentationMicros(Frame frame) {
        return frame.pts() * 1_000_000L / frame.format().timescale() - startMicros;
    }

    /** Whether a flush interval has passed since the last flush at this decode time; if so, now is the last. */
    boolean flushDue(long decodeMicros) {
        if (decodeMicros - lastFlushMicros < flushMicros) {
            return false;
        }
        lastFlushMicros = decodeMicros;
        return true;
    }
}
