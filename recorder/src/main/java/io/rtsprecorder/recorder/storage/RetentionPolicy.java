package io.rtsprecorder.recorder.storage;

import java.time.Duration;

/**
 * How much footage to keep. {@code maxAge} null, {@code maxBytes} 0 and {@code maxBytesPerCamera} 0 mean "no
 * limit"; {@code minFreePercent} of the volume is always kept free (default 10 %), because a full volume stops
 * every camera at once. A 10 GiB volume holds about five hours of one 4 Mbit/s camera.
 */
public record RetentionPolicy(Duration maxAge, long maxBytes, long maxBytesPerCamera, int minFreePercent) {

    public static final int DEFAULT_MIN_FREE_PERCENT = 10;

    public RetentionPolicy {
        if (maxBytes < 0 || maxBytesPerCamera < 0 || minFreePercent < 0 || minFreePercent > 90) {
            throw new IllegalArgumentException("retention limits must be positive, free space 0-90 %");
        }
    }

    /** Keep everything, but never fill the volume beyond 90 %. */
    public static RetentionPolicy standard() {
        return new RetentionPolicy(null, 0, 0, DEFAULT_MIN_FREE_PERCENT);
    }
}
