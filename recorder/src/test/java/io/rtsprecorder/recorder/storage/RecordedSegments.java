package io.rtsprecorder.recorder.storage;

import io.rtsprecorder.media.codec.Frame;
import io.rtsprecorder.media.demux.Mp4Demuxer;
import io.rtsprecorder.media.record.Recording;
import io.rtsprecorder.media.record.RecordingConfig;
import io.rtsprecorder.media.record.SegmentListener;
import io.rtsprecorder.testsupport.FixtureSpec;
import io.rtsprecorder.testsupport.ManualClock;
import io.rtsprecorder.testsupport.MediaOracle;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Segments made by the real {@link Recording}, from a fixture clip instead of a live camera: the clip's frames go
 * in as fast as they can be read, with a clock that follows their media time, so a 30 s recording takes a second
 * and its segments carry the wall-clock names a live one would.
 */
public final class RecordedSegments {

    private RecordedSegments() {
    }

    public static Path fixture(FixtureSpec spec) {
        return MediaOracle.get().fixture(spec, Path.of("target", "fixtures"));
    }

    /** Records {@code clip} as camera {@code device} starting at {@code wallStart}, in segments of {@code segment}. */
    public static void record(Path savePath, String device, Path clip, Duration segment, Instant wallStart)
            throws IOException {
        ManualClock clock = new ManualClock(wallStart);
        long newestMicros = 0;
        try (Mp4Demuxer d = Mp4Demuxer.open(clip);
             Recording r = new Recording(RecordingConfig.of(savePath, device, segment), d.tracks(), clock,
                     SegmentListener.NONE)) {
            for (Frame f = d.readFrame(); f != null; f = d.readFrame()) {
                // wall time = start + the newest media time handed to the recording
                newestMicros = Math.max(newestMicros, f.dts() * 1_000_000L / f.format().timescale());
                clock.set(wallStart.plusNanos(newestMicros * 1000));
                r.frame(f);
            }
        }
    }
}
