package io.rtsprecorder.recorder.api;

import io.rtsprecorder.media.mux.SkippedTrack;
import io.rtsprecorder.recorder.federation.FederatedFootage;
import io.rtsprecorder.recorder.federation.Federation;
import io.rtsprecorder.recorder.storage.Export;
import io.rtsprecorder.recorder.storage.ExportException;
import io.rtsprecorder.recorder.storage.FootageSource;
import io.rtsprecorder.recorder.storage.GapJournal;
import io.rtsprecorder.recorder.storage.GapReason;
import io.rtsprecorder.recorder.storage.GapReport;
import io.rtsprecorder.recorder.storage.MergedGaps;
import io.rtsprecorder.recorder.storage.SegmentCatalog;
import io.rtsprecorder.recorder.storage.SegmentInfo;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Getting footage out: the segment listing, download (with ranges), deletion, and time-range export. Files are
 * found only through the {@link SegmentCatalog} by camera and file name, never by a path from the request, so no
 * request can reach a file the catalog does not list.
 */
final class RecordingsApi {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 10_000;
    private final SegmentCatalog catalog;
    private final GapJournal journal;

    private final TimelineApi timeline;
    private final PeerFootage peers;
    private final FootageSource footage;

    RecordingsApi(SegmentCatalog catalog, GapJournal journal, Clock clock) {
        this(catalog, journal, clock, Federation.off());
    }

    /** With {@code federation}, listings, downloads and exports cover every replica's footage. */
    RecordingsApi(SegmentCatalog catalog, GapJournal journal, Clock clock, Federation federation) {
        this.catalog = catalog;
        this.journal = journal;
        this.peers = new PeerFootage(federation);
        this.timeline = new TimelineApi(catalog, journal, clock, peers);
        this.footage = new FederatedFootage(catalog, federation);
    }

    void addRoutes(Router r) {
        timeline.addRoutes(r);
        r.viewer("GET", "/api/v1/recordings", this::list);
        r.viewer("GET", "/api/v1/recordings/{device}/{name}", this::download);
        r.viewer("HEAD", "/api/v1/recordings/{device}/{name}", this::download);
        r.operator("DELETE", "/api/v1/recordings/{device}/{name}", this::delete);
        r.viewer("GET", "/api/v1/export", this::export);
    }

    private ApiResponse list(ApiRequest req) {
        String device = blankToNull(req.query("device"));
        Instant from = time(req, "from");
        Instant to = time(req, "to");
        String order = req.query("order") == null ? "newest" : req.query("order");
        if (!order.equals("newest") && !order.equals("oldest")) {
            throw ApiException.badRequest("order must be newest or oldest");
        }
        int offset = number(req, "offset", 0, Integer.MAX_VALUE, 0);
        int limit = number(req, "limit", 1, MAX_LIMIT, DEFAULT_LIMIT);
        boolean merged = peers.merged(req);
        // merged: this replica's first offset + limit, the page is cut from all replicas' together
        SegmentCatalog.Page page = catalog.list(device, from, to, order.equals("newest"), merged ? 0 : offset,
                merged ? (int) Math.min(MAX_LIMIT, (long) offset + limit) : limit);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total", page.total());
        body.put("offset", offset);
        body.put("limit", limit);
        body.put("replica", peers.replica());
        body.put("segments", page.segments().stream().map(s -> describe(s, peers.replica())).toList());
        MergedGaps.Holder holder = null;
        if (device != null) {
            body.put("gaps", gaps(device, from, to));
            if (merged || PeerFootage.localScope(req)) {
                holder = holder(device, from, to);
                body.put("coverage", holder.coverage());
                body.put("live", holder.live());
            }
        }
        if (merged) {
            body = peers.listing(req, body, holder, order.equals("newest"), offset, limit);
        }
        return RecorderApi.json(200, body);
    }

    /** What this volume holds of the camera over the range: its runs, its gaps, whether a file is being written. */
    MergedGaps.Holder holder(String device, Instant from, Instant to) {
        List<SegmentInfo> segments = catalog.list(device, from, to, false, 0, Integer.MAX_VALUE).segments();
        return new MergedGaps.Holder(peers.replica(), MergedGaps.coverage(segments),
                GapReport.of(segments, journal.gaps(device, from, to)), segments.stream().anyMatch(s -> !s.complete()));
    }

