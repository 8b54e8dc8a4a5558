package io.rtsprecorder.recorder.device;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A camera's Prometheus series, all tagged {@code device=<name>}: bytes, frames, drops, reconnects, segments, stalls
 * and timestamp corrections (counters), the state (one gauge per state, 1 for the current one), the on/off switch,
 * the age of the last frame written (what a "not recording" alert is built on), a stalled volume, and the time a
 * frame takes to reach the file (write latency). Removed with the camera, so an unregistered camera leaves no stale
 * series.
 */
final class DeviceMeters {

    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();
    final Timer writeLatency;

    DeviceMeters(MeterRegistry registry, Device device) {
        this.registry = registry;
        Tags tags = Tags.of("device", device.name());
        meters.add(FunctionCounter.builder("recorder.bytes.written", device, Device::bytesWritten)
                .description("Bytes written to segment files").tags(tags).register(registry));
        meters.add(FunctionCounter.builder("recorder.frames.written", device, Device::framesWritten)
                .description("Frames written to segment files").tags(tags).register(registry));
        meters.add(FunctionCounter.builder("recorder.frames.dropped", device, Device::framesDropped)
                .description("Frames dropped because the disk fell behind").tags(tags).register(registry));
        meters.add(FunctionCounter.builder("recorder.reconnects", device, Device::reconnects)
                .description("RTSP sessions started after the first").tags(tags).register(registry));
        meters.add(FunctionCounter.builder("recorder.segments", device, Device::segments)
                .description("Segment files completed").tags(tags).register(registry));
        meters.add(Gauge.builder("recorder.recording.enabled", device, d -> d.recordingEnabled() ? 1 : 0)
                .description("1 when recording is switched on").tags(tags).register(registry));
        for (DeviceState s : DeviceState.values()) {
            meters.add(Gauge.builder("recorder.camera.state", device, d -> d.state() == s ? 1 : 0)
                    .description("1 for the camera's current state").tags(tags.and("state",
                            s.name().toLowerCase(Locale.ROOT))).register(registry));
        }
        meters.add(Gauge.builder("recorder.disk.full", device,
                        d -> d.state() == DeviceState.FAILED && d.failure() == FailureReason.DISK_FULL ? 1 : 0)
                .description("1 while the camera cannot record because the volume is full").tags(tags)
                .register(registry));
        meters.add(Gauge.builder("recorder.last.frame.age", device, Device::lastFrameAgeSeconds).baseUnit("seconds")
                .description("Seconds since the last video frame reached the camera's file (since the camera was set "
                        + "up when none has)").tags(tags).register(registry));
        meters.add(FunctionCounter.builder("recorder.stream.stalls", device, Device::stalls)
                .description("Sessions ended because no video frame reached the file for the stream timeout")
                .tags(tags).register(registry));
        meters.add(FunctionCounter.builder("recorder.timestamp.discontinuities", device, Device::discontinuities)
                .description("Jumps of the camera's timestamps beyond the threshold (each started a new segment)")
                .tags(tags).register(registry));
        meters.add(FunctionCounter.builder("recorder.timestamp.steps.absorbed", device, Device::timestampSteps)
                .description("Small steps back of the camera's timestamps, absorbed").tags(tags).register(registry));
        meters.add(Gauge.builder("recorder.write.stalled", device, d -> d.writeStalled() ? 1 : 0)
                .description("1 while a write to the camera's file has not returned for the stream timeout")
                .tags(tags).register(registry));
        writeLatency = Timer.builder("recorder.write.latency").description("Time to hand one frame to the file")
                .tags(tags).register(registry);
        meters.add(writeLatency);
    }

    void remove() {
        meters.forEach(registry::remove);
    }
}
