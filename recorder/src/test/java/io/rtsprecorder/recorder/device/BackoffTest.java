package io.rtsprecorder.recorder.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void delaysDoubleFromOneSecondUpToThirtyWithinTwentyPercentJitter() {
        Backoff b = new Backoff(Backoff.INITIAL, Backoff.MAX, new Random(42));
        long[] base = {1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000};
        for (int run = 0; run < 200; run++) {
            for (int attempt = 1; attempt <= base.length; attempt++) {
                long ms = b.delay(attempt).toMillis();
                long expected = base[attempt - 1];
                assertThat(ms).as("attempt %d", attempt)
                        .isBetween(Math.max(1000, (long) (expected * 0.8)), Math.min(30000, (long) (expected * 1.2)));
            }
        }
        assertThat(b.delay(1000)).isLessThanOrEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void jitterSpreadsCamerasThatFailedTogether() {
        Backoff b = new Backoff(Backoff.INITIAL, Backoff.MAX, new Random(7));
        long distinct = java.util.stream.IntStream.range(0, 50).mapToLong(i -> b.delay(4).toMillis()).distinct()
                .count();
        assertThat(distinct).isGreaterThan(40);
    }
}
