package io.rtsprecorder.recorder.hls;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** What recorded and live playlists write alike: the content type, dates and the multivariant playlist. */
public final class HlsText {

    /** The content type of every playlist. */
    public static final String CONTENT_TYPE = "application/vnd.apple.mpegurl";
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSX")
            .withZone(ZoneOffset.UTC);

    private HlsText() {
    }

    /** A {@code PROGRAM-DATE-TIME} / {@code DATERANGE} date: ISO 8601 in UTC with milliseconds. */
    static String date(Instant t) {
        return DATE.format(t);
    }

    /** A multivariant playlist of one variant, so that {@code CODECS} reaches the player before any media. */
    static String multivariant(long bandwidth, String codecs, String mediaUri) {
        StringBuilder b = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-INDEPENDENT-SEGMENTS\n");
        b.append("#EXT-X-STREAM-INF:BANDWIDTH=").append(bandwidth);
        if (!codecs.isEmpty()) {
            b.append(",CODECS=\"").append(codecs).append('"');
        }
        b.append('\n').append(mediaUri).append('\n');
        return b.toString();
    }
}
