package io.rtsprecorder.recorder.hls;

import io.rtsprecorder.media.mux.Container;
import io.rtsprecorder.recorder.storage.GapJournal;
import io.rtsprecorder.recorder.storage.GapReport;
import io.rtsprecorder.recorder.storage.SegmentCatalog;
import io.rtsprecorder.recorder.storage.SegmentInfo;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * HLS playlists of a camera's recordings over a time range (HLS version 7, fragmented MP4), pointing into the
 * recorded files by byte range: the init part of each file by {@code EXT-X-MAP} with {@code BYTERANGE}, its
 * keyframe-started runs of fragments by {@code EXT-X-BYTERANGE}, all served by the recordings download route, so no
 * media is copied or re-muxed and a range of a year costs no more disk than nothing.
 *
 * <p>Every file starts with {@code EXT-X-DISCONTINUITY} (after the first; each file's media time starts at zero and
 * its codec may differ) and {@code EXT-X-PROGRAM-DATE-TIME}; a gap in the footage is an
 * {@code EXT-X-DATERANGE} of class {@value #GAP_CLASS} with the catalog's reason, and a comment, where it falls:
 * there are no media for it, so a player goes straight on to the next file. URIs are relative (file names beside
 * the playlist), so the playlist works behind a port-forward or a path prefix. A range in the past, or whose files
 * are all complete, ends with {@code EXT-X-ENDLIST}; one that reaches into a file still being recorded does not, and
 * grows on each reload ({@code EXT-X-PLAYLIST-TYPE:EVENT}).
 *
 * <p>A range starts and ends at the keyframe nearest to {@code from} and {@code to}: a segment (one GOP, see
 * {@link RecordedFile}) is listed when its middle lies in the range, so the playlist is as long as the range within
 * one GOP.
 *
 * <p>Only fragmented MP4 recordings can be addressed this way; FLV and MPEG-TS recordings are refused as
 * {@link PlaybackException.Kind#UNSUPPORTED} (download or export them).
 */
public final class RecordedPlaylist {

    /** The {@code CLASS} of the {@code EXT-X-DATERANGE} that marks a gap. */
    public static final String GAP_CLASS = "io.rtsprecorder.gap";
    /** The range when none is given: the last hour of footage present. */
    public static final Duration DEFAULT_RANGE = Duration.ofHours(1);

    private final SegmentCatalog catalog;
    private final GapJournal journal;
    private final Clock clock;
    private final RecordedFileCache files = new RecordedFileCache();

    public RecordedPlaylist(SegmentCatalog catalog, GapJournal journal, Clock clock) {
        this.catalog = catalog;
        this.journal = journal;
        this.clock = clock;
    }

    /** A range resolved: {@code to} null means open-ended (up to whatever is recorded when the playlist is read). */
    public record Range(Instant from, Instant to) {
    }

    /**
     * Resolves the request's {@code from}/{@code to} (either may be null): both null is the last hour of footage
     * present, open-ended; {@code to} alone is the hour before it; {@code from} alone runs on as recording goes on.
     */
    public Range resolve(String device, Instant from, Instant to) throws PlaybackException {
        if (from != null && to != null && !from.isBefore(to)) {
            throw new PlaybackException(PlaybackException.Kind.INVALID, "'from' must be before 'to'");
        }
        if (from != null) {
            return new Range(from, to);
        }
        if (to != null) {
            return new Range(to.minus(DEFAULT_RANGE), to);
        }
        List<SegmentInfo> newest = catalog.list(device, null, null, true, 0, 1).segments();
        if (newest.isEmpty()) {
            throw noFootage(device, null);
        }
        SegmentInfo last = newest.get(0);
        Instant end = last.end() != null ? last.end() : clock.instant();
        return new Range(end.minus(DEFAULT_RANGE).truncatedTo(ChronoUnit.MILLIS), null);
    }

    /** The media playlist of {@code device} over {@code range}. */
    public String media(String device, Range range) throws PlaybackException {
        List<Listed> listed = listed(device, range);
        boolean open = catalog.list(device, range.from(), range.to(), false, 0, Integer.MAX_VALUE).segments()
                .stream().anyMatch(s -> !s.complete());
        Instant now = clock.instant();
        Instant lastEnd = listed.get(listed.size() - 1).wallEnd();
        boolean ended = !open || range.to() != null && !range.to().isAfter(now) && !lastEnd.isBefore(range.to());
        double longest = 1;
        for (Listed l : listed) {
            for (RecordedFile.Segment s : l.segments()) {
                longest = Math.max(longest, s.seconds());
            }
        }
        StringBuilder b = new StringBuilder(4096);
        b.append("#EXTM3U\n#EXT-X-VERSION:7\n");
        b.append("#EXT-X-TARGETDURATION:").append((long) Math.ceil(longest)).append('\n');
        b.append("#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-DISCONTINUITY-SEQUENCE:0\n");
        b.append("#EXT-X-PLAYLIST-TYPE:").append(ended ? "VOD" : "EVENT").append('\n');
        b.append("#EXT-X-INDEPENDENT-SEGMENTS\n");
        b.append("# camera ").append(device).append(", from ").append(range.from())
                .append(range.to() == null ? ", open-ended" : " to " + range.to()).append('\n');
        List<GapReport.ReportedGap> gaps = gaps(device, range);
        int gap = 0;
        for (int i = 0; i < listed.size(); i++) {
            Listed l = listed.get(i);
            Instant firstStart = l.wallStart(l.segments().get(0));
            while (gap < gaps.size() && gaps.get(gap).from().isBefore(firstStart)) {
                appendGap(b, gaps.get(gap++));
            }
            if (i > 0) {
                b.append("#EXT-X-DISCONTINUITY\n");
            }
            String uri = uri(l.info().name());
            b.append("#EXT-X-MAP:URI=\"").append(uri).append("\",BYTERANGE=\"").append(l.file().initLength())
                    .append("@0\"\n");
            b.append("#EXT-X-PROGRAM-DATE-TIME:").append(HlsText.date(firstStart)).append('\n');
            for (RecordedFile.Segment s : l.segments()) {
                b.append(String.format(Locale.ROOT, "#EXTINF:%.3f,%n", s.seconds()));
                b.append("#EXT-X-BYTERANGE:").append(s.length()).append('@').append(s.offset()).append('\n');
                b.append(uri).append('\n');
            }
        }
        while (gap < gaps.size()) {
            appendGap(b, gaps.get(gap++));
        }
        if (ended) {
            b.append("#EXT-X-ENDLIST\n");
        }
        return b.toString();
    }

    /**
     * The multivariant playlist: one variant, the media playlist {@code mediaUri}, with its {@code CODECS} (from
     * the SPS: {@code avc1...} or {@code hvc1...}; how a player or the web UI knows before fetching media whether it
     * can decode it) and an average bandwidth from the listed bytes.
     */
    public String multivariant(String device, Range range, String mediaUri) throws PlaybackException {
        List<Listed> listed = listed(device, range);
        long bytes = 0;
        double seconds = 0;
        for (Listed l : listed) {
            for (RecordedFile.Segment s : l.segments()) {
                bytes += s.length();
                seconds += s.seconds();
            }
        }
        long bandwidth = Math.max(1, Math.round(bytes * 8 / Math.max(seconds, 0.001)));
        return HlsText.multivariant(bandwidth, listed.get(listed.size() - 1).file().codecs(), mediaUri);
    }

    /** One file in the playlist, with the segments of it that overlap the range. */
    private record Listed(SegmentInfo info, RecordedFile file, List<RecordedFile.Segment> segments) {
        Instant wallStart(RecordedFile.Segment s) {
            return info.start().plusNanos(Math.round(s.start() * 1e9));
        }

        Instant wallEnd() {
            RecordedFile.Segment last = segments.get(segments.size() - 1);
            return info.start().plusNanos(Math.round(last.end() * 1e9));
        }
    }

    private List<Listed> listed(String device, Range range) throws PlaybackException {
        List<SegmentInfo> overlapping = catalog.list(device, range.from(), range.to(), false, 0, Integer.MAX_VALUE)
                .segments();
        List<Listed> out = new ArrayList<>();
        for (SegmentInfo s : overlapping) {
            if (s.container().orElse(null) != Container.FRAGMENTED_MP4) {
                throw new PlaybackException(PlaybackException.Kind.UNSUPPORTED, "segment " + s.name() + " is "
                        + s.format().toUpperCase(Locale.ROOT) + "; HLS plays fragmented MP4 recordings "
                        + "(ContainerFormat=mp4) by byte range; download or export FLV and MPEG-TS segments instead");
            }
            RecordedFile file;
            try {
                file = files.get(s.resolve(catalog.savePath()));
            } catch (IOException e) {
                if (!s.complete()) {
                    continue; // just opened, its header not yet readable: it is listed once it is
                }
                throw new PlaybackException(PlaybackException.Kind.UNAVAILABLE, "cannot read " + s.name() + ": "
                        + e.getMessage());
            }
            List<RecordedFile.Segment> segments = file.segments();
            if (!s.complete() && !segments.isEmpty()) {
                // in a file being recorded the last GOP may still grow: it is listed once the next keyframe came,
                // so that a segment, once listed, never changes
                segments = segments.subList(0, segments.size() - 1);
            }
            List<RecordedFile.Segment> inRange = new ArrayList<>();
            for (RecordedFile.Segment seg : segments) {
                Instant middle = s.start().plusNanos(Math.round((seg.start() + seg.seconds() / 2) * 1e9));
                if (!middle.isBefore(range.from()) && (range.to() == null || middle.isBefore(range.to()))) {
                    inRange.add(seg);
                }
            }
            if (!inRange.isEmpty()) {
                out.add(new Listed(s, file, List.copyOf(inRange)));
            }
        }
        if (out.isEmpty()) {
            throw noFootage(device, range);
        }
        return out;
    }

    private List<GapReport.ReportedGap> gaps(String device, Range range) {
        List<SegmentInfo> segments = catalog.list(device, range.from(), range.to(), false, 0, Integer.MAX_VALUE)
                .segments();
        List<GapReport.ReportedGap> out = new ArrayList<>();
        for (GapReport.ReportedGap g : GapReport.of(segments, journal.gaps(device, range.from(), range.to()))) {
            if (g.to() == null || g.to().isAfter(range.from())) {
                out.add(g);
            }
        }
        return out;
    }

    static void appendGap(StringBuilder b, GapReport.ReportedGap g) {
        String reason = g.reason().label();
        b.append("# gap from ").append(g.from()).append(g.to() == null ? " (still open)" : " to " + g.to())
                .append(": ").append(reason);
        if (g.detail() != null && !g.detail().isBlank()) {
            b.append(" (").append(g.detail().replace('\n', ' ')).append(')');
        }
        b.append('\n');
        b.append("#EXT-X-DATERANGE:ID=\"gap-").append(g.from().toEpochMilli()).append("\",CLASS=\"").append(GAP_CLASS)
                .append("\",START-DATE=\"").append(HlsText.date(g.from())).append('"');
        if (g.to() != null) {
            b.append(",END-DATE=\"").append(HlsText.date(g.to())).append('"');
        }
        b.append(",X-REASON=\"").append(reason).append("\"\n");
    }

    private static PlaybackException noFootage(String device, Range range) {
        return new PlaybackException(PlaybackException.Kind.NOT_FOUND, "camera '" + device + "' has no playable "
                + "recording" + (range == null ? "" : " between " + range.from() + " and "
                + (range.to() == null ? "now" : range.to())) + " (list them at /api/v1/recordings)");
    }

    private static String uri(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