    private static Map<String, Object> describe(SegmentInfo s, String replica) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("device", s.device());
        m.put("name", s.name());
        m.put("path", s.path());
        m.put("start", s.start());
        m.put("end", s.end());
        m.put("durationSeconds", s.duration().toMillis() / 1000.0);
        m.put("size", s.size());
        m.put("format", s.format());
        m.put("codecs", s.codecs());
        m.put("complete", s.complete());
        m.put("url", "/api/v1/recordings/" + enc(s.device()) + "/" + enc(s.name()));
        m.put("replica", replica);
        return m;
    }

    /** The camera's gaps in the range, each with its reason and causes (see {@link GapReport}). */
    private List<Map<String, Object>> gaps(String device, Instant from, Instant to) {
        List<SegmentInfo> segments = catalog.list(device, from, to, false, 0, Integer.MAX_VALUE).segments();
        return describeGaps(GapReport.of(segments, journal.gaps(device, from, to)));
    }

    static List<Map<String, Object>> describeGaps(List<GapReport.ReportedGap> gaps) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (GapReport.ReportedGap g : gaps) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("from", g.from());
            m.put("to", g.to());
            m.put("reason", g.reason().label());
            m.put("detail", g.detail());
            m.put("causes", g.causes().stream().map(GapReason::label).toList());
            out.add(m);
        }
        return out;
    }

    private SegmentInfo segment(ApiRequest req) {
        String device = req.pathParam("device");
        String name = req.pathParam("name");
        return catalog.find(device, name).orElseThrow(() -> notFound(device, name));
    }

    private static ApiException notFound(String device, String name) {
        return new ApiException(404, "not_found", "no recording '" + name + "' of camera '" + device
                + "' (list them at /api/v1/recordings)");
    }

    private ApiResponse download(ApiRequest req) {
        String device = req.pathParam("device");
        String name = req.pathParam("name");
        if (peers.merged(req) && catalog.find(device, name).isEmpty()) {
            return peers.download(req, device, name, notFound(device, name));
        }
        SegmentInfo s = segment(req);
        ApiResponse r = ApiResponse.file(s.path()).withHeader("Content-Disposition",
                "attachment; filename=\"" + s.name() + "\"");
        return s.complete() ? r : r.withHeader("X-Recording-Incomplete", "true");
    }

    private ApiResponse delete(ApiRequest req) {
        SegmentInfo s = segment(req);
        if (!s.complete()) {
            throw new ApiException(409, "conflict", "'" + s.name() + "' is being written; switch the camera off "
                    + "first or wait for the next segment");
        }
        try {
            Files.deleteIfExists(s.resolve(catalog.savePath()));
        } catch (IOException e) {
            throw new ApiException(503, "storage_unavailable", "cannot delete " + s.name() + ": "
                    + e.getClass().getSimpleName());
        }
        catalog.remove(s);
        journal.add(s.device(), s.start(), s.end(), GapReason.DELETED, s.name() + " was deleted through the API");
        return RecorderApi.json(200, Map.of("deleted", s.name(), "device", s.device(), "bytes", s.size()));
    }

    private ApiResponse export(ApiRequest req) {
        String device = blankToNull(req.query("device"));
        if (device == null) {
            throw ApiException.badRequest("device is required: /api/v1/export?device=NAME&from=...&to=...");
        }
        Instant from = time(req, "from");
        Instant to = time(req, "to");
        Export export;
        FootageSource.Gathered gathered = null;
        try {
            if (peers.merged(req) && from != null && to != null && from.isBefore(to)) {
                gathered = footage.gather(device, from, to);
                export = Export.prepare(gathered.savePath(), gathered.segments(), device, from, to,
                        req.query("format"));
            } else {
                export = Export.prepare(catalog, device, from, to, req.query("format"));
            }
        } catch (ExportException e) {
            release(gathered);
            throw toApi(e);
        } catch (IOException e) {
            release(gathered);
            throw new ApiException(503, "storage_unavailable", "cannot read the recordings: "
                    + e.getClass().getSimpleName());
        }
        FootageSource.Gathered fetched = gathered;
        Export planned = export;
        ApiResponse.StreamBody body = fetched == null ? export::writeTo : out -> {
            try (fetched) {
                planned.writeTo(out);
            }
        };
        ApiResponse r = ApiResponse.stream(export.contentType(), export.contentLength(), body)
                .withHeader("Content-Disposition", "attachment; filename=\"" + export.fileName() + "\"")
                .withHeader("X-Export-Start", export.start().toString())
                .withHeader("X-Export-Segments", Integer.toString(export.segments().size()));
        if (!export.gaps().isEmpty()) {
            r = r.withHeader("X-Recording-Gaps", export.gaps().stream().map(g -> g.from() + "/" + g.to())
                    .collect(Collectors.joining(",")));
        }
        if (fetched != null && !fetched.unreachable().isEmpty()) {
            r = r.withHeader("X-Export-Unreachable", String.join(",", fetched.unreachable()));
        }
        if (!export.skippedTracks().isEmpty()) {
            r = r.withHeader("X-Export-Skipped-Tracks", SkippedTrack.describe(export.skippedTracks()));
        }
        return r;
    }

    private static void release(FootageSource.Gathered gathered) {
        if (gathered != null) {
            gathered.close();
        }
    }

    PeerFootage peers() {
        return peers;
    }

    /** Footage for background exports: every replica's when peers are configured. */
    FootageSource footage() {
        return footage;
    }

    /** The HTTP form of an {@link ExportException}. */
    static ApiException toApi(ExportException e) {
        return switch (e.kind()) {
            case INVALID -> ApiException.badRequest(e.getMessage());
            case NO_FOOTAGE -> new ApiException(404, "not_found", e.getMessage());
            case UNSUPPORTED -> new ApiException(422, "unsupported", e.getMessage());
        };
    }

    static Instant time(ApiRequest req, String name) {
        String v = blankToNull(req.query(name));
        if (v == null) {
            return null;
        }
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(name + " '" + v + "' is not an ISO-8601 UTC time such as "
                    + "2026-11-25T10:00:00Z");
        }
    }

    private static int number(ApiRequest req, String name, int min, int max, int fallback) {
        String v = blankToNull(req.query(name));
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw ApiException.badRequest(name + " must be a number from " + min + " to " + max);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
