package io.rtsprecorder.recorder.device;

import io.micrometer.core.instrument.MeterRegistry;
import io.rtsprecorder.recorder.secret.SecretReader;
import io.rtsprecorder.recorder.storage.GapJournal;
import io.rtsprecorder.recorder.storage.SegmentCatalog;
import java.time.Clock;

/**
 * What every camera shares: where credentials come from, the catalog its segments join, the journal of its gaps,
 * what to do when the volume is full (run retention), the clock, the metrics registry and the liveness monitor.
 */
public record DeviceServices(SecretReader secrets, SegmentCatalog catalog, GapJournal gaps, Runnable onDiskFull,
                             Clock clock, MeterRegistry registry, LivenessMonitor monitor) {
}
