package io.rtsprecorder.recorder.device;

import java.time.Instant;

/**
 * A snapshot of one camera for {@code /status} and the API: what it should do ({@code recording}), what it does
 * ({@code state} since {@code since}), and how well. {@code failure} is set in state FAILED. Byte and frame counts
 * are totals since the service started; {@code bitrate} (bit/s of media) and {@code frameRate} (video frames/s) are
 * measured over the last second or so. {@code url} and {@code lastError} never contain a password.
 */
public record DeviceStatus(String name, String url, String origin, boolean recording, String state,
                           String failure, Instant since, String currentFile, String lastFile, long bytesWritten,
                           long framesWritten, long framesDropped, long segments, long reconnects, double bitrate,
                           double frameRate, String transport, String lastError, Instant lastErrorAt,
                           String secretName) {
}
