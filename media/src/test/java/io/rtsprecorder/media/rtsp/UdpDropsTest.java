package io.rtsprecorder.media.rtsp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Datagrams dropped because the hand-over queue is full: counted every time, logged at most once per 10 s. */
class UdpDropsTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void theFirstDropIsLoggedAtOnceAndLaterOnesTogetherTenSecondsOn() {
        UdpMediaReader.Drops drops = new UdpMediaReader.Drops();
        long start = 123 * SECOND;
        assertThat(drops.dropped(start)).isEqualTo(1);
        long logged = 0;
        for (int i = 1; i <= 1000; i++) { // 1000 more within 9.99 s
            logged += drops.dropped(start + i * 9_990_000L);
        }
        assertThat(logged).as("nothing logged within 10 s of the first").isZero();
        assertThat(drops.dropped(start + 10 * SECOND)).as("the 1000 and this one").isEqualTo(1001);
        assertThat(drops.dropped(start + 11 * SECOND)).isZero();
        assertThat(drops.unlogged()).as("left for the end of the stream").isEqualTo(1);
        assertThat(drops.total()).isEqualTo(1003);
    }
}
