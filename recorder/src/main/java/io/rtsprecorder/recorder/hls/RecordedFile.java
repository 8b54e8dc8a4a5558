package io.rtsprecorder.recorder.hls;

import io.rtsprecorder.media.demux.Mp4Demuxer;
import io.rtsprecorder.media.demux.Mp4FormatException;
import io.rtsprecorder.media.demux.Mp4Fragment;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A fragmented MP4 recording as HLS addresses it: its init part ({@code ftyp}+{@code moov}) and its media segments,
 * each a run of the file's own fragments that starts at a keyframe, by byte range. Nothing is copied: the
 * playlist points into the recorded file.
 *
 * <p>A segment runs from a keyframe fragment to the next keyframe fragment at or after {@link #MIN_SEGMENT_SECONDS}
 * (so one GOP, or several short GOPs together); fragments before the file's first keyframe (none in our recordings,
 * which start at one) are left out, since a segment must start with a keyframe.
 *
 * @param initLength bytes of the init part, from offset 0
 * @param codecs     the RFC 6381 {@code CODECS} value of the file's tracks
 * @param segments   in file order
 */
record RecordedFile(long initLength, String codecs, List<Segment> segments) {

    /**
     * GOPs shorter than this are grouped into segments of at least this, to keep playlists of long ranges short;
     * longer GOPs are a segment each, so a range can start and end at any keyframe.
     */
    static final double MIN_SEGMENT_SECONDS = 1.0;

    /**
     * One media segment.
     *
     * @param offset  first byte in the file
     * @param length  bytes
     * @param start   seconds from the file's first frame
     * @param seconds duration
     */
    record Segment(long offset, long length, double start, double seconds) {
        double end() {
            return start + seconds;
        }
    }

    /** Reads the index of {@code file} (its {@code moov} and every {@code moof}; media bytes are not read). */
    static RecordedFile read(Path file) throws IOException {
        try (Mp4Demuxer demuxer = Mp4Demuxer.open(file)) {
            int reference = demuxer.referenceTrack();
            if (reference < 0) {
                throw new Mp4FormatException(file.getFileName() + " has no audio or video track");
            }
            if (demuxer.fragments().isEmpty() && demuxer.frameCount(reference) > 0) {
                throw new Mp4FormatException(file.getFileName() + " is not a fragmented MP4 file");
            }
            double timescale = demuxer.tracks().get(reference).timescale();
            return new RecordedFile(demuxer.initLength(), HlsCodecs.of(demuxer.tracks()),
                    segments(demuxer.fragments(), timescale));
        }
    }

    static List<Segment> segments(List<Mp4Fragment> fragments, double timescale) {
        List<Segment> out = new ArrayList<>();
        long origin = Long.MIN_VALUE;
        long offset = -1;
        long end = 0;
        long startTicks = 0;
        long endTicks = 0;
        for (Mp4Fragment f : fragments) {
            if (origin == Long.MIN_VALUE) {
                if (!f.startsWithKey()) {
                    continue;
                }
                origin = f.decodeTime();
            }
            boolean longEnough = (endTicks - startTicks) / timescale >= MIN_SEGMENT_SECONDS;
            if (offset >= 0 && f.startsWithKey() && longEnough) {
                out.add(segment(offset, end, startTicks - origin, endTicks - startTicks, timescale));
                offset = -1;
            }
            if (offset < 0) {
                offset = f.offset();
                startTicks = f.decodeTime();
            }
            end = f.offset() + f.length();
            if (f.duration() > 0) {
                endTicks = f.decodeTime() + f.duration();
            }
        }
        if (offset >= 0 && endTicks > startTicks) {
            out.add(segment(offset, end, startTicks - origin, endTicks - startTicks, timescale));
        }
        return List.copyOf(out);
    }

    private static Segment segment(long offset, long end, long startTicks, long durationTicks, double timescale) {
        return new Segment(offset, end - offset, startTicks / timescale, durationTicks / timescale);
    }
}
