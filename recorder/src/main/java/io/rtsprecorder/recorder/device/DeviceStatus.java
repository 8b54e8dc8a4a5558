package io.rtsprecorder.recorder.device;

import io.rtsprecorder.media.mux.SkippedTrack;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A snapshot of one camera for {@code /status} and the API: what it should do ({@code recording}), what it does
 * ({@code state} since {@code since}), and how well. {@code failure} is set in state FAILED. Byte and frame counts
 * are totals since the service started; {@code bitrate} (bit/s of media) and {@code frameRate} (video frames/s) are
 * measured over the last second or so. {@code url} and {@code lastError} never contain a password.
 * {@code skippedTracks} are the tracks of the latest session the container cannot carry and so are not recorded
 * (G.711 audio with {@code ContainerFormat=ts}, say); empty when every track is recorded.
 */
public record DeviceStatus(String name, String url, String origin, boolean recording, String state,
                           String failure, Instant since, String currentFile, String lastFile, long bytesWritten,
                           long framesWritten, long framesDropped, long segments, long reconnects, double bitrate,
                           double frameRate, String transport, String lastError, Instant lastErrorAt,
                           String secretName, List<SkippedTrackStatus> skippedTracks) {

    public DeviceStatus {
        skippedTracks = List.copyOf(skippedTracks);
    }

    /** One track left out: its index in the camera's stream, codec ({@code pcma}, ...) and why. */
    public record SkippedTrackStatus(int track, String codec, String reason) {
        static SkippedTrackStatus of(SkippedTrack t) {
            return new SkippedTrackStatus(t.track(), t.codec().name().toLowerCase(Locale.ROOT), t.reason());
        }
    }
}
