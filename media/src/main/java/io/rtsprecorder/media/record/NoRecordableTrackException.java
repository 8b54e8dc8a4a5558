package io.rtsprecorder.media.record;

import io.rtsprecorder.media.mux.Container;
import io.rtsprecorder.media.mux.SkippedTrack;
import java.util.List;

/**
 * The configured container carries none of the stream's tracks (an audio-only G.711 camera recorded to MPEG-TS,
 * say): nothing could be recorded, so no file is opened. Retrying cannot help until the container or the camera's
 * settings change; {@link #skippedTracks()} says why each track was refused.
 */
public final class NoRecordableTrackException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<SkippedTrack> skipped;

    NoRecordableTrackException(Container container, List<SkippedTrack> skipped) {
        super(container.displayName() + " can carry none of the stream's tracks: " + SkippedTrack.describe(skipped));
        this.skipped = List.copyOf(skipped);
    }

    public List<SkippedTrack> skippedTracks() {
        return skipped;
    }
}
