package io.rtsprecorder.recorder.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtsprecorder.recorder.federation.Federation;
import io.rtsprecorder.recorder.federation.PeerSegments;
import io.rtsprecorder.recorder.hls.HlsText;
import io.rtsprecorder.recorder.hls.LiveHlsRegistry;
import io.rtsprecorder.recorder.hls.MergedPlaylist;
import io.rtsprecorder.recorder.hls.PlaybackException;
import io.rtsprecorder.recorder.hls.RecordedPlaylist;
import io.rtsprecorder.recorder.storage.GapReport;
import io.rtsprecorder.recorder.storage.MergedGaps;
import io.rtsprecorder.recorder.storage.SegmentInfo;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
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
    private final PeerFootage peers;
    private final LocalHolder local;
    private final Predicate<String> localCamera;

    /** What this volume holds of a camera over a range (see {@link RecordingsApi#holder}). */
    @FunctionalInterface
    interface LocalHolder {
        MergedGaps.Holder of(String device, Instant from, Instant to);
    }

    HlsApi(RecordedPlaylist recorded, LiveHlsRegistry live) {
        this(recorded, live, new PeerFootage(Federation.off()), null, camera -> true);
    }

    /**
     * With peers, recorded playlists address every replica's segments of the range, and the live HLS of a camera
     * another replica has ({@code localCamera} false) is proxied from it.
     */
    HlsApi(RecordedPlaylist recorded, LiveHlsRegistry live, PeerFootage peers, LocalHolder local,
           Predicate<String> localCamera) {
        this.recorded = recorded;
        this.live = live;
        this.peers = peers;
        this.local = local;
        this.localCamera = localCamera;
    }

    void addRoutes(Router r) {
        r.viewer("GET", "/api/v1/recordings/{device}/index.m3u8", this::recordedIndex);
        r.viewer("GET", "/api/v1/recordings/{device}/media.m3u8", this::recordedMedia);
        r.viewer("GET", "/api/v1/live/{device}/index.m3u8", orPeer(req -> call(() -> playlist(live.multivariant(
                req.pathParam("device"))))));
        r.viewer("GET", "/api/v1/live/{device}/media.m3u8", orPeer(this::liveMedia));
        r.viewer("GET", "/api/v1/live/{device}/{file}", orPeer(this::liveFile));
    }

    /**
     * A live route answered here for this replica's cameras, and by the replica that has the camera otherwise
     * (proxied, waiting as long as a blocking playlist request may).
     */
    private Router.Handler orPeer(Router.Handler here) {
        return req -> {
            String device = req.pathParam("device");
            if (!peers.merged(req) || localCamera.test(device)) {
                return here.handle(req);
            }
            return peers.cameraHolder(device).map(peer -> peers.proxy(req, peer, PeerFootage.withQuery(req.path(),
                    req, Map.of()), LiveHlsRegistry.BLOCK.plusSeconds(2))).orElseGet(() -> here.handle(req));
        };
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
            RecordedPlaylist.Range range = range(req, device);
            // the range is pinned where it starts, so that an open-ended playlist only grows on reloads
            String media = "media.m3u8?from=" + enc(range.from().toString())
                    + (range.to() == null ? "" : "&to=" + enc(range.to().toString()));
            try {
                return playlist(recorded.multivariant(device, range, media));
            } catch (PlaybackException e) {
                if (e.kind() != PlaybackException.Kind.NOT_FOUND || !peers.merged(req)) {
                    throw e;
                }
            }
            // nothing of the range here: a replica that has some describes the variant (the same media URI)
            for (HttpResponse<String> r : peers.askText(rangeQuery("/api/v1/recordings/" + PeerFootage.enc(device)
                    + "/index.m3u8", range)).answers().values()) {
                if (r.statusCode() == 200) {
                    return playlist(r.body());
                }
            }
            throw new PlaybackException(PlaybackException.Kind.NOT_FOUND, "no replica has a playable recording of "
                    + "camera '" + device + "' in the range (list them at /api/v1/recordings)");
        } catch (PlaybackException e) {
            throw toApi(e);
        }
    }

    private ApiResponse recordedMedia(ApiRequest req) {
        String device = req.pathParam("device");
        try {
            RecordedPlaylist.Range range = range(req, device);
            if (!peers.merged(req)) {
                return playlist(recorded.media(device, range));
            }
            List<String> playlists = new ArrayList<>();
            try {
                playlists.add(recorded.media(device, range));
            } catch (PlaybackException e) {
                if (e.kind() != PlaybackException.Kind.NOT_FOUND) {
                    throw e;
                }
            }
            Federation.Answers<HttpResponse<String>> answers = peers.askText(rangeQuery("/api/v1/recordings/"
                    + PeerFootage.enc(device) + "/media.m3u8", range));
            answers.answers().values().stream().filter(r -> r.statusCode() == 200).map(HttpResponse::body)
                    .forEach(playlists::add);
            List<String> unreachable = new ArrayList<>(answers.unreachable().stream().map(Object::toString).toList());
            if (playlists.isEmpty()) {
                throw new PlaybackException(PlaybackException.Kind.NOT_FOUND, "no replica has a playable recording "
                        + "of camera '" + device + "' in the range" + (unreachable.isEmpty() ? ""
                        : " (no answer from " + String.join(", ", unreachable) + ")"));
            }
            List<MergedGaps.Holder> holders = peers.holders(device, range.from(), range.to(),
                    local.of(device, range.from(), range.to()), u -> u.stream().filter(x -> !unreachable.contains(x))
                            .forEach(unreachable::add));
            List<GapReport.ReportedGap> gaps = MergedGaps.of(holders).stream()
                    .filter(g -> g.to() == null || g.to().isAfter(range.from())).toList();
            return playlist(MergedPlaylist.merge(device, range, playlists, gaps, unreachable));
        } catch (PlaybackException e) {
            throw toApi(e);
        }
    }

    /**
     * The request's range. With peers and neither end given it is the last hour of the newest footage on any
     * replica (this one may have stopped recording the camera long ago).
     */
    private RecordedPlaylist.Range range(ApiRequest req, String device) throws PlaybackException {
        Instant from = RecordingsApi.time(req, "from");
        Instant to = RecordingsApi.time(req, "to");
        if (from != null || to != null || !peers.merged(req)) {
            return recorded.resolve(device, from, to);
        }
        Instant newest = null;
        try {
            newest = recorded.resolve(device, null, null).from().plus(RecordedPlaylist.DEFAULT_RANGE);
        } catch (PlaybackException e) {
            if (e.kind() != PlaybackException.Kind.NOT_FOUND) {
                throw e;
            }
        }
        for (JsonNode body : peers.ask("/api/v1/recordings?device=" + PeerFootage.enc(device)
                + "&order=newest&limit=1").answers().values()) {
            for (JsonNode n : body.path("segments")) {
                SegmentInfo s = PeerSegments.segment(n);
                if (s != null && (newest == null || s.end().isAfter(newest))) {
                    newest = s.end();
                }
            }
        }
        if (newest == null) {
            throw new PlaybackException(PlaybackException.Kind.NOT_FOUND, "no replica has a recording of camera '"
                    + device + "' (list them at /api/v1/recordings)");
        }
        return new RecordedPlaylist.Range(newest.minus(RecordedPlaylist.DEFAULT_RANGE)
                .truncatedTo(ChronoUnit.MILLIS), null);
    }

    private static String rangeQuery(String path, RecordedPlaylist.Range range) {
        return path + "?from=" + enc(range.from().toString()) + (range.to() == null ? ""
                : "&to=" + enc(range.to().toString()));
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
