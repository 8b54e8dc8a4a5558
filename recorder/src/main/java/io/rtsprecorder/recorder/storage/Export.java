package io.rtsprecorder.recorder.storage;

import io.rtsprecorder.media.codec.Frame;
import io.rtsprecorder.media.codec.TrackFormat;
import io.rtsprecorder.media.demux.Mp4Demuxer;
import io.rtsprecorder.media.mux.Container;
import io.rtsprecorder.media.mux.FrameReader;
import io.rtsprecorder.media.mux.ProgressiveMp4Writer;
import io.rtsprecorder.media.mux.SegmentWriter;
import io.rtsprecorder.media.mux.SkippedTrack;
import io.rtsprecorder.media.mux.TrackSelection;
import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One camera's footage from {@code from} to {@code to} as a single file, across segment boundaries, without
 * re-encoding. It starts at the video keyframe at or before {@code from} (a file must start with a picture it can
 * decode) and ends before the first frame at or after {@code to}.
 *
 * <p>Formats: {@code mp4} is a progressive MP4 with its index in front, so it plays and seeks in every player and
 * browser; it is laid out in a first pass over the footage ({@link #prepare}), which also gives its exact size.
 * {@code fmp4}, {@code ts} and {@code flv} are written as the footage is read. Names, content types and writers
 * come from {@link Container}; tracks it cannot carry (16-bit PCM, which is how G.711 is recorded, in FLV or
 * MPEG-TS) are left out and listed in {@link #skippedTracks()} with the reason.
 *
 * <p>Time: each segment is placed at its wall-clock start, so a gap in the footage (the camera was away) stays a
 * gap in the export's timeline and is reported by {@link #gaps()}. Consecutive segments of one session are
 * continuous: a segment whose start (named to the second) falls within a second of the previous one's end is
 * placed right after it. Exports read MP4 recordings; FLV and MPEG-TS segments are refused with a clear error.
 */
public final class Export {

    /** Gaps shorter than this between segments are the same session's segment boundary, not lost footage. */
    private static final Duration CONTINUITY = Duration.ofMillis(1500);

    /** How far the writing has got, for a long export's progress: called after each frame is read. */
    @FunctionalInterface
    public interface Progress {
        /** The media time read so far, in microseconds from the export's start (its starting keyframe). */
        void mediaMicros(long micros);

        Progress NONE = micros -> { };
    }

    /** A stretch of the requested range without footage. */
    public record Gap(Instant from, Instant to) {
    }

    private final String device;
    private final Container container;
    private final Path savePath;
    private final List<SegmentInfo> segments;
    private final List<Long> placements;
    private final long zeroMicros;
    private final long endMicros;
    private final List<TrackFormat> formats;
    private final TrackSelection selection;
    private final List<Gap> gaps;
    private ProgressiveMp4Writer progressive;

    private Export(String device, Container container, Path savePath, List<SegmentInfo> segments,
                   List<Long> placements, long zeroMicros, long endMicros, List<TrackFormat> formats,
                   TrackSelection selection, List<Gap> gaps) {
        this.device = device;
        this.container = container;
        this.savePath = savePath;
        this.segments = segments;
        this.placements = placements;
        this.zeroMicros = zeroMicros;
        this.endMicros = endMicros;
        this.formats = formats;
        this.selection = selection;
        this.gaps = gaps;
    }

    /**
     * Plans the export: finds the segments, the starting keyframe and the gaps; for {@code mp4} also lays the file
     * out. Throws {@link ExportException} with 400 (bad range or format), 404 (no footage in the range) or 422
     * (footage in a container exports cannot read).
     */
    public static Export prepare(SegmentCatalog catalog, String device, Instant from, Instant to, String format)
            throws ExportException, IOException {
        return prepare(catalog.savePath(), catalog.list(device, from, to, false, 0, Integer.MAX_VALUE).segments(),
                device, from, to, format);
    }

    /**
     * As {@link #prepare(SegmentCatalog, String, Instant, Instant, String)}, over {@code oldestFirst} (the
     * segments that overlap the range, each {@link SegmentInfo#resolve resolved} against {@code savePath}):
     * footage gathered from several replicas' volumes.
     */
    public static Export prepare(Path savePath, List<SegmentInfo> oldestFirst, String device, Instant from,
                                 Instant to, String format) throws ExportException, IOException {
        Container target;
        try {
            target = format == null ? Container.DEFAULT_EXPORT : Container.forExport(format);
        } catch (IllegalArgumentException e) {
            throw new ExportException(ExportException.Kind.INVALID, e.getMessage());
        }
        if (from == null || to == null || !from.isBefore(to)) {
            throw new ExportException(ExportException.Kind.INVALID,
                    "give 'from' before 'to', as ISO-8601 UTC times such as "
                    + "2026-11-25T10:00:00Z");
        }
        List<SegmentInfo> overlapping = new ArrayList<>(oldestFirst);
        if (overlapping.isEmpty()) {
            throw new ExportException(ExportException.Kind.NO_FOOTAGE, "camera '" + device
                    + "' has no recording between " + from + " and " + to);
        }
        for (SegmentInfo s : overlapping) {
            if (!s.demuxable()) {
                throw new ExportException(ExportException.Kind.UNSUPPORTED, "segment " + s.name() + " is " + s.format()
                        .toUpperCase(Locale.ROOT)
                        + "; exports read MP4 recordings (ContainerFormat=mp4), download FLV/TS segments as they are");
            }
        }
        // place the segments on the wall-clock timeline and check that they can share one set of tracks
        List<Long> placements = new ArrayList<>();
        List<Gap> gaps = new ArrayList<>();
        List<TrackFormat> sourceFormats = null;
        List<SegmentInfo> usable = new ArrayList<>();
        long previousEnd = Long.MIN_VALUE;
        for (SegmentInfo s : overlapping) {
            List<TrackFormat> tracks;
            double duration;
            try (Mp4Demuxer d = Mp4Demuxer.open(s.resolve(savePath))) {
                tracks = d.tracks();
                duration = d.durationSeconds();
            } catch (IOException e) {
                continue; // unreadable (being deleted, or broken): its time counts as a gap
            }
            if (sourceFormats == null) {
                sourceFormats = tracks;
            } else if (!compatible(sourceFormats, tracks)) {
                break; // the camera changed its stream: the export ends where the old one did
            }
            long start = micros(s.start());
            if (previousEnd != Long.MIN_VALUE) {
                if (start - previousEnd < CONTINUITY.toNanos() / 1000) {
                    start = previousEnd;
                } else {
                    gaps.add(new Gap(instant(previousEnd), instant(start)));
                }
            }
            usable.add(s);
            placements.add(start);
            previousEnd = start + Math.round(duration * 1e6);
        }
        if (usable.isEmpty()) {
            throw new ExportException(ExportException.Kind.NO_FOOTAGE, "no readable recording of camera '" + device
                    + "' between " + from
                    + " and " + to);
        }
        long zero = Math.max(micros(from), placements.get(0));
        zero = keyframeAtOrBefore(usable.get(0).resolve(savePath), placements.get(0), zero);
        if (micros(from) < placements.get(0)) {
            gaps.add(0, new Gap(from, instant(placements.get(0))));
        }
        if (previousEnd < micros(to)) {
            gaps.add(new Gap(instant(previousEnd), to));
        }
        TrackSelection selection = target.select(sourceFormats);
        if (selection.none()) {
            throw new ExportException(ExportException.Kind.UNSUPPORTED, target.exportName()
                    + " can carry none of the recording's tracks: "
                    + SkippedTrack.describe(selection.skipped()));
        }
        Export e = new Export(device, target, savePath, List.copyOf(usable), List.copyOf(placements), zero,
                micros(to), List.copyOf(selection.carried(sourceFormats)), selection, List.copyOf(gaps));
        if (target == Container.PROGRESSIVE_MP4) {
            e.progressive = ProgressiveMp4Writer.plan(e.formats, instant(zero), e::frames);
        }
        return e;
    }

    /** The exact size for {@code mp4}, -1 for the streamed formats. */
    public long contentLength() {
        return progressive == null ? -1 : progressive.size();
    }

    public String contentType() {
        return container.contentType();
    }

    /** A file name for the download: camera, start and end of the range. */
    public String fileName() {
        String stamp = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                .withZone(java.time.ZoneOffset.UTC).format(instant(zeroMicros));
        return device + "_" + stamp + "_" + Math.max(0, (endMicros - zeroMicros) / 1_000_000) + "s."
                + container.extension();
    }

    /** Where the export really starts: the keyframe at or before the requested start. */
    public Instant start() {
        return instant(zeroMicros);
    }

    public List<Gap> gaps() {
        return gaps;
    }

    /** The recording's tracks the export's container cannot carry, with the reasons. */
    public List<SkippedTrack> skippedTracks() {
        return selection.skipped();
    }

    public List<SegmentInfo> segments() {
        return segments;
    }

    /** How long the export runs, from its starting keyframe to the end of the range. */
    public Duration duration() {
        return Duration.ofNanos(Math.max(0, endMicros - zeroMicros) * 1000);
    }

    /** Writes the export to {@code out} (not closed). */
    public void writeTo(WritableByteChannel out) throws IOException {
        writeTo(out, Progress.NONE);
    }

    /** Writes the export to {@code out} (not closed), telling {@code progress} the media time written. */
    public void writeTo(WritableByteChannel out, Progress progress) throws IOException {
        if (progressive != null) {
            progressive.write(out, () -> reporting(frames(), progress));
            return;
        }
        // the writers close their channel; the caller owns 'out'
        WritableByteChannel unclosable = new WritableByteChannel() {
            @Override
            public int write(java.nio.ByteBuffer src) throws IOException {
                return out.write(src);
            }

            @Override
            public boolean isOpen() {
                return out.isOpen();
            }

            @Override
            public void close() {
            }
        };
        SegmentWriter writer = container.create(unclosable, formats, instant(zeroMicros), Duration.ofSeconds(1));
        try (writer; FrameReader r = reporting(frames(), progress)) {
            for (Frame frame = r.next(); frame != null; frame = r.next()) {
                writer.write(frame);
            }
        }
    }

    /** {@code frames}, telling {@code progress} each frame's time on the export's timeline. */
    private static FrameReader reporting(FrameReader frames, Progress progress) {
        if (progress == Progress.NONE) {
            return frames;
        }
        return new FrameReader() {
            @Override
            public Frame next() throws IOException {
                Frame f = frames.next();
                if (f != null) {
                    progress.mediaMicros(f.dts() * 1_000_000L / f.format().timescale());
                }
                return f;
            }

            @Override
            public void close() throws IOException {
                frames.close();
            }
        };
    }

    /** The export's frames, in order, on its own timeline (zero at the starting keyframe), tracks renumbered. */
    private FrameReader frames() {
        return new FrameReader() {
            private int segment = -1;
            private Mp4Demuxer demuxer;
            private final long[] lastDts = new long[selection.sourceTracks()];
            private boolean done;

            {
                Arrays.fill(lastDts, Long.MIN_VALUE);
            }

            @Override
            public Frame next() throws IOException {
                while (!done) {
                    if (demuxer == null && !nextSegment()) {
                        return null;
                    }
                    Frame f = demuxer.readFrame();
                    if (f == null) {
                        demuxer.close();
                        demuxer = null;
                        continue;
                    }
                    int out = selection.fileTrack(f.track());
                    if (out < 0) {
                        continue;
                    }
                    int scale = f.format().timescale();
                    long wall = placements.get(segment) + f.dts() * 1_000_000L / scale;
                    if (wall < zeroMicros) {
                        continue;
                    }
                    if (wall >= endMicros) {
                        if (f.format().codec().isVideo() || formats.stream().noneMatch(t -> t.codec().isVideo())) {
                            done = true;
                        }
                        continue;
                    }
                    long shift = Math.floorDiv((placements.get(segment) - zeroMicros) * scale, 1_000_000L);
                    long dts = f.dts() + shift;
                    if (dts <= lastDts[f.track()]) {
                        continue; // overlaps the previous segment's last frames
                    }
                    lastDts[f.track()] = dts;
                    return new Frame(out, f.format(), f.pts() + shift, dts, f.keyframe(), f.data());
                }
                return null;
            }

            private boolean nextSegment() throws IOException {
                if (++segment >= segments.size()) {
                    done = true;
                    return false;
                }
                demuxer = Mp4Demuxer.open(segments.get(segment).resolve(savePath));
                return true;
            }

            @Override
            public void close() throws IOException {
                if (demuxer != null) {
                    demuxer.close();
                }
            }
        };
    }

    /** The wall time of the last video keyframe at or before {@code target} in a segment placed at {@code at}. */
    private static long keyframeAtOrBefore(Path segment, long at, long target) throws IOException {
        long best = Long.MIN_VALUE;
        long first = Long.MIN_VALUE;
        try (Mp4Demuxer d = Mp4Demuxer.open(segment)) {
            boolean video = d.tracks().stream().anyMatch(t -> t.codec().isVideo());
            for (Frame f = d.readFrame(); f != null; f = d.readFrame()) {
                if (video && !(f.format().codec().isVideo() && f.keyframe())) {
                    continue;
                }
                long wall = at + f.dts() * 1_000_000L / f.format().timescale();
                if (first == Long.MIN_VALUE) {
                    first = wall;
                }
                if (wall > target) {
                    break;
                }
                best = wall;
            }
        }
        return best != Long.MIN_VALUE ? best : first != Long.MIN_VALUE ? first : target;
    }

    /** Same codecs in the same order, same picture size and audio layout. */
    private static boolean compatible(List<TrackFormat> a, List<TrackFormat> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            TrackFormat x = a.get(i);
            TrackFormat y = b.get(i);
            if (x.codec() != y.codec() || x.width() != y.width() || x.height() != y.height()
                    || x.sampleRate() != y.sampleRate() || x.channels() != y.channels()) {
                return false;
            }
        }
        return true;
    }

    private static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }

    private static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
    }
}
