package io.rtsprecorder.media.record;

import io.rtsprecorder.media.mux.Container;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How one camera is recorded: where, under which names, and how files are cut. A segment ends at the first video
 * keyframe at or after {@code segmentDuration} (default one hour); with {@code alignToWallClock} at the first
 * keyframe at or after the next wall-clock multiple of it (segments starting at :00). {@code container} is a
 * {@link Container#recordable() recordable} container (default {@link Container#DEFAULT_RECORDING}, fragmented MP4).
 * {@code discontinuityThreshold} is the largest timestamp jump {@link TimelineRule} treats as normal (default
 * {@link #DEFAULT_DISCONTINUITY_THRESHOLD}).
 */
public record RecordingConfig(Path directory, String device, String namePattern, Duration segmentDuration,
                              boolean alignToWallClock, Duration fragmentDuration, Container container,
                              Duration discontinuityThreshold) {

    /** Jumps of the camera's timestamps beyond this start a new segment; smaller steps back are absorbed. */
    public static final Duration DEFAULT_DISCONTINUITY_THRESHOLD = Duration.ofSeconds(1);

    public RecordingConfig {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(device, "device");
        if (device.isBlank() || device.contains("/") || device.contains("..")) {
            throw new IllegalArgumentException("device name must be a plain name: " + device);
        }
        namePattern = namePattern == null ? SegmentNaming.DEFAULT_PATTERN : namePattern;
        SegmentNaming.validate(namePattern);
        if (segmentDuration.isNegative() || segmentDuration.isZero()) {
            throw new IllegalArgumentException("segment duration must be positive");
        }
        fragmentDuration = fragmentDuration == null ? Duration.ofSeconds(1) : fragmentDuration;
        container = container == null ? Container.DEFAULT_RECORDING : container;
        if (!container.recordable()) {
            throw new IllegalArgumentException(container.displayName() + " cannot be recorded; use one of "
                    + String.join(", ", Container.recordingNames()));
        }
        discontinuityThreshold = discontinuityThreshold == null ? DEFAULT_DISCONTINUITY_THRESHOLD
                : discontinuityThreshold;
        if (discontinuityThreshold.isNegative() || discontinuityThreshold.isZero()) {
            throw new IllegalArgumentException("discontinuity threshold must be positive");
        }
    }

    public static RecordingConfig of(Path directory, String device, Duration segmentDuration) {
        return new RecordingConfig(directory, device, null, segmentDuration, false, null, null, null);
    }

    public RecordingConfig withContainer(Container newContainer) {
        return new RecordingConfig(directory, device, namePattern, segmentDuration, alignToWallClock, fragmentDuration,
                newContainer, discontinuityThreshold);
    }

    public RecordingConfig withDiscontinuityThreshold(Duration threshold) {
        return new RecordingConfig(directory, device, namePattern, segmentDuration, alignToWallClock, fragmentDuration,
                container, threshold);
    }
}
