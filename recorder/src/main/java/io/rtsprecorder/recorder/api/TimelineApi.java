package io.rtsprecorder.recorder.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtsprecorder.recorder.federation.Federation;
import io.rtsprecorder.recorder.federation.PeerSegments;
import io.rtsprecorder.recorder.storage.GapJournal;
import io.rtsprecorder.recorder.storage.GapReason;
import io.rtsprecorder.recorder.storage.GapReport;
import io.rtsprecorder.recorder.storage.MergedGaps;
import io.rtsprecorder.recorder.storage.SegmentCatalog;
import io.rtsprecorder.recorder.storage.SegmentInfo;
import io.rtsprecorder.recorder.storage.Timeline;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/recordings/{device}/timeline?from=&to=&resolution=}: a camera's recorded spans and gaps over
 * any range, coarsened to {@code resolution} seconds (see {@link Timeline}), for the web UI's timeline. Without
 * {@code to} the range ends now; without {@code from} it is the day before {@code to}; without {@code resolution}
 * the range is cut into about {@link #DEFAULT_BUCKETS} steps.
 */
final class TimelineApi {

    /** Longest range one request may ask for. */
    static final Duration MAX_RANGE = Duration.ofDays(400);
    static final int DEFAULT_BUCKETS = 1000;

    private final SegmentCatalog catalog;
    private final GapJournal journal;
    private final Clock clock;
    private final PeerFootage peers;

    TimelineApi(SegmentCatalog catalog, GapJournal journal, Clock clock, PeerFootage peers) {
        this.catalog = catalog;
        this.journal = journal;
        this.clock = clock;
        this.peers = peers;
    }

    /** Registered before the download route, whose {@code {name}} would otherwise take "timeline". */
    void addRoutes(Router r) {
        r.viewer("GET", "/api/v1/recordings/{device}/timeline", this::timeline);
    }

    private ApiResponse timeline(ApiRequest req) {
        String device = req.pathParam("device");
        Instant to = RecordingsApi.time(req, "to");
        to = to == null ? clock.instant() : to;
        Instant from = RecordingsApi.time(req, "from");
        from = from == null ? to.minus(Duration.ofDays(1)) : from;
        if (!from.isBefore(to)) {
            throw ApiException.badRequest("from must be before to");
        }
        if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
            throw ApiException.badRequest("a timeline covers at most " + MAX_RANGE.toDays() + " days");
        }
        Duration resolution = resolution(req, Duration.between(from, to).dividedBy(DEFAULT_BUCKETS));
        Timeline.View v = Timeline.of(catalog, journal, device, from, to, resolution);
        boolean live = catalog.overlapping(device, from, to).stream().anyMatch(s -> !s.complete());
        if (!peers.merged(req)) {
            Map<String, Object> body = body(device, v);
            if (PeerFootage.localScope(req)) {
                body.put("live", live);
            }
            return RecorderApi.json(200, body);
        }
        return RecorderApi.json(200, merged(req, device, v, live, resolution));
    }

    /**
     * Every replica's timeline of the camera as one: their spans side by side (a span one replica has covers
     * another's gap), the gaps merged as {@link MergedGaps} does, the totals added up.
     */
    private Map<String, Object> merged(ApiRequest req, String device, Timeline.View local, boolean live,
                                       Duration resolution) {
        Federation.Answers<JsonNode> answers = peers.ask(PeerFootage.withQuery(req.path(), req, Map.of(
                "from", local.from().toString(), "to", local.to().toString(),
                "resolution", Double.toString(resolution.toMillis() / 1000.0))));
        List<MergedGaps.Holder> holders = new ArrayList<>();
        holders.add(new MergedGaps.Holder(peers.replica(), local.spans().stream().map(s -> new MergedGaps.Run(
                s.from(), s.to())).toList(), local.gaps().stream().map(g -> new GapReport.ReportedGap(g.from(),
                g.open() ? null : g.to(), g.reason(), g.detail(), g.causes())).toList(), live));
        int segments = local.segments();
        List<String> replicas = new ArrayList<>(List.of(peers.replica()));
        for (Map.Entry<URI, JsonNode> e : answers.answers().entrySet()) {
            String name = e.getValue().path("replica").asText(e.getKey().toString());
            replicas.add(name);
            holders.add(PeerSegments.holder(name, e.getValue(), "spans"));
            segments += e.getValue().path("segments").asInt();
        }
        List<SegmentInfo> runs = new ArrayList<>();
        for (MergedGaps.Holder h : holders) {
            for (MergedGaps.Run r : h.coverage()) {
                runs.add(new SegmentInfo(device, "", "", r.from(), r.to(), 0, "", List.of(), true));
            }
        }
        runs.sort(Comparator.comparing(SegmentInfo::start));
        Timeline.View all = Timeline.of(runs, MergedGaps.of(holders), local.from(), local.to(), resolution);
        Map<String, Object> body = body(device, new Timeline.View(all.from(), all.to(), all.resolution(), all.spans(),
                all.gaps(), segments, all.totalGaps(), all.recordedMillis()));
        body.put("replicas", replicas);
        body.put("unreachable", answers.unreachable().stream().map(URI::toString).toList());
        return body;
    }

    private Map<String, Object> body(String device, Timeline.View v) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("device", device);
        body.put("from", v.from());
        body.put("to", v.to());
        body.put("resolutionSeconds", v.resolution().toMillis() / 1000.0);
        body.put("segments", v.segments());
        body.put("recordedSeconds", v.recordedMillis() / 1000.0);
        body.put("totalGaps", v.totalGaps());
        body.put("spans", v.spans().stream().map(s -> (Object) Map.of("from", s.from(), "to", s.to(),
                "segments", s.segments(), "hiddenGaps", s.hiddenGaps())).toList());
        body.put("gaps", v.gaps().stream().map(TimelineApi::describe).toList());
        body.put("replica", peers.replica());
        return body;
    }

    private static Map<String, Object> describe(Timeline.Hole g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from", g.from());
        m.put("to", g.to());
        m.put("open", g.open());
        m.put("reason", g.reason().label());
        m.put("detail", g.detail());
        m.put("causes", g.causes().stream().map(GapReason::label).toList());
        return m;
    }

    private static Duration resolution(ApiRequest req, Duration fallback) {
        String v = req.query("resolution");
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            double seconds = Double.parseDouble(v);
            if (seconds > 0 && seconds <= MAX_RANGE.toSeconds()) {
                return Duration.ofMillis(Math.max(1, Math.round(seconds * 1000)));
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw ApiException.badRequest("resolution is a number of seconds, more than 0, such as 60");
    }
}
