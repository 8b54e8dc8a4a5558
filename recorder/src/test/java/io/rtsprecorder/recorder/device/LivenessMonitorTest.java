package io.rtsprecorder.recorder.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The monitor's thread must look at its cameras from the moment it is started: a monitor whose thread quits before
 * its first round leaves every camera of the service without a liveness rule (RECORDING forever on a dead stream).
 */
class LivenessMonitorTest {

    @Test
    void everyStartedMonitorChecksItsCamerasEvenWhenItsThreadRunsBeforeStartReturns() throws Exception {
        int monitors = 300;
        List<LivenessMonitor> started = new ArrayList<>();
        List<CountDownLatch> checked = new ArrayList<>();
        try {
            for (int i = 0; i < monitors; i++) {
                LivenessMonitor m = LivenessMonitor.start(Clock.systemUTC());
                CountDownLatch latch = new CountDownLatch(2);
                m.watch(now -> latch.countDown());
                started.add(m);
                checked.add(latch);
            }
            int silent = 0;
            for (CountDownLatch latch : checked) {
                if (!latch.await(2, TimeUnit.SECONDS)) {
                    silent++;
                }
            }
            assertThat(silent).as("monitors of %d that never checked their camera twice", monitors).isZero();
        } finally {
            started.forEach(LivenessMonitor::close);
        }
    }

    @Test
    void aClosedMonitorChecksNoMore() throws Exception {
        LivenessMonitor m = LivenessMonitor.start(Clock.systemUTC());
        CountDownLatch first = new CountDownLatch(1);
        int[] after = new int[1];
        boolean[] closed = new boolean[1];
        m.watch(now -> {
            first.countDown();
            synchronized (after) {
                if (closed[0]) {
                    after[0]++;
                }
            }
        });
        assertThat(first.await(2, TimeUnit.SECONDS)).isTrue();
        m.close();
        Thread.sleep(LivenessMonitor.INTERVAL.toMillis() * 2);
        synchronized (after) {
            closed[0] = true;
        }
        Thread.sleep(LivenessMonitor.INTERVAL.toMillis() * 3);
        synchronized (after) {
            assertThat(after[0]).as("checks after close").isZero();
        }
    }
}
