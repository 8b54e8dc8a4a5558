package io.rtsprecorder.recorder.device;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential reconnect delays with jitter: {@code initial × 2^(attempt-1)}, capped at {@code max}, scaled by a
 * random factor in [0.8, 1.2) and kept within [initial, max]. The jitter spreads the reconnects of many cameras
 * behind one forwarder that restarted, so they do not all knock at the same instant.
 */
public final class Backoff {

    /** 1 s, 2 s, 4 s, ... up to 30 s. */
    public static final Duration INITIAL = Duration.ofSeconds(1);
    public static final Duration MAX = Duration.ofSeconds(30);

    private final Duration initial;
    private final Duration max;
    private final RandomGenerator random;

    public Backoff(Duration initial, Duration max, RandomGenerator random) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("need 0 < initial <= max");
        }
        this.initial = initial;
        this.max = max;
        this.random = random;
    }

    public static Backoff standard() {
        return new Backoff(INITIAL, MAX, RandomGenerator.getDefault());
    }

    /** The delay before attempt number {@code attempt} (1 = the first retry). */
    public Duration delay(int attempt) {
        int exponent = Math.clamp(attempt - 1, 0, 30);
        double base = Math.min((double) max.toMillis(), initial.toMillis() * Math.pow(2, exponent));
        double jittered = base * (0.8 + 0.4 * random.nextDouble());
        long millis = (long) Math.clamp(jittered, initial.toMillis(), max.toMillis());
        return Duration.ofMillis(millis);
    }
}
