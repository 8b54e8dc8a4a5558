package io.rtsprecorder.recorder.api;

import io.rtsprecorder.recorder.hls.HlsText;
import io.rtsprecorder.recorder.hls.LiveHlsRegistry;
import io.rtsprecorder.recorder.hls.PlaybackException;
import io.rtsprecorder.recorder.hls.RecordedPlaylist;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Playback over HLS: playlists of recorded ranges, whose media are the recorded files themselves, fetched by byte
 * range through the recordings download route beside them (registered before that route, whose {@code {name}}
 * would otherwise take {@code index.m3u8}); and each camera's live low-latency HLS from its ingest.
 */
final class HlsApi {

    private static final Pattern PART = Pattern.compile("part-(\\d{1,18})\\.(\\d{1,9})\\.m4s");
    private static final Pattern SEGMENT = Pattern.compile("seg-(\\d{1,18})\\.m4s");
    private static final String MP4 = "video/mp4";

    private final RecordedPlaylist recorded;
    private final LiveHlsRegistry live;

    HlsApi(RecordedPlaylist recorded, LiveHlsRegistry live) {
        this.recorded = recorded;
        this.live = live;
    }

    void addRoutes(Router r) {
        r.viewer("GET", "/api/v1/recordings/{device}/index.m3u8", this::recordedIndex);
        r.viewer("GET", "/api/v1/recordings/{device}/media.m3u8", this::recordedMedia);
        r.viewer("GET", "/api/v1/live/{device}/index.m3u8", req -> call(() -> playlist(live.multivariant(
                req.pathParam("device")))));
        r.viewer("GET", "/api/v1/live/{device}/media.m3u8", this::liveMedia);
        r.viewer("GET", "/api/v1/live/{device}/{file}", this::liveFile);
    }

    private ApiResponse liveMedia(ApiRequest req) {
        Long msn = optionalNumber(req, "_HLS_msn");
        Long part = optionalNumber(req, "_HLS_part");
        if (part != null && msn == null) {
            throw ApiException.badRequest("_HLS_part needs _HLS_msn");
        }
        return call(() -> playlist(live.media(req.pathParam("device"), msn,
                part == null ? null : (int) Math.min(Integer.MAX_VALUE, part))));
    }

    private ApiResponse liveFile(ApiRequest req) {
        String device = req.pathParam("device");
        String file = req.pathParam("file");
        return call(() -> {
            byte[] data;
            Matcher m;
            if (file.equals("init.mp4")) {
                data = live.init(device);
            } else if ((m = PART.matcher(file)).matches()) {
                data = live.part(device, Long.parseLong(m.group(1)), Integer.parseInt(m.group(2)));
            } else if ((m = SEGMENT.matcher(file)).matches()) {
                data = live.segment(device, Long.parseLong(m.group(1)));
            } else {
                throw new ApiException(404, "not_found", "no live file '" + file + "': the playlist "
                        + "/api/v1/live/" + device + "/index.m3u8 lists them");
            }
            if (data == null) {
                throw new ApiException(404, "not_found", "'" + file + "' is no longer (or not yet) in the live "
                        + "window; reload the playlist");
            }
            return new ApiResponse(200, MP4, data, Map.of("Cache-Control", "no-cache"));
        });
    }

    /** A live call: playback errors as API errors, an interrupted wait as 503. */
    private interface LiveCall {
        ApiResponse run() throws PlaybackException, InterruptedException;
    }

    private static ApiResponse call(LiveCall c) {
        try {
            return c.run();
        } catch (PlaybackException e) {
            throw toApi(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "unavailable", "the service is stopping");
        }
    }

    private static Long optionalNumber(ApiRequest req, String name) {
        String v = req.query(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            long n = Long.parseLong(v);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw ApiException.badRequest(name + " must be a non-negative number");
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
