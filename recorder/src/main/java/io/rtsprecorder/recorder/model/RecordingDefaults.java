package io.rtsprecorder.recorder.model;

import io.rtsprecorder.media.mux.Container;
import io.rtsprecorder.media.record.SegmentNaming;
import io.rtsprecorder.media.rtsp.RtspClientConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * How every camera is recorded unless it says otherwise: segment length and alignment, container, file names,
 * RTSP transport, how long a silent stream is tolerated, and whether cameras record from the start.
 */
public record RecordingDefaults(Duration segmentDuration, boolean alignToWallClock, Container container,
                                String namePattern, RtspClientConfig.Transport transport, Duration streamTimeout,
                                boolean recordOnStart) {

    public RecordingDefaults {
        Objects.requireNonNull(segmentDuration, "segmentDuration");
        Objects.requireNonNull(container, "container");
        Objects.requireNonNull(namePattern, "namePattern");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(streamTimeout, "streamTimeout");
    }

    /** One-hour fragmented MP4 segments over RTSP/TCP, 10 s stream timeout, recording from the start. */
    public static RecordingDefaults standard() {
        return new RecordingDefaults(Duration.ofHours(1), false, Container.DEFAULT_RECORDING,
                SegmentNaming.DEFAULT_PATTERN, RtspClientConfig.Transport.TCP, Duration.ofSeconds(10), true);
    }

    public RecordingDefaults withSegmentDuration(Duration d) {
        return new RecordingDefaults(d, alignToWallClock, container, namePattern, transport, streamTimeout,
                recordOnStart);
    }

    public RecordingDefaults withContainer(Container c) {
        return new RecordingDefaults(segmentDuration, alignToWallClock, c, namePattern, transport, streamTimeout,
                recordOnStart);
    }

    public RecordingDefaults withStreamTimeout(Duration d) {
        return new RecordingDefaults(segmentDuration, alignToWallClock, container, namePattern, transport, d,
                recordOnStart);
    }
}
