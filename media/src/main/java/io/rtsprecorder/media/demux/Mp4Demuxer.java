package io.rtsprecorder.media.demux;

import io.rtsprecorder.media.codec.Codec;
import io.rtsprecorder.media.codec.Frame;
import io.rtsprecorder.media.codec.NalUnits;
import io.rtsprecorder.media.codec.TrackFormat;
import io.rtsprecorder.media.codec.VideoParameterSets;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the audio and video samples of an MP4 or QuickTime file, progressive or fragmented, as {@link Frame}s in
 * decode order across tracks.
 *
 * <p>Opening reads the index ({@code moov}, and every {@code moof} of a fragmented file) into memory; sample data
 * is read lazily, one frame per {@link #readFrame()}. Supported tracks: H.264, H.265, AAC, G.711 and 16-bit PCM;
 * others are listed by {@link #skippedTracks()}.
 *
 * <p>Timestamps are in each track's media timescale, shifted by the track's first edit so that presentation time
 * zero is where the file's edit list says playback starts; decode times of B-frame streams may therefore be
 * negative. A file cut short (a crash while writing) yields every complete sample before the cut and reports
 * {@link #truncated()}. A file that is broken beyond that throws {@link Mp4FormatException}.
 */
public final class Mp4Demuxer implements AutoCloseable {

    /** Largest {@code moov} or {@code moof} read into memory. */
    static final long MAX_INDEX_BOX_BYTES = 256L * 1024 * 1024;
    private static final int MAX_TOP_LEVEL_BOXES = 10_000_000;

    private final SeekableByteChannel channel;
    private final long fileSize;
    private final List<Mp4Track> tracks;
    private final List<TrackFormat> formats;
    private final List<String> skipped;
    private final boolean truncated;
    private final long movieTimescale;
    private final long movieDuration;
    private final int[] cursor;
    private final TrackFormat[] currentFormat;
    private final long initLength;
    private final int referenceTrack;
    private final List<Mp4Fragment> fragments;

    /**
     * Box parsers read fields with {@link ByteBuffer} bounds checks; a field that lies outside its box surfaces
     * as a runtime exception, which is turned into a typed error here so callers see one failure type.
     */
    private static MovieParser parseIndex(MovieParser movie, Box box, Map<Integer, Mp4Track> byId, long fileSize,
                                          boolean moov, boolean[] fragmentComplete) throws Mp4FormatException {
        try {
            if (moov) {
                movie.parse(box);
            } else {
                fragmentComplete[0] = FragmentParser.parse(box, byId, movie.defaults, fileSize);
            }
            return movie;
        } catch (java.nio.BufferUnderflowException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw Mp4FormatException.at(box.path, box.fileOffset, "a field lies outside its box (" + e + ")");
        }
    }

    private Mp4Demuxer(SeekableByteChannel channel) throws IOException {
        this.channel = channel;
        this.fileSize = channel.size();
        MovieParser movie = new MovieParser(fileSize);
        boolean cut = false;
        boolean sawMoov = false;
        Map<Integer, Mp4Track> byId = new HashMap<>();
        long position = 0;
        int boxes = 0;
        long moovEnd = 0;
        long fragmentStart = -1; // start of the fragment whose moof was read and whose mdat has not come yet
        long nextFragmentStart = 0;
        int reference = -1;
        int referenceCountBefore = 0;
        List<Mp4Fragment> found = new ArrayList<>();
        while (position + 8 <= fileSize) {
            if (++boxes > MAX_TOP_LEVEL_BOXES) {
                throw Mp4FormatException.at("/", position, "more than " + MAX_TOP_LEVEL_BOXES + " top-level boxes");
            }
            ByteBuffer header = readAt(position, (int) Math.min(16, fileSize - position));
            long size = Integer.toUnsignedLong(header.getInt(0));
            int type = header.getInt(4);
            int headerSize = 8;
            if (size == 1) {
                if (header.limit() < 16) {
                    cut = true;
                    break;
                }
                size = header.getLong(8);
                headerSize = 16;
            } else if (size == 0) {
                size = fileSize - position;
            }
            String name = Box.name(type);
            if (size < headerSize) {
                throw Mp4FormatException.at("/" + name, position, "box size " + size + " is smaller than its header");
            }
            if (position + size > fileSize) {
                if (name.equals("moov")) {
                    throw Mp4FormatException.at("/moov", position, "file ends inside the moov box ("
                            + (fileSize - position) + " of " + size + " bytes)");
                }
                cut = true; // a box cut short: the last moof/mdat after a crash; complete samples before it count
                break;
            }
            if (name.equals("moov") || name.equals("moof")) {
                if (size > MAX_INDEX_BOX_BYTES) {
                    throw Mp4FormatException.at("/" + name, position, "box of " + size + " bytes exceeds the "
                            + MAX_INDEX_BOX_BYTES + "-byte limit");
                }
                ByteBuffer payload = readAt(position + headerSize, (int) (size - headerSize));
                Box box = new Box(type, position, "/" + name, payload);
                if (name.equals("moov")) {
                    if (sawMoov) {
                        throw Mp4FormatException.at("/moov", position, "second moov box");
                    }
                    sawMoov = true;
                    parseIndex(movie, box, byId, fileSize, true, null);
                    for (Mp4Track t : movie.tracks) {
                        byId.put(t.trackId, t);
                    }
                    moovEnd = position + size;
                    nextFragmentStart = moovEnd;
                    reference = referenceTrack(movie.tracks);
                } else if (!sawMoov) {
                    throw Mp4FormatException.at("/moof", position, "moof before moov");
                } else {
                    boolean[] complete = {true};
                    referenceCountBefore = reference < 0 ? 0 : movie.tracks.get(reference).samples.count();
                    parseIndex(movie, box, byId, fileSize, false, complete);
                    if (!complete[0]) {
                        cut = true;
                        break;
                    }
                    fragmentStart = nextFragmentStart;
                }
            } else if (name.equals("mdat") && fragmentStart >= 0) {
                found.add(fragment(movie.tracks, reference, referenceCountBefore, fragmentStart,
                        position + size - fragmentStart));
                fragmentStart = -1;
                nextFragmentStart = position + size;
            }
            position += size;
        }
        if (!sawMoov) {
            throw new Mp4FormatException("no moov box: not an MP4/QuickTime file, or its index was never written");
        }
        this.tracks = List.copyOf(movie.tracks);
        this.skipped = List.copyOf(movie.skipped);
        this.truncated = cut || movie.truncated;
        this.movieTimescale = movie.movieTimescale;
        this.movieDuration = movie.movieDuration;
        this.formats = tracks.stream().map(t -> t.format).toList();
        this.cursor = new int[tracks.size()];
        this.currentFormat = formats.toArray(TrackFormat[]::new);
        this.initLength = moovEnd;
        this.referenceTrack = reference;
        this.fragments = List.copyOf(found);
    }

    /** The first video track, else the first track, else -1: the track whose times fragments are measured on. */
    private static int referenceTrack(List<Mp4Track> tracks) {
        for (int i = 0; i < tracks.size(); i++) {
            if (tracks.get(i).format.codec().isVideo()) {
                return i;
            }
        }
        return tracks.isEmpty() ? -1 : 0;
    }

    private static Mp4Fragment fragment(List<Mp4Track> tracks, int reference, int countBefore, long offset,
                                        long length) {
        if (reference < 0 || tracks.get(reference).samples.count() == countBefore) {
            return new Mp4Fragment(offset, length, 0, 0, false);
        }
        SampleTable s = tracks.get(reference).samples;
        return new Mp4Fragment(offset, length, s.dts(countBefore), s.endTime() - s.dts(countBefore),
                s.sync(countBefore));
    }

    /** Opens a file; the demuxer owns the channel and closes it. */
    public static Mp4Demuxer open(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            return new Mp4Demuxer(channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Reads from any seekable channel (e.g. bytes in memory); the demuxer closes it on {@link #close()}. */
    public static Mp4Demuxer open(SeekableByteChannel channel) throws IOException {
        return new Mp4Demuxer(channel);
    }

    /** The supported tracks, in file order; {@link Frame#track()} indexes this list. */
    public List<TrackFormat> tracks() {
        return formats;
    }

    /**
     * Bytes from the file's start through the end of its {@code moov}: the initialization segment of a fragmented
     * file ({@code ftyp} and {@code moov}), which a player needs before any fragment.
     */
    public long initLength() {
        return initLength;
    }

    /** The index in {@link #tracks()} of the track {@link #fragments()} are timed on (see there), or -1. */
    public int referenceTrack() {
        return referenceTrack;
    }

    /**
     * The complete fragments of a fragmented file in file order (empty for a progressive file); a fragment cut
     * short by a crash, or still being written, is not listed. Times are on the {@link #referenceTrack()}: the
     * first video track, else the first track.
     */
    public List<Mp4Fragment> fragments() {
        return fragments;
    }

    /** Why each unsupported track was left out, one line each. */
    public List<String> skippedTracks() {
        return skipped;
    }

    /** True when the file ended before its index said it would (e.g. a recording interrupted by a crash). */
    public boolean truncated() {
        return truncated;
    }

    /** Number of frames of a track (PCM samples grouped as {@link #readFrame()} returns them). */
    public int frameCount(int track) {
        return tracks.get(track).samples.count();
    }

    /** Duration of a track in its timescale: end of its last frame minus its first decode time. */
    public long trackDuration(int track) {
        SampleTable s = tracks.get(track).samples;
        return s.count() == 0 ? 0 : s.endTime() - s.dts(0);
    }

    /** Duration of the longest track in seconds, or the movie header's when no track has samples. */
    public double durationSeconds() {
        double best = 0;
        for (int i = 0; i < tracks.size(); i++) {
            best = Math.max(best, trackDuration(i) / (double) formats.get(i).timescale());
        }
        return best > 0 || movieTimescale <= 0 ? best : movieDuration / (double) movieTimescale;
    }

    /** Back to the first frame of every track. */
    public void rewind() {
        Arrays.fill(cursor, 0);
        for (int i = 0; i < tracks.size(); i++) {
            currentFormat[i] = formats.get(i);
        }
    }

    /** The next frame in decode order across tracks (ties: lower track index first), or null at the end. */
    public Frame readFrame() throws IOException {
        int best = -1;
        double bestTime = Double.MAX_VALUE;
        for (int i = 0; i < tracks.size(); i++) {
            Mp4Track t = tracks.get(i);
            if (cursor[i] < t.samples.count()) {
                double time = (t.samples.dts(cursor[i]) - t.editShift) / (double) t.format.timescale();
                if (time < bestTime) {
                    best = i;
                    bestTime = time;
                }
            }
        }
        if (best < 0) {
            return null;
        }
        Mp4Track t = tracks.get(best);
        int i = cursor[best]++;
        SampleTable s = t.samples;
        ByteBuffer raw = readAt(s.offset(i), s.size(i));
        byte[] bytes = new byte[raw.remaining()];
        raw.get(bytes);
        long dts = s.dts(i) - t.editShift;
        long pts = s.pts(i) - t.editShift;
        return switch (t.conversion) {
            case NAL_LENGTHS -> videoFrame(best, t, bytes, pts, dts, s.sync(i));
            case SWAP_16BIT -> new Frame(best, currentFormat[best], pts, dts, true, swap16(bytes));
            case NONE -> new Frame(best, currentFormat[best], pts, dts, t.format.codec().isAudio() || s.sync(i), bytes);
        };
    }

    private Frame videoFrame(int index, Mp4Track t, byte[] sample, long pts, long dts, boolean sync)
            throws Mp4FormatException {
        Codec codec = t.format.codec();
        List<byte[]> units = new ArrayList<>();
        List<byte[]> inBandSets = new ArrayList<>();
        boolean keyframe = false;
        int pos = 0;
        int lengthSize = t.nalLengthSize;
        while (pos < sample.length) {
            if (sample.length - pos < lengthSize) {
                throw new Mp4FormatException("track " + t.trackId + ": truncated NAL length in a sample");
            }
            int len = 0;
            for (int k = 0; k < lengthSize; k++) {
                len = (len << 8) | (sample[pos + k] & 0xFF);
            }
            pos += lengthSize;
            if (len < 0 || len > sample.length - pos) {
                throw new Mp4FormatException("track " + t.trackId + ": NAL length " + len + " exceeds its sample");
            }
            if (len > 0) {
                byte[] nal = Arrays.copyOfRange(sample, pos, pos + len);
                int type = NalUnits.type(codec, nal);
                if (NalUnits.isParameterSet(codec, type)) {
                    inBandSets.add(nal);
                } else if (!NalUnits.isAccessUnitDelimiter(codec, type)) {
                    keyframe |= NalUnits.isKeyframe(codec, type);
                    units.add(nal);
                }
            }
            pos += len;
        }
        if (!inBandSets.isEmpty()) {
            updateFormat(index, codec, inBandSets);
        }
        return new Frame(index, currentFormat[index], pts, dts, sync || keyframe, NalUnits.toLengthPrefixed(units));
    }

    /** In-band parameter sets that differ from the current ones start a new format (e.g. a resolution change). */
    private void updateFormat(int index, Codec codec, List<byte[]> sets) {
        TrackFormat current = currentFormat[index];
        boolean complete = codec == Codec.H264 ? sets.size() >= 2 : sets.size() >= 3;
        if (!complete || sameSets(current.parameterSets(), sets)) {
            return;
        }
        if (VideoParameterSets.pictureSize(codec, sets).isEmpty()) {
            return; // keep the sample entry's format rather than adopt a broken one
        }
        currentFormat[index] = VideoParameterSets.format(codec, current.timescale(), sets, 0, 0);
    }

    private static boolean sameSets(List<byte[]> a, List<byte[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static byte[] swap16(byte[] data) {
        for (int i = 0; i + 1 < data.length; i += 2) {
            byte tmp = data[i];
            data[i] = data[i + 1];
            data[i + 1] = tmp;
        }
        return data;
    }

    private ByteBuffer readAt(long position, int length) throws IOException {
        if (position < 0 || length < 0 || position + length > fileSize) {
            throw new Mp4FormatException("read of " + length + " bytes at offset " + position + " beyond the file end");
        }
        ByteBuffer buffer = ByteBuffer.allocate(length);
        channel.position(position);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new Mp4FormatException("file shrank while reading at offset " + position);
            }
        }
        return buffer.flip();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
