package io.rtsprecorder.media.timing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SharedBeatTest {

    @ParameterizedTest(name = "at {0} ns with a {1} ns period the next beat is {2} ns away")
    @CsvSource({
        "0, 40, 40",          // on a beat: the next one, never zero
        "1, 40, 39",
        "39, 40, 1",
        "40, 40, 40",
        "1000000007, 40000000, 39999993",
        "-1, 40, 1",          // nanoTime may be negative: the beats stay multiples of the period
        "-40, 40, 40",
        "-79, 40, 39",
        "9223372036854775807, 200000000, 145224193",
    })
    void theNextBeatIsTheNextMultipleOfThePeriod(long now, long period, long expected) {
        assertEquals(expected, SharedBeat.nanosToNext(now, period));
    }

    @Test
    void threadsThatRestAtDifferentTimesWakeOnTheSameBeat() {
        long period = 40_000_000;
        long a = 5_000_123;
        long b = 31_999_999;
        assertEquals(a + SharedBeat.nanosToNext(a, period), b + SharedBeat.nanosToNext(b, period));
    }

    @Test
    void aPeriodThatIsNotPositiveIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> SharedBeat.nanosToNext(5, 0));
        assertThrows(IllegalArgumentException.class, () -> SharedBeat.nanosToNext(5, -40));
    }
}
