package io.rtsprecorder.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The suite's two-minute version of the no-silent-loss soak (see {@link NoSilentLossSoak}); {@code bench/run-soak}
 * runs the same for longer ({@code -Dsoak.seconds}, {@code -Dsoak.seed}).
 */
class NoSilentLossSoakTest {

    @TempDir
    Path dir;

    @Test
    void everySecondOfCameraTimeIsInACleanFileOrInAGapWithItsReason() throws Exception {
        NoSilentLossSoak.assumeLinux();
        long seconds = Long.getLong("soak.seconds", 120);
        long seed = Long.getLong("soak.seed", 20261201L);
        NoSilentLossSoak.Report r = new NoSilentLossSoak(dir, Duration.ofSeconds(seconds), seed).run();
        System.out.print(r.table());

        assertThat(r.notRecovered()).as("faults the camera did not recover from").isEmpty();
        assertThat(r.events().size()).as("faults thrown").isGreaterThanOrEqualTo(
                NoSilentLossSoak.Fault.values().length - (r.fullDiskTested() ? 0 : 1));
        assertThat(r.badFiles()).as("files that are not clean").isEmpty();
        assertThat(r.unknownGaps()).as("gaps without a reason").isEmpty();
        assertThat(r.uncovered()).as("camera time in no file and no listed gap").isEmpty();
        assertThat(r.secondsInFiles()).as("seconds in files").isGreaterThan(r.cameraSeconds() / 2);
        assertThat(r.after().platformThreads()).as("platform threads after the soak")
                .isLessThanOrEqualTo(r.before().platformThreads() + 2);
        assertThat(r.after().virtualThreads()).as("virtual threads after the soak")
                .isLessThanOrEqualTo(r.before().virtualThreads());
        assertThat(r.after().fileDescriptors()).as("file descriptors after the soak")
                .isLessThanOrEqualTo(r.before().fileDescriptors());
    }
}
