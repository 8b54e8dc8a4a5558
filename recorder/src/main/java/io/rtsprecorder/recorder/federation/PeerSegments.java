package io.rtsprecorder.recorder.federation;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtsprecorder.recorder.storage.GapReason;
import io.rtsprecorder.recorder.storage.GapReport;
import io.rtsprecorder.recorder.storage.MergedGaps;
import io.rtsprecorder.recorder.storage.SegmentInfo;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads what a peer's listing says (segments, its runs of recorded time, its gaps) back into the storage types, so
 * that merging works on the same types as one volume's listing. A malformed entry is skipped (null), never fatal.
 */
public final class PeerSegments {

    private PeerSegments() {
    }

    /** A segment entry of a listing, or null. */
    public static SegmentInfo segment(JsonNode n) {
        Instant start = time(n.path("start"));
        Instant end = time(n.path("end"));
        String name = n.path("name").asText(null);
        String device = n.path("device").asText(null);
        if (start == null || name == null || device == null) {
            return null;
        }
        List<String> codecs = new ArrayList<>();
        n.path("codecs").forEach(c -> codecs.add(c.asText()));
        return new SegmentInfo(device, n.path("path").asText(name), name, start, end == null ? start : end,
                n.path("size").asLong(), n.path("format").asText(""), List.copyOf(codecs),
                n.path("complete").asBoolean(true));
    }

    /** What a listing (or a timeline: its spans) says of one replica's footage of the camera. */
    public static MergedGaps.Holder holder(String name, JsonNode body, String coverageField) {
        List<MergedGaps.Run> runs = new ArrayList<>();
        for (JsonNode r : body.path(coverageField)) {
            Instant from = time(r.path("from"));
            Instant to = time(r.path("to"));
            if (from != null && to != null) {
                runs.add(new MergedGaps.Run(from, to));
            }
        }
        List<GapReport.ReportedGap> gaps = new ArrayList<>();
        for (JsonNode g : body.path("gaps")) {
            Instant from = time(g.path("from"));
            if (from == null) {
                continue;
            }
            Instant to = g.path("open").asBoolean(false) ? null : time(g.path("to"));
            List<GapReason> causes = new ArrayList<>();
            g.path("causes").forEach(c -> causes.add(GapReason.ofLabel(c.asText())));
            gaps.add(new GapReport.ReportedGap(from, to, GapReason.ofLabel(g.path("reason").asText()),
                    g.path("detail").asText(""), List.copyOf(causes)));
        }
        return new MergedGaps.Holder(name, List.copyOf(runs), List.copyOf(gaps), body.path("live").asBoolean(false));
    }

    static Instant time(JsonNode n) {
        if (n == null || !n.isTextual()) {
            return null;
        }
        try {
            return Instant.parse(n.asText());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
