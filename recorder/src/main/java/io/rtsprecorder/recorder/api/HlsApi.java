package io.rtsprecorder.recorder.api;

import io.rtsprecorder.recorder.hls.HlsText;
import io.rtsprecorder.recorder.hls.PlaybackException;
import io.rtsprecorder.recorder.hls.RecordedPlaylist;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Playback over HLS: playlists of recorded ranges, whose media are the recorded files themselves, fetched by byte
 * range through the recordings download route beside them. Registered before the download route, whose
 * {@code {name}} would otherwise take {@code index.m3u8}.
 */
final class HlsApi {

    private final RecordedPlaylist recorded;

    HlsApi(RecordedPlaylist recorded) {
        this.recorded = recorded;
    }

    void addRoutes(Router r) {
        r.viewer("GET", "/api/v1/recordings/{device}/index.m3u8", this::recordedIndex);
        r.viewer("GET", "/api/v1/recordings/{device}/media.m3u8", this::recordedMedia);
    }

    private ApiResponse recordedIndex(ApiRequest req) {
        String device = req.pathParam("device");
        try {
            RecordedPlaylist.Range range = recorded.resolve(device, RecordingsApi.time(req, "from"),
                    RecordingsApi.time(req, "to"));
            // the range is pinned where it starts, so that an open-ended playlist only grows on reloads
            String media = "media.m3u8?from=" + enc(range.from().toString())
                    + (range.to() == null ? "" : "&to=" + enc(range.to().toString()));
            return playlist(recorded.multivariant(device, range, media));
        } catch (PlaybackException e) {
            throw toApi(e);
        }
    }

    private ApiResponse recordedMedia(ApiRequest req) {
        String device = req.pathParam("device");
        try {
            RecordedPlaylist.Range range = recorded.resolve(device, RecordingsApi.time(req, "from"),
                    RecordingsApi.time(req, "to"));
            return playlist(recorded.media(device, range));
        } catch (PlaybackException e) {
            throw toApi(e);
        }
    }

    static ApiResponse playlist(String text) {
        return new ApiResponse(200, HlsText.CONTENT_TYPE, text.getBytes(StandardCharsets.UTF_8),
                Map.of("Cache-Control", "no-cache"));
    }

    static ApiException toApi(PlaybackException e) {
        return switch (e.kind()) {
            case INVALID -> ApiException.badRequest(e.getMessage());
            case NOT_FOUND -> new ApiException(404, "not_found", e.getMessage());
            case UNSUPPORTED -> new ApiException(422, "unsupported", e.getMessage());
            case UNAVAILABLE -> new ApiException(503, "unavailable", e.getMessage());
        };
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
