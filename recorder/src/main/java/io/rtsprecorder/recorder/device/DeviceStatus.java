package io.rtsprecorder.recorder.device;

import io.rtsprecorder.media.mux.SkippedTrack;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A snapshot of one camera for {@code /status} and the API: what it should do ({@code recording}), what it does
 * ({@code state} since {@code since}), and how well. {@code failure} is set in state FAILED; {@code stall} is
 * {@code "disk"} while a write to the file has not returned for the stream timeout. {@code lastFrameAt} is when the
 * last video frame reached the file. Byte, frame, stall and timestamp counts are totals since the service started;
 * {@code bitrate} (bit/s of media) and {@code frameRate} (video frames/s) are measured over the last second or so.
 * {@code gap} is the gap in the footage that is open now (why the camera is not recording), or null.
 * {@code skippedTracks} are the tracks of the latest session the container cannot carry and so are not recorded
 * (G.711 audio with {@code ContainerFormat=ts}, say); empty when every track is recorded. {@code reception} is what
 * the running session receives per track. {@code restream} is where players watch the camera through the recorder
 * and how many do now (null while the restream is off). {@code url} and {@code lastError} never contain a password.
 */
public record DeviceStatus(String name, String url, String origin, boolean recording, String state,
                           String failure, Instant since, String currentFile, String lastFile, Instant lastFrameAt,
                           long bytesWritten, long framesWritten, long framesDropped, long segments, long reconnects,
                           long stalls, long discontinuities, long timestampSteps, double bitrate, double frameRate,
                           String transport, String stall, Gap gap, String lastError, Instant lastErrorAt,
                           String secretName, List<SkippedTrackStatus> skippedTracks,
                           List<TrackReception> reception, Restream restream) {

    public DeviceStatus {
        skippedTracks = List.copyOf(skippedTracks);
        reception = List.copyOf(reception);
    }

    /**
     * What the running session receives on one track, as its RTCP receiver reports say it (RFC 3550): packets,
     * packets lost, interarrival jitter. Counts start again when the camera's source changes. Empty between sessions.
     */
    public record TrackReception(int track, String codec, long packetsReceived, long packetsLost,
                                 double jitterMillis) {
    }

    /** One track left out: its index in the camera's stream, codec ({@code pcma}, ...) and why. */
    public record SkippedTrackStatus(int track, String codec, String reason) {
        static SkippedTrackStatus of(SkippedTrack t) {
            return new SkippedTrackStatus(t.track(), t.codec().name().toLowerCase(Locale.ROOT), t.reason());
        }
    }

    /** The same status with the camera's restream. */
    public DeviceStatus withRestream(Restream r) {
        return new DeviceStatus(name, url, origin, recording, state, failure, since, currentFile, lastFile, lastFrameAt,
                bytesWritten, framesWritten, framesDropped, segments, reconnects, stalls, discontinuities,
                timestampSteps, bitrate, frameRate, transport, stall, gap, lastError, lastErrorAt, secretName,
                skippedTracks, reception, r);
    }

    /** The camera's RTSP restream: its URL (no credentials: players give a token as password) and its viewers. */
    public record Restream(String url, int viewers) {
    }

    /** The open gap: since when, why ({@code GapReason} label) and what happened last. */
    public record Gap(Instant from, String reason, String detail) {
    }
}
