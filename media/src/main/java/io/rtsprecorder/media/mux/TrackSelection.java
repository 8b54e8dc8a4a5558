package io.rtsprecorder.media.mux;

import java.util.ArrayList;
import java.util.List;

/**
 * Which of a source's tracks a {@link Container} carries ({@link Container#select}): the carried ones keep their
 * order and are numbered from zero in the file, the others are {@link #skipped()} with the reason.
 */
public final class TrackSelection {

    private final int[] fileTrack;
    private final List<SkippedTrack> skipped;
    private final int carried;

    TrackSelection(int[] fileTrack, List<SkippedTrack> skipped) {
        this.fileTrack = fileTrack.clone();
        this.skipped = List.copyOf(skipped);
        this.carried = fileTrack.length - skipped.size();
    }

    /** How many tracks the source has, carried or not. */
    public int sourceTracks() {
        return fileTrack.length;
    }

    /** The track's index in the file, or -1 when it is left out. */
    public int fileTrack(int sourceTrack) {
        return fileTrack[sourceTrack];
    }

    public boolean carries(int sourceTrack) {
        return fileTrack[sourceTrack] >= 0;
    }

    /** Whether the container carries none of the tracks. */
    public boolean none() {
        return carried == 0;
    }

    /** Whether a track is left out. */
    public boolean skipsAny() {
        return !skipped.isEmpty();
    }

    public List<SkippedTrack> skipped() {
        return skipped;
    }

    /** The carried elements of a list in source track order (the tracks' formats, say), in file order. */
    public <T> List<T> carried(List<T> perSourceTrack) {
        if (perSourceTrack.size() != fileTrack.length) {
            throw new IllegalArgumentException("expected " + fileTrack.length + " tracks, got "
                    + perSourceTrack.size());
        }
        List<T> out = new ArrayList<>(carried);
        for (int i = 0; i < fileTrack.length; i++) {
            if (fileTrack[i] >= 0) {
                out.add(perSourceTrack.get(i));
            }
        }
        return out;
    }
}
