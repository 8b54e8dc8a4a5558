package io.rtsprecorder.recorder.model;

import io.rtsprecorder.media.mux.Container;
import io.rtsprecorder.media.record.SegmentNaming;
import io.rtsprecorder.media.rtsp.RtspClientConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How every camera is recorded unless it says otherwise: segment length and alignment, container, file names,
 * RTSP transport, how long a silent stream is tolerated, whether cameras record from the start, and how much video
 * from before {@code /record/on} a file starts with ({@code preRoll}; zero: none, and a camera switched off is not
 * connected). {@code caFile} (null: the system's CAs) is the PEM file of CAs that {@code rtsps://} cameras'
 * certificates are checked against, unless a camera names its own or pins its certificate.
 */
public record RecordingDefaults(Duration segmentDuration, boolean alignToWallClock, Container container,
                                String namePattern, RtspClientConfig.Transport transport, Duration streamTimeout,
                                boolean recordOnStart, Duration preRoll, Path caFile) {

    public RecordingDefaults {
        Objects.requireNonNull(segmentDuration, "segmentDuration");
        Objects.requireNonNull(container, "container");
        Objects.requireNonNull(namePattern, "namePattern");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(streamTimeout, "streamTimeout");
        preRoll = preRoll == null ? Duration.ZERO : preRoll;
    }

    /** Defaults that check {@code rtsps://} cameras against the system's CAs. */
    public RecordingDefaults(Duration segmentDuration, boolean alignToWallClock, Container container,
                             String namePattern, RtspClientConfig.Transport transport, Duration streamTimeout,
                             boolean recordOnStart, Duration preRoll) {
        this(segmentDuration, alignToWallClock, container, namePattern, transport, streamTimeout, recordOnStart,
                preRoll, null);
    }

    /** One-hour fragmented MP4 segments over RTSP/TCP, 10 s stream timeout, recording from the start. */
    public static RecordingDefaults standard() {
        return new RecordingDefaults(Duration.ofHours(1), false, Container.DEFAULT_RECORDING,
                SegmentNaming.DEFAULT_PATTERN, RtspClientConfig.Transport.TCP, Duration.ofSeconds(10), true,
                        Duration.ZERO);
    }

    public RecordingDefaults withSegmentDuration(Duration d) {
        return new RecordingDefaults(d, alignToWallClock, container, namePattern, transport, streamTimeout,
                recordOnStart, preRoll, caFile);
    }

    public RecordingDefaults withContainer(Container c) {
        return new RecordingDefaults(segmentDuration, alignToWallClock, c, namePattern, transport, streamTimeout,
                recordOnStart, preRoll, caFile);
    }

    public RecordingDefaults withPreRoll(Duration d) {
        return new RecordingDefaults(segmentDuration, alignToWallClock, container, namePattern, transport,
                streamTimeout,
                recordOnStart, d, caFile);
    }

    public RecordingDefaults withStreamTimeout(Duration d) {
        return new RecordingDefaults(segmentDuration, alignToWallClock, container, namePattern, transport, d,
                recordOnStart, preRoll, caFile);
    }
}
