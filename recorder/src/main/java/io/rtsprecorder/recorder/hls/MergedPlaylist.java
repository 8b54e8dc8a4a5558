package io.rtsprecorder.recorder.hls;

import io.rtsprecorder.recorder.storage.GapReport;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One media playlist from several replicas' playlists of the same camera and range (each made by
 * {@link RecordedPlaylist#media} from its own volume). Each file's entries (from its {@code EXT-X-MAP} to the next
 * discontinuity) are taken as they are and ordered by their {@code EXT-X-PROGRAM-DATE-TIME}; the URIs are file names
 * beside the playlist, which this replica's download route serves for every replica (proxying those it does not
 * hold), so the merged playlist addresses every segment. The gaps are given merged, and are placed as
 * {@link RecordedPlaylist} places them. It ends ({@code EXT-X-ENDLIST}) only when every playlist ended and every
 * replica answered; a replica that did not is named in a comment, and the playlist stays an {@code EVENT} that a
 * player reloads.
 */
public final class MergedPlaylist {

    private record Block(Instant start, String map, List<String> lines) {
    }

    private MergedPlaylist() {
    }

    public static String merge(String device, RecordedPlaylist.Range range, List<String> playlists,
                               List<GapReport.ReportedGap> gaps, List<String> unreachable) {
        long target = 1;
        boolean ended = unreachable.isEmpty();
        List<Block> blocks = new ArrayList<>();
        Set<String> maps = new LinkedHashSet<>();
        for (String p : playlists) {
            ended &= p.contains("#EXT-X-ENDLIST");
            Block current = null;
            for (String line : p.split("\n")) {
                if (line.startsWith("#EXT-X-TARGETDURATION:")) {
                    target = Math.max(target, Long.parseLong(line.substring(line.indexOf(':') + 1).strip()));
                } else if (line.startsWith("#EXT-X-MAP:")) {
                    current = new Block(null, line, new ArrayList<>());
                    if (maps.add(line)) {
                        blocks.add(current);
                    }
                    current.lines().add(line);
                } else if (line.startsWith("#EXT-X-DISCONTINUITY") || line.startsWith("#EXT-X-DATERANGE")
                        || line.startsWith("# gap") || line.startsWith("#EXT-X-ENDLIST")) {
                    current = null;
                } else if (current != null) {
                    current.lines().add(line);
                }
            }
        }
        List<Block> dated = new ArrayList<>();
        for (Block b : blocks) {
            dated.add(new Block(start(b.lines()), b.map(), b.lines()));
        }
        dated.sort(Comparator.comparing(Block::start));
        StringBuilder b = new StringBuilder(4096);
        b.append("#EXTM3U\n#EXT-X-VERSION:7\n");
        b.append("#EXT-X-TARGETDURATION:").append(target).append('\n');
        b.append("#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-DISCONTINUITY-SEQUENCE:0\n");
        b.append("#EXT-X-PLAYLIST-TYPE:").append(ended ? "VOD" : "EVENT").append('\n');
        b.append("#EXT-X-INDEPENDENT-SEGMENTS\n");
        b.append("# camera ").append(device).append(", from ").append(range.from())
                .append(range.to() == null ? ", open-ended" : " to " + range.to()).append(", from ")
                .append(playlists.size()).append(" replica(s)\n");
        for (String u : unreachable) {
            b.append("# replica ").append(u).append(" did not answer: its footage is missing here\n");
        }
        int gap = 0;
        for (int i = 0; i < dated.size(); i++) {
            Block block = dated.get(i);
            while (gap < gaps.size() && gaps.get(gap).from().isBefore(block.start())) {
                RecordedPlaylist.appendGap(b, gaps.get(gap++));
            }
            if (i > 0) {
                b.append("#EXT-X-DISCONTINUITY\n");
            }
            for (String line : block.lines()) {
                b.append(line).append('\n');
            }
        }
        while (gap < gaps.size()) {
            RecordedPlaylist.appendGap(b, gaps.get(gap++));
        }
        if (ended) {
            b.append("#EXT-X-ENDLIST\n");
        }
        return b.toString();
    }

    private static Instant start(List<String> lines) {
        for (String line : lines) {
            if (line.startsWith("#EXT-X-PROGRAM-DATE-TIME:")) {
                try {
                    return OffsetDateTime.parse(line.substring(line.indexOf(':') + 1).strip()).toInstant();
                } catch (DateTimeParseException e) {
                    return Instant.MAX;
                }
            }
        }
        return Instant.MAX;
    }
}
