package io.rtsprecorder.media.mux;

import io.rtsprecorder.media.codec.Codec;
import io.rtsprecorder.media.codec.Frame;
import io.rtsprecorder.media.codec.G711;
import io.rtsprecorder.media.codec.TrackFormat;
import io.rtsprecorder.media.rtp.RtcpPackets;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Fragmented MP4, the default recording format: {@code ftyp}+{@code moov} up front, then one
 * {@code prft}+{@code moof}+{@code mdat} per fragment of about {@code fragmentDuration}, or less when
 * {@link #MAX_FRAGMENT_BYTES} of media have gathered first or a video keyframe comes (a keyframe always starts a
 * fragment).
 *
 * <p>Why fragments: each one is complete and self-describing, so a file cut by a crash or SIGKILL plays up to its
 * last complete fragment, losing at most one fragment duration; {@link Mp4Repair} trims the partial one. Each
 * fragment is written with one write and so reaches the OS whole. A clean {@link #close()} patches the durations
 * into {@code mvhd}, {@code tkhd}, {@code mdhd} and {@code mehd}, so players show the length without scanning.
 *
 * <p>Timestamps: the first frame written (a video keyframe, by the recording's contract) is media time zero for
 * every track; frames that would start before it are dropped. A sample's duration is the distance to the next one
 * of its track; the last of a segment repeats the previous duration. The segment's wall-clock start is stored in
 * {@code mvhd} creation time and, per fragment, in a {@code prft} box mapping NTP time to media time.
 */
public final class FragmentedMp4Writer extends OutputSegmentWriter {

    /**
     * A fragment is held in memory until it is complete ({@code moof} has to precede its samples and describes
     * every one), so its size is the writer's memory: capping it at 128 KiB (a quarter second at 4 Mbit/s) keeps a
     * recorder of hundreds of cameras small whatever their bitrate. The {@code moof} costs some 0.5 % of that; a
     * frame that crosses the cap still goes into the fragment, which is then cut at the next video frame.
     */
    public static final int MAX_FRAGMENT_BYTES = 128 << 10;
    private static final int VIDEO_KEY_FLAGS = 0x02000000;
    private static final int VIDEO_DELTA_FLAGS = 0x01010000;

    /** One sample waiting for its fragment. */
    private record Sample(byte[] data, long dts, int compositionOffset, boolean sync) {
    }

    private final List<TrackFormat> formats;
    private final Mp4Header header;
    private final Instant wallClockStart;
    private final long fragmentMicros;
    private final int[] timescales;
    /**
     * Fragments are cut by time or size on a video frame (any frame, not only keyframes: what a crash can lose is
     * bounded by the fragment duration, whatever the GOP), and also at every video keyframe, so that each keyframe
     * starts a fragment: an HLS playlist can then address a run of fragments from one keyframe to the next as a
     * segment that starts with a keyframe, by byte range into the file. Keyframes stay marked in the sample flags.
     */
    private final boolean hasVideo;
    private final List<List<Sample>> pending = new ArrayList<>();
    private final long[] lastDuration;
    private final long[] endTime;
    private final long[] firstDts;
    private final BoxWriter moof = new BoxWriter(8192);
    private long pendingBytes;
    private long startMicros = Long.MIN_VALUE;
    private long fragmentStartMicros;
    private int sequenceNumber;

    /** On {@code out}; the public {@code create} methods and {@link Container} make the output. */
    FragmentedMp4Writer(SegmentOutput out, List<TrackFormat> formats, Instant wallClockStart,
                        Duration fragmentDuration) throws IOException {
        super(out);
        this.formats = List.copyOf(formats);
        this.wallClockStart = wallClockStart;
        this.fragmentMicros = fragmentDuration.toNanos() / 1000;
        List<TrackFormat> stored = new ArrayList<>();
        for (TrackFormat f : formats) {
            stored.add(Mp4Header.storedFormat(f));
        }
        this.header = Mp4Header.build(stored, wallClockStart);
        this.timescales = new int[formats.size()];
        this.hasVideo = formats.stream().anyMatch(f -> f.codec().isVideo());
        this.lastDuration = new long[formats.size()];
        this.endTime = new long[formats.size()];
        this.firstDts = new long[formats.size()];
        for (int i = 0; i < formats.size(); i++) {
            timescales[i] = Mp4Header.timescale(formats.get(i));
            pending.add(new ArrayList<>());
            firstDts[i] = Long.MIN_VALUE;
        }
        output.write(ByteBuffer.wrap(header.bytes));
    }

    /**
     * Creates the file (never replacing an existing one) and writes its header.
     *
     * @param formats the segment's tracks; {@link Frame#track()} indexes this list
     */
    public static FragmentedMp4Writer create(Path file, List<TrackFormat> formats, Instant wallClockStart,
                                             Duration fragmentDuration) throws IOException {
        return SegmentOutput.create(file)
                .open(o -> new FragmentedMp4Writer(o, formats, wallClockStart, fragmentDuration));
    }

    /**
     * Writes to {@code channel} (closed with the writer). On a channel that is not a file the durations in the
     * header stay zero, as in a live fragmented stream: players take the length from the fragments.
     */
    public static FragmentedMp4Writer create(WritableByteChannel channel, List<TrackFormat> formats,
                                             Instant wallClockStart, Duration fragmentDuration) throws IOException {
        return SegmentOutput.of(channel)
                .open(o -> new FragmentedMp4Writer(o, formats, wallClockStart, fragmentDuration));
    }

    @Override
    public void write(Frame frame) throws IOException {
        if (output.closed()) {
            throw new IOException("segment already closed");
        }
        int t = frame.track();
        int timescale = timescales[t];
        long dtsMicros = frame.dts() * 1_000_000L / frame.format().timescale();
        if (startMicros == Long.MIN_VALUE) {
            startMicros = dtsMicros;
            fragmentStartMicros = 0;
        }
        long relativeMicros = dtsMicros - startMicros;
        if (relativeMicros < 0) {
            return; // before the segment's first keyframe
        }
        long dts = rescale(frame.dts(), frame.format().timescale(), timescale) - rescale(startMicros, 1_000_000,
                timescale);
        long pts = rescale(frame.pts(), frame.format().timescale(), timescale) - rescale(startMicros, 1_000_000,
                timescale);
        boolean video = frame.format().codec().isVideo();
        boolean due = relativeMicros - fragmentStartMicros >= fragmentMicros || pendingBytes >= MAX_FRAGMENT_BYTES;
        boolean cut = (!hasVideo || video) && (due || (video && frame.keyframe() && pendingBytes > 0));
        if (cut) {
            writeFragment(t, dts);
            fragmentStartMicros = relativeMicros;
        }
        List<Sample> samples = pending.get(t);
        if (!samples.isEmpty() && dts <= samples.get(samples.size() - 1).dts()) {
            return; // not after the previous sample of its track: a duplicate, never valid in a trun
        }
        byte[] data = frame.data();
        if (frame.format().codec() == Codec.PCMA || frame.format().codec() == Codec.PCMU) {
            data = G711.toLinearLittleEndian(frame.format().codec(), data);
        }
        if (firstDts[t] == Long.MIN_VALUE) {
            firstDts[t] = dts;
        }
        long cto = pts - dts;
        samples.add(new Sample(data, dts, (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, cto)),
                frame.keyframe()));
        pendingBytes += data.length;
    }

    /**
     * Writes one fragment. A sample's duration needs the next sample's time: the track of the frame that triggered
     * the cut ({@code nextTrack}, whose next time is {@code nextDts}) hands over all its samples, other tracks keep
     * their last sample for the next fragment. At close ({@code nextTrack} -1) everything goes.
     */
    private void writeFragment(int nextTrack, long nextDts) throws IOException {
        List<List<Sample>> take = new ArrayList<>();
        long mdatBytes = 0;
        for (int t = 0; t < formats.size(); t++) {
            List<Sample> samples = pending.get(t);
            int n = nextTrack < 0 || t == nextTrack ? samples.size() : Math.max(0, samples.size() - 1);
            List<Sample> fragmentSamples = new ArrayList<>(samples.subList(0, n));
            take.add(fragmentSamples);
            for (Sample s : fragmentSamples) {
                mdatBytes += s.data().length;
            }
        }
        if (take.stream().allMatch(List::isEmpty)) {
            return;
        }
        moof.reset();
        int referenceTrack = 0;
        for (int t = 0; t < take.size(); t++) {
            if (!take.get(t).isEmpty()) {
                referenceTrack = t;
                break;
            }
        }
        long referenceDts = take.get(referenceTrack).get(0).dts();
        long wallMicros = wallClockStart.getEpochSecond() * 1_000_000L + wallClockStart.getNano() / 1000
                + referenceDts * 1_000_000L / timescales[referenceTrack];
        moof.beginFull("prft", 1, 0).u32(referenceTrack + 1L).u64(RtcpPackets.unixMicrosToNtp(wallMicros))
                .u64(referenceDts).end();
        int moofStart = moof.position();
        moof.begin("moof");
        moof.beginFull("mfhd", 0, 0).u32(++sequenceNumber).end();
        List<Integer> dataOffsetFields = new ArrayList<>();
        for (int t = 0; t < take.size(); t++) {
            List<Sample> samples = take.get(t);
            if (samples.isEmpty()) {
                continue;
            }
            moof.begin("traf");
            moof.beginFull("tfhd", 0, 0x020000).u32(t + 1L).end();
            moof.beginFull("tfdt", 1, 0).u64(samples.get(0).dts()).end();
            moof.beginFull("trun", 1, 0x000F01).u32(samples.size());
            dataOffsetFields.add(moof.position());
            moof.u32(0);
            List<Sample> all = pending.get(t);
            for (int i = 0; i < samples.size(); i++) {
                Sample s = samples.get(i);
                long next = i + 1 < all.size() ? all.get(i + 1).dts() : t == nextTrack ? nextDts : -1;
                long duration = next > s.dts() ? next - s.dts() : Math.max(1, lastDuration[t]);
                lastDuration[t] = duration;
                endTime[t] = s.dts() + duration;
                boolean video = formats.get(t).codec().isVideo();
                moof.u32(duration).u32(s.data().length)
                        .u32(video ? (s.sync() ? VIDEO_KEY_FLAGS : VIDEO_DELTA_FLAGS) : VIDEO_KEY_FLAGS)
                        .u32(s.compositionOffset());
            }
            moof.end().end(); // trun, traf
        }
        moof.end(); // moof
        int moofSize = moof.position() - moofStart;
        long dataOffset = moofSize + 8; // first sample byte, relative to the start of moof
        int field = 0;
        for (int t = 0; t < take.size(); t++) {
            if (take.get(t).isEmpty()) {
                continue;
            }
            moof.putU32(dataOffsetFields.get(field++), dataOffset);
            for (Sample s : take.get(t)) {
                dataOffset += s.data().length;
            }
        }
        moof.u32(8 + mdatBytes).bytes("mdat".getBytes());
        List<ByteBuffer> buffers = new ArrayList<>();
        buffers.add(ByteBuffer.wrap(moof.array(), 0, moof.position()));
        for (List<Sample> samples : take) {
            for (Sample s : samples) {
                buffers.add(ByteBuffer.wrap(s.data()));
            }
        }
        output.write(buffers.toArray(ByteBuffer[]::new));
        for (int t = 0; t < take.size(); t++) {
            pending.get(t).subList(0, take.get(t).size()).clear();
        }
        pendingBytes -= mdatBytes;
    }

    /** The fragment being built: at most {@link #MAX_FRAGMENT_BYTES} plus the frame that crossed it. */
    @Override
    public long bufferedBytes() {
        return pendingBytes;
    }

    /** Media time written so far, in seconds (the longest track). */
    @Override
    public double durationSeconds() {
        double best = 0;
        for (int t = 0; t < formats.size(); t++) {
            if (firstDts[t] != Long.MIN_VALUE) {
                best = Math.max(best, endTime[t] / (double) timescales[t]);
            }
        }
        return best;
    }

    @Override
    public void close() throws IOException {
        output.close(() -> {
            writeFragment(-1, -1);
            patchDurations();
        });
    }

    private void patchDurations() throws IOException {
        long movieDuration = 0;
        for (int t = 0; t < formats.size(); t++) {
            long trackDuration = firstDts[t] == Long.MIN_VALUE ? 0 : endTime[t];
            long inMovieScale = rescale(trackDuration, timescales[t], Mp4Header.MOVIE_TIMESCALE);
            movieDuration = Math.max(movieDuration, inMovieScale);
            patch(header.mdhdDurationOffsets[t], trackDuration);
            patch(header.tkhdDurationOffsets[t], inMovieScale);
        }
        patch(header.mvhdDurationOffset, movieDuration);
        patch(header.mehdDurationOffset, movieDuration);
    }

    private void patch(int offset, long value) throws IOException {
        output.patch(offset, ByteBuffer.allocate(8).putLong(value).flip());
    }

    private static long rescale(long value, long from, long to) {
        return from == to ? value : Math.floorDiv(Math.multiplyExact(value, to), from);
    }
}
