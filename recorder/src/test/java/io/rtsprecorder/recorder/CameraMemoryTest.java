package io.rtsprecorder.recorder;

import static io.rtsprecorder.recorder.RecorderHarness.inState;
import static org.assertj.core.api.Assertions.assertThat;

import io.rtsprecorder.camera.MockCamera;
import io.rtsprecorder.camera.MockCameraConfig;
import io.rtsprecorder.camera.MountConfig;
import io.rtsprecorder.media.mux.FragmentedMp4Writer;
import io.rtsprecorder.recorder.config.ConfigLoader;
import io.rtsprecorder.recorder.device.DeviceManager;
import io.rtsprecorder.recorder.device.HeldMemory;
import io.rtsprecorder.recorder.live.Ingest;
import io.rtsprecorder.recorder.live.QueueBudget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What each camera holds in memory, by its components' own accounting ({@link HeldMemory}), against the bounds
 * docs/install.md states: the writer's fragment at most {@link FragmentedMp4Writer#MAX_FRAGMENT_BYTES} plus one
 * frame, the GOP cache of a pre-roll at most the pre-roll plus two GOPs of media (and {@link Ingest#CACHE_BYTES}),
 * the writer's queue at most {@link HeldMemory#QUEUE_BYTES}, all queues and caches together within the shared
 * {@link QueueBudget}, and every reservation given back once the cameras are gone. Not timed.
 */
class CameraMemoryTest {

    private static final int CAMERAS = 8;
    /** The bundled clip: 640x360, 1 s GOP, no frame near 128 KiB. */
    private static final double GOP_SECONDS = 1.0;
    private static final double PRE_ROLL_SECONDS = 2.0;

    @TempDir
    Path dir;

    @Test
    void eachCameraHoldsNoMoreThanItsFragmentCacheAndQueueBoundsAndGivesTheBudgetBack() throws Exception {
        long budgetBefore = QueueBudget.SHARED.used();
        try (MockCamera camera = MockCamera.start(MockCameraConfig.loopback(List.of(MountConfig.bundled("/cam",
                "h264-aac-640x360-25fps.mp4"))).withPorts(0, -1))) {
            StringBuilder yaml = new StringBuilder("cameras:\n");
            for (int i = 0; i < CAMERAS; i++) {
                yaml.append("  - name: ").append(name(i)).append("\n    address: ").append(camera.url("/cam"))
                        .append('\n');
            }
            Path config = Files.writeString(dir.resolve("config.yaml"), yaml);
            try (RecorderHarness recorder = RecorderHarness.start(dir.resolve("data"), Map.of(
                    ConfigLoader.CONFIG_FILE, config.toString(), ConfigLoader.PRE_ROLL, "2s"))) {
                for (int i = 0; i < CAMERAS; i++) {
                    recorder.awaitDevice(name(i), inState("RECORDING"), Duration.ofSeconds(20));
                }
                Thread.sleep(3000); // the caches fill up to their pre-roll
                DeviceManager devices = recorder.service.devices();
                long[] queued = new long[CAMERAS];
                long[] cached = new long[CAMERAS];
                long[] fragment = new long[CAMERAS];
                long bytes0 = bytesWritten(recorder);
                long t0 = System.nanoTime();
                for (int sample = 0; sample < 120; sample++) {
                    long all = 0;
                    for (int i = 0; i < CAMERAS; i++) {
                        HeldMemory h = devices.heldMemory(name(i));
                        queued[i] = Math.max(queued[i], h.queuedBytes());
                        cached[i] = Math.max(cached[i], h.cachedBytes());
                        fragment[i] = Math.max(fragment[i], h.fragmentBytes());
                        all += h.queuedBytes() + h.cachedBytes();
                    }
                    assertThat(all).as("queues and caches together").isLessThanOrEqualTo(
                            QueueBudget.SHARED.maxBytes());
                    Thread.sleep(50);
                }
                double bytesPerSecondPerCamera = (bytesWritten(recorder) - bytes0)
                        / ((System.nanoTime() - t0) / 1e9) / CAMERAS;
                long cacheBound = (long) ((PRE_ROLL_SECONDS + 2 * GOP_SECONDS) * bytesPerSecondPerCamera * 1.25);
                System.out.printf("%d cameras at %.0f kB/s each: held at most queue %s, cache %s (bound %d), "
                                + "fragment %s bytes%n", CAMERAS, bytesPerSecondPerCamera / 1000,
                        Arrays.toString(queued), Arrays.toString(cached), cacheBound,
                        Arrays.toString(fragment));
                for (int i = 0; i < CAMERAS; i++) {
                    assertThat(fragment[i]).as("%s: fragment being built", name(i)).isPositive()
                            .isLessThanOrEqualTo(2L * FragmentedMp4Writer.MAX_FRAGMENT_BYTES);
                    assertThat(cached[i]).as("%s: GOP cache of a 2 s pre-roll", name(i)).isPositive()
                            .isLessThanOrEqualTo(Math.min(cacheBound, Ingest.CACHE_BYTES));
                    assertThat(queued[i]).as("%s: frames queued for the writer", name(i))
                            .isLessThanOrEqualTo(HeldMemory.QUEUE_BYTES);
                }
                for (int i = 0; i < CAMERAS; i++) {
                    assertThat(recorder.post("/record/off?device=" + name(i), null).statusCode()).isEqualTo(200);
                    HeldMemory off = devices.heldMemory(name(i));
                    assertThat(off.queuedBytes() + off.fragmentBytes()).as("%s: switched off", name(i)).isZero();
                }
            }
        }
        assertThat(QueueBudget.SHARED.used()).as("every reservation given back").isEqualTo(budgetBefore);
    }

    private static long bytesWritten(RecorderHarness recorder) {
        long bytes = 0;
        for (int i = 0; i < CAMERAS; i++) {
            bytes += recorder.service.devices().status(name(i)).bytesWritten();
        }
        return bytes;
    }

    private static String name(int i) {
        return "cam-%d".formatted(i);
    }
}
