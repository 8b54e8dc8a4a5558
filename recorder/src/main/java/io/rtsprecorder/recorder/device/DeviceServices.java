package io.rtsprecorder.recorder.device;

import io.micrometer.core.instrument.MeterRegistry;
import io.rtsprecorder.recorder.secret.SecretReader;
import io.rtsprecorder.recorder.storage.SegmentCatalog;
import java.time.Clock;

/**
 * What every camera shares: where credentials come from, the catalog its segments join, what to do when the
 * volume is full (run retention), the clock and the metrics registry.
 */
public record DeviceServices(SecretReader secrets, SegmentCatalog catalog, Runnable onDiskFull, Clock clock,
                             MeterRegistry registry) {
}
