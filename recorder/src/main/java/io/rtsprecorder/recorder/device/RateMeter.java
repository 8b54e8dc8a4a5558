package io.rtsprecorder.recorder.device;

import io.rtsprecorder.media.codec.Frame;

/**
 * Media bitrate and video frame rate over the last completed window of about one second: what a user compares
 * with the camera's settings to see whether everything arrives. Written by one thread, read by any; a window
 * older than two seconds reads as zero (the stream stalled).
 */
final class RateMeter {

    private static final long WINDOW_MILLIS = 1000;

    private long windowStart = -1;
    private long windowBytes;
    private long windowVideoFrames;
    private volatile double bitsPerSecond;
    private volatile double videoFramesPerSecond;
    private volatile long measuredAt;

    void add(Frame frame, long nowMillis) {
        if (windowStart < 0) {
            windowStart = nowMillis;
        }
        windowBytes += frame.data().length;
        if (frame.format().codec().isVideo()) {
            windowVideoFrames++;
        }
        long elapsed = nowMillis - windowStart;
        if (elapsed >= WINDOW_MILLIS) {
            bitsPerSecond = windowBytes * 8000.0 / elapsed;
            videoFramesPerSecond = windowVideoFrames * 1000.0 / elapsed;
            measuredAt = nowMillis;
            windowStart = nowMillis;
            windowBytes = 0;
            windowVideoFrames = 0;
        }
    }

    double bitsPerSecond(long nowMillis) {
        return fresh(nowMillis) ? Math.round(bitsPerSecond) : 0;
    }

    double videoFramesPerSecond(long nowMillis) {
        return fresh(nowMillis) ? Math.round(videoFramesPerSecond * 10) / 10.0 : 0;
    }

    private boolean fresh(long nowMillis) {
        return measuredAt > 0 && nowMillis - measuredAt <= 2 * WINDOW_MILLIS;
    }
}
