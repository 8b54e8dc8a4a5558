package io.rtsprecorder.media.mux;

import io.rtsprecorder.media.codec.Codec;
import io.rtsprecorder.media.codec.TrackFormat;
import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The containers the media library writes, and everything recording and export need to know about them: the name a
 * user configures, file extension, HTTP content type, which codecs each carries and how, how its writer is made,
 * how a file left by a crash is repaired, and what players may have trouble with. This is the one place those facts
 * live; callers ask instead of matching names.
 *
 * <p>Names: {@code mp4} means different files in the two places a user names a container. Recording segments are
 * {@link #FRAGMENTED_MP4} ({@code ContainerFormat=mp4}: crash-safe, a fragment per second); an export's {@code mp4}
 * is {@link #PROGRESSIVE_MP4} (index in front, plays and seeks in every browser) and its fragmented MP4 is
 * {@code fmp4}. {@link #forRecording} and {@link #forExport} parse the two vocabularies; only {@link #recordable()}
 * containers are recording names.
 *
 * <p>Carriage: a track a container cannot carry is left out by its callers with the {@link Carriage#note() reason}
 * in words a user understands, never handed to a writer: {@link #create} refuses such a track list with an
 * {@link IllegalArgumentException}, a caller's defect. The writers keep their own checks as a second line.
 */
public enum Container {

    /** Fragmented MP4: the default recording container, and export's {@code fmp4}. */
    FRAGMENTED_MP4("mp4", "fmp4", "mp4", "video/mp4", "fragmented MP4", FragmentedMp4Writer::new,
            Mp4Repair::repairSegment) {
        @Override
        public Carriage carriage(TrackFormat track) {
            return mp4Carriage(track);
        }
    },

    /**
     * Progressive MP4 with its index in front: export's {@code mp4}. Not recordable (the index needs every sample
     * before the first media byte); written in two passes by {@link ProgressiveMp4Writer}, not by {@link #create}.
     */
    PROGRESSIVE_MP4(null, "mp4", "mp4", "video/mp4", "MP4", null, null) {
        @Override
        public Carriage carriage(TrackFormat track) {
            return mp4Carriage(track);
        }
    },

    /** FLV: H.264 and AAC as classic FLV, G.711 natively at 8 kHz mono, H.265 as enhanced FLV. */
    FLV("flv", "flv", "flv", "video/x-flv", "FLV", (out, tracks, start, flush) -> new FlvWriter(out, tracks, flush),
            FlvRepair::repairSegment) {
        @Override
        public Carriage carriage(TrackFormat track) {
            return switch (track.codec()) {
                case H264, H265, AAC -> Carriage.NATIVE;
                case PCMA, PCMU -> track.sampleRate() == 8000 && track.channels() == 1 ? Carriage.NATIVE
                        : Carriage.none("FLV carries G.711 only as 8 kHz mono, this track is " + track.sampleRate()
                                + " Hz with " + track.channels() + " channel(s) (record mp4 to keep this audio)");
                case LPCM -> Carriage.none("FLV states 16-bit PCM only at 5.5, 11, 22 or 44 kHz, not at the 8 or"
                        + " 16 kHz of camera audio (use mp4 to keep this audio)");
            };
        }

        @Override
        public Optional<String> playerCaveat(TrackFormat track) {
            return track.codec() == Codec.H265 ? Optional.of(ENHANCED_FLV) : Optional.empty();
        }
    },

    /** MPEG-TS: H.264, H.265 and AAC (as ADTS). */
    MPEG_TS("ts", "ts", "ts", "video/mp2t", "MPEG-TS",
            (out, tracks, start, flush) -> new MpegTsWriter(out, tracks, flush), MpegTsRepair::repairSegment) {
        @Override
        public Carriage carriage(TrackFormat track) {
            return switch (track.codec()) {
                case H264, H265, AAC -> Carriage.NATIVE;
                case PCMA, PCMU -> Carriage.none("MPEG-TS has no standard G.711 stream type"
                        + " (record mp4 or flv to keep this audio)");
                case LPCM -> Carriage.none("MPEG-TS has no standard stream type for 16-bit PCM"
                        + " (use mp4 to keep this audio)");
            };
        }
    };

    /**
     * H.265 in FLV is not in Adobe's FLV specification; it is "enhanced FLV" (Veovera's Enhanced RTMP, FourCC
     * {@code hvc1}). FFmpeg's FLV demuxer reads it from 6.1 on. VLC reads FLV through FFmpeg's libavformat, so what
     * it can open depends on the FFmpeg it is built with: Debian 12's VLC 3.0.24 with FFmpeg 5.1 reports "Video codec
     * (0) is not implemented" (tried).
     */
    static final String ENHANCED_FLV = "H.265 in FLV is enhanced FLV: ffmpeg 6.1 or newer reads it, and so do"
            + " players built on such an FFmpeg; ffmpeg 5.1 and VLC 3 as in Debian 12 (built on FFmpeg 5.1) do not"
            + " (record mp4 or ts for those players)";

    /** The container {@code ContainerFormat} defaults to. */
    public static final Container DEFAULT_RECORDING = FRAGMENTED_MP4;
    /** The container an export is written in when no format is given. */
    public static final Container DEFAULT_EXPORT = PROGRESSIVE_MP4;

    /** How a container carries one track. */
    public record Carriage(Mode mode, String note) {

        /** Carried as it arrives. */
        public static final Carriage NATIVE = new Carriage(Mode.NATIVE, "");

        public enum Mode {
            /** The elementary stream is stored as it is. */
            NATIVE,
            /** Stored in another form without loss (G.711 as 16-bit PCM in MP4). */
            CONVERTED,
            /** Not carried at all: the track is left out, {@code note} says why. */
            NONE
        }

        static Carriage converted(String note) {
            return new Carriage(Mode.CONVERTED, note);
        }

        static Carriage none(String reason) {
            return new Carriage(Mode.NONE, reason);
        }

        public boolean carried() {
            return mode != Mode.NONE;
        }
    }

    /** What a repair left: the file's size, and whether any media survived (a header alone plays nothing). */
    public record Repaired(long bytes, boolean hasMedia) {
    }

    /** Builds a container's writer on an output (a new file or a channel). */
    @FunctionalInterface
    interface WriterFactory {
        SegmentWriter create(SegmentOutput out, List<TrackFormat> tracks, Instant wallClockStart,
                             Duration flushInterval) throws IOException;
    }

    /** Cuts a file left by a crash back to what plays. */
    @FunctionalInterface
    interface Repair {
        Repaired repair(Path file) throws IOException;
    }

    private final String recordingName;
    private final String exportName;
    private final String extension;
    private final String contentType;
    private final String displayName;
    private final WriterFactory writers;
    private final Repair repair;

    /** {@code recordingName}, {@code writers} and {@code repair} are null for a container that is not recorded. */
    Container(String recordingName, String exportName, String extension, String contentType, String displayName,
              WriterFactory writers, Repair repair) {
        this.recordingName = recordingName;
        this.exportName = exportName;
        this.extension = extension;
        this.contentType = contentType;
        this.displayName = displayName;
        this.writers = writers;
        this.repair = repair;
    }

    /** The container a {@code ContainerFormat} value names; the message lists the accepted values. */
    public static Container forRecording(String name) {
        return parse(name, true);
    }

    /** The container an export {@code format} names; the message lists the accepted values. */
    public static Container forExport(String name) {
        return parse(name, false);
    }

    /** The recording container whose segments end in {@code extension}, if any. */
    public static Optional<Container> forSegmentExtension(String extension) {
        return Arrays.stream(values()).filter(c -> c.recordable() && c.extension.equalsIgnoreCase(extension))
                .findFirst();
    }

    /** {@code mp4}, {@code flv}, {@code ts}: the values {@code ContainerFormat} accepts. */
    public static List<String> recordingNames() {
        return Arrays.stream(values()).filter(Container::recordable).map(c -> c.recordingName).toList();
    }

    /** {@code mp4}, {@code fmp4}, {@code ts}, {@code flv}: the formats an export accepts. */
    public static List<String> exportNames() {
        return List.of(PROGRESSIVE_MP4.exportName, FRAGMENTED_MP4.exportName, MPEG_TS.exportName, FLV.exportName);
    }

    private static Container parse(String name, boolean recording) {
        String n = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        for (Container c : values()) {
            if (n.equals(recording ? c.recordingName : c.exportName)) {
                return c;
            }
        }
        List<String> accepted = recording ? recordingNames() : exportNames();
        throw new IllegalArgumentException("unknown " + (recording ? "container" : "export format") + " '" + name
                + "'; accepted: " + String.join(", ", accepted));
    }

    /** Whether recordings can be written in it (segments that play while they grow and survive a crash). */
    public boolean recordable() {
        return recordingName != null;
    }

    /** The {@code ContainerFormat} value; only for {@link #recordable()} containers. */
    public String recordingName() {
        if (!recordable()) {
            throw new IllegalStateException(displayName + " is not a recording container");
        }
        return recordingName;
    }

    /** The export {@code format} value. */
    public String exportName() {
        return exportName;
    }

    /** File extension, without the dot. */
    public String extension() {
        return extension;
    }

    /** HTTP content type of its files. */
    public String contentType() {
        return contentType;
    }

    /** Whether the MP4 demuxer reads its files back (exports and catalog codecs read only these). */
    public boolean demuxable() {
        return this == FRAGMENTED_MP4 || this == PROGRESSIVE_MP4;
    }

    /** How this container carries {@code track}, or why it cannot. */
    public abstract Carriage carriage(TrackFormat track);

    /** What some players cannot read when {@code track} is stored in this container; empty when nothing. */
    public Optional<String> playerCaveat(TrackFormat track) {
        return Optional.empty();
    }

    /**
     * Which of {@code tracks} (a source's tracks, in its order) this container carries, and the reasons for the
     * others.
     */
    public TrackSelection select(List<TrackFormat> tracks) {
        int[] map = new int[tracks.size()];
        List<SkippedTrack> skipped = new ArrayList<>();
        int next = 0;
        for (int i = 0; i < tracks.size(); i++) {
            Carriage c = carriage(tracks.get(i));
            if (c.carried()) {
                map[i] = next++;
            } else {
                map[i] = -1;
                skipped.add(new SkippedTrack(i, tracks.get(i).codec(), c.note()));
            }
        }
        return new TrackSelection(map, skipped);
    }

    /**
     * Creates a new file (never replacing one) with this container's writer. If the writer cannot start, the file is
     * removed again.
     *
     * @param tracks        the segment's tracks, each one this container carries; {@code Frame#track()} indexes this
     *                      list
     * @param flushInterval MP4 fragment duration; how often FLV tags and TS packets are handed to the OS
     * @throws IllegalArgumentException for a track this container does not carry, or a container that cannot be
     *                                  written frame by frame ({@link #PROGRESSIVE_MP4})
     */
    public SegmentWriter create(Path file, List<TrackFormat> tracks, Instant wallClockStart, Duration flushInterval)
            throws IOException {
        requireCarried(tracks);
        return writer(file, tracks, wallClockStart, flushInterval);
    }

    /** {@link #create(Path, List, Instant, Duration)} onto a channel, which is closed with the writer. */
    public SegmentWriter create(WritableByteChannel channel, List<TrackFormat> tracks, Instant wallClockStart,
                                Duration flushInterval) throws IOException {
        requireCarried(tracks);
        return SegmentOutput.of(channel).open(o -> writers().create(o, tracks, wallClockStart, flushInterval));
    }

    /**
     * Cuts a segment left incomplete (by a crash, or a write that failed for lack of space) back to its last
     * complete fragment, tag or packet, and says whether any media is left in it.
     */
    public Repaired repair(Path file) throws IOException {
        if (repair == null) {
            throw new IllegalStateException(displayName + " files are not recorded, so never repaired");
        }
        return repair.repair(file);
    }

    /** The file writer without the carriage check: package-private, so tests can hold the two against each other. */
    SegmentWriter writer(Path file, List<TrackFormat> tracks, Instant wallClockStart, Duration flushInterval)
            throws IOException {
        WriterFactory w = writers();
        return SegmentOutput.create(file).open(o -> w.create(o, tracks, wallClockStart, flushInterval));
    }

    private WriterFactory writers() {
        if (writers == null) {
            throw new IllegalArgumentException(displayName + " is written in two passes by ProgressiveMp4Writer");
        }
        return writers;
    }

    private void requireCarried(List<TrackFormat> tracks) {
        for (TrackFormat t : tracks) {
            Carriage c = carriage(t);
            if (!c.carried()) {
                throw new IllegalArgumentException(displayName + " cannot carry " + t + ": " + c.note());
            }
        }
    }

    /** MP4 carries every codec we depacketize; G.711 as 16-bit PCM, because MP4 has no G.711 entry players share. */
    private static Carriage mp4Carriage(TrackFormat track) {
        return switch (track.codec()) {
            case PCMA, PCMU -> Carriage.converted("stored as 16-bit PCM: MP4 has no G.711 entry players agree on");
            case H264, H265, AAC, LPCM -> Carriage.NATIVE;
        };
    }

    /** {@code fragmented MP4}, {@code FLV}, {@code MPEG-TS}: for messages. */
    public String displayName() {
        return displayName;
    }
}
