package io.rtsprecorder.media.mux;

import io.rtsprecorder.media.codec.Codec;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A track left out of a file because its container cannot carry it: the track's index in its source (SDP or MP4
 * track order), its codec, and why, in words for the user.
 */
public record SkippedTrack(int track, Codec codec, String reason) {

    public SkippedTrack {
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(reason, "reason");
    }

    /** Several, for one log line or header: {@code track 1 PCMA: <reason>; track 2 ...}. */
    public static String describe(List<SkippedTrack> tracks) {
        return tracks.stream().map(SkippedTrack::toString).collect(Collectors.joining("; "));
    }

    /** {@code track 1 PCMA: <reason>}, for logs and messages. */
    @Override
    public String toString() {
        return "track " + track + " " + codec + ": " + reason;
    }
}
