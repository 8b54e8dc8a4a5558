package io.rtsprecorder.recorder.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtsprecorder.testsupport.ManualClock;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FailedAuthLimiterTest {

    private static final Instant START = Instant.parse("2026-12-01T10:00:00Z");
    private final ManualClock clock = new ManualClock(START);
    private final FailedAuthLimiter limiter = new FailedAuthLimiter(clock);

    @Test
    void tenWrongTokensWithinAMinuteHoldTheAddressUntilTheFirstOfThemIsAMinuteOld() {
        for (int i = 0; i < 9; i++) {
            clock.set(START.plusSeconds(i));
            limiter.failed("10.0.0.7");
        }
        assertThat(limiter.retryAfterSeconds("10.0.0.7")).as("after nine").isEmpty();

        clock.set(START.plusSeconds(9));
        limiter.failed("10.0.0.7");
        assertThat(limiter.retryAfterSeconds("10.0.0.7")).hasValue(51);
        assertThat(limiter.retryAfterSeconds("10.0.0.8")).as("another address").isEmpty();

        clock.set(START.plusSeconds(59).plusMillis(500));
        assertThat(limiter.retryAfterSeconds("10.0.0.7")).hasValue(1);
        clock.set(START.plusSeconds(60));
        assertThat(limiter.retryAfterSeconds("10.0.0.7")).as("the first failure left the window").isEmpty();
    }

    @Test
    void wrongTokensSpreadOverMoreThanAMinuteNeverHoldTheAddress() {
        for (int i = 0; i < 30; i++) {
            clock.set(START.plusSeconds(7L * i));
            limiter.failed("10.0.0.7");
            assertThat(limiter.retryAfterSeconds("10.0.0.7")).as("after failure %d", i + 1).isEmpty();
        }
    }

    @Test
    void failuresWhileHeldDoNotProlongTheHold() {
        for (int i = 0; i < 10; i++) {
            limiter.failed("10.0.0.7");
        }
        clock.set(START.plusSeconds(30));
        for (int i = 0; i < 100; i++) {
            limiter.failed("10.0.0.7");
        }
        assertThat(limiter.retryAfterSeconds("10.0.0.7")).hasValue(30);
    }
}
