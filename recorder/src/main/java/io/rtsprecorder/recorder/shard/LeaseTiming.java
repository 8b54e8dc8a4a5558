package io.rtsprecorder.recorder.shard;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a lease lasts ({@code duration}), how often its holder renews it ({@code renewInterval}) and how long
 * before its expiry the holder stops recording when it could not renew ({@code fencingMargin}). The margin covers
 * the time to stop a recording, the fencing check's period and the clock difference between replicas; a renewal
 * must fit well inside {@code duration - fencingMargin}, so the interval is at most a third of what is left.
 */
public record LeaseTiming(Duration duration, Duration renewInterval, Duration fencingMargin) {

    /** Lease duration 15 s, renewed every 5 s, fenced 3 s before expiry. */
    public static final LeaseTiming STANDARD = of(Duration.ofSeconds(15));

    public LeaseTiming {
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(renewInterval, "renewInterval");
        Objects.requireNonNull(fencingMargin, "fencingMargin");
        if (duration.toMillis() < 1000) {
            throw new IllegalArgumentException("lease duration must be at least 1 s, not " + duration.toMillis()
                    + " ms");
        }
        if (renewInterval.isNegative() || renewInterval.isZero() || fencingMargin.isNegative()
                || fencingMargin.isZero()) {
            throw new IllegalArgumentException("lease renew interval and fencing margin must be positive");
        }
        if (renewInterval.multipliedBy(2).compareTo(duration.minus(fencingMargin)) > 0) {
            throw new IllegalArgumentException("lease renew interval " + renewInterval.toMillis() + " ms leaves no "
                    + "room for a second try before fencing: keep it at most (duration - margin) / 2 = "
                    + duration.minus(fencingMargin).dividedBy(2).toMillis() + " ms");
        }
    }

    /** {@code duration}, renewed every third of it, fenced a fifth of it (at least 1 s) before expiry. */
    public static LeaseTiming of(Duration duration) {
        Duration margin = duration.dividedBy(5);
        return new LeaseTiming(duration, duration.dividedBy(3), margin.toMillis() < 1000 ? Duration.ofSeconds(1)
                : margin);
    }

    /** {@code duration} renewed every {@code renewInterval}, with the standard margin. */
    public static LeaseTiming of(Duration duration, Duration renewInterval) {
        return new LeaseTiming(duration, renewInterval, of(duration).fencingMargin());
    }

    /** How long after its last renewal a holder may still record: {@code duration - fencingMargin}. */
    public Duration recordingAllowance() {
        return duration.minus(fencingMargin);
    }
}
