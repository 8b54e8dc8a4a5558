package io.rtsprecorder.recorder.access;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Slows down guessing: a client address that presented {@link #MAX_FAILURES} wrong tokens within {@link #WINDOW} is
 * refused (429) until the oldest of them leaves the window, whatever it sends meanwhile. Bounded: at most
 * {@link #MAX_ADDRESSES} addresses are remembered, the least recently seen forgotten first.
 */
public final class FailedAuthLimiter {

    static final int MAX_FAILURES = 10;
    static final Duration WINDOW = Duration.ofMinutes(1);
    static final int MAX_ADDRESSES = 10_000;

    private final Clock clock;
    private final Map<String, ArrayDeque<Long>> failures = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ArrayDeque<Long>> eldest) {
            return size() > MAX_ADDRESSES;
        }
    };

    public FailedAuthLimiter(Clock clock) {
        this.clock = clock;
    }

    /** Seconds {@code address} must wait before it may try again, or empty when it may try now. */
    public synchronized OptionalLong retryAfterSeconds(String address) {
        ArrayDeque<Long> f = failures.get(address);
        if (f == null) {
            return OptionalLong.empty();
        }
        long now = clock.millis();
        expire(f, now);
        if (f.size() < MAX_FAILURES) {
            return OptionalLong.empty();
        }
        long waitMillis = f.peekFirst() + WINDOW.toMillis() - now;
        return OptionalLong.of(Math.max(1, (waitMillis + 999) / 1000));
    }

    /** {@code address} presented a wrong token. */
    public synchronized void failed(String address) {
        long now = clock.millis();
        ArrayDeque<Long> f = failures.computeIfAbsent(address, a -> new ArrayDeque<>());
        expire(f, now);
        if (f.size() < MAX_FAILURES) {
            f.addLast(now);
        }
    }

    private static void expire(ArrayDeque<Long> f, long now) {
        while (!f.isEmpty() && now - f.peekFirst() >= WINDOW.toMillis()) {
            f.pollFirst();
        }
    }
}
