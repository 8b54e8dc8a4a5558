package io.rtsprecorder.media.timing;

import java.time.Duration;

/**
 * Rests that end on a beat all cameras share: multiples of a period on the JVM's monotonic clock.
 *
 * <p>Each camera has threads that rest between short bursts of work: the network reader between reads, the writer
 * between batches. A rest of fixed length, started whenever the previous work ended, gives every thread a wake-up
 * of its own phase; with N cameras the carrier threads are then woken N times a period for a few microseconds of
 * work each, and every such wake-up costs a futex wake, a park and a context switch (in a VM also an exit to the
 * hypervisor). Ending every rest on the same beat gathers the wake-ups of all cameras into one burst a period,
 * which the carriers work through without parking in between. The time from one wake-up of a thread to its next
 * stays one period, so a read still finds a period's worth of data.
 */
public final class SharedBeat {

    private SharedBeat() {
    }

    /**
     * Nanoseconds from {@code nowNanos} (a {@link System#nanoTime()} reading) to the next multiple of
     * {@code periodNanos}: more than 0, at most one period.
     */
    public static long nanosToNext(long nowNanos, long periodNanos) {
        if (periodNanos <= 0) {
            throw new IllegalArgumentException("period must be positive: " + periodNanos);
        }
        return periodNanos - Math.floorMod(nowNanos, periodNanos);
    }

    /** How long from now to the next beat of {@code period}: a wait that should end on the beat. */
    public static Duration untilNext(Duration period) {
        return Duration.ofNanos(nanosToNext(System.nanoTime(), period.toNanos()));
    }

    /** Sleeps until the next beat of {@code period}. */
    public static void sleepToNext(Duration period) throws InterruptedException {
        Thread.sleep(untilNext(period));
    }
}
