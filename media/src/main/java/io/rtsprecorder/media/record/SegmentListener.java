package io.rtsprecorder.media.record;

import java.nio.file.Path;
import java.time.Instant;

/** Told when a recording opens and closes segment files (catalog, metrics, logs). */
public interface SegmentListener {

    /**
     * @param mediaStartMicros the first frame's time on the session timeline (µs), so consecutive segments can be
     *                         checked for gaps
     */
    void opened(Path file, Instant wallClockStart, long mediaStartMicros);

    /** The file is complete and playable; {@code durationSeconds} is its media duration. */
    void closed(Path file, double durationSeconds, long bytes);

    /** The file was opened but removed again: a failed write left no media in it. */
    default void discarded(Path file) {
    }

    SegmentListener NONE = new SegmentListener() {
        @Override
        public void opened(Path file, Instant wallClockStart, long mediaStartMicros) {
        }

        @Override
        public void closed(Path file, double durationSeconds, long bytes) {
        }
    };
}
