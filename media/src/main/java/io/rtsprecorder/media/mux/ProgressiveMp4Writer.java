package io.rtsprecorder.media.mux;

import io.rtsprecorder.media.codec.Codec;
import io.rtsprecorder.media.codec.Frame;
import io.rtsprecorder.media.codec.G711;
import io.rtsprecorder.media.codec.TrackFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A progressive MP4 with its index in front ({@code ftyp}, {@code moov}, {@code mdat}): the file every player and
 * browser plays and seeks at once, for exports. The index needs every sample's size and time before the first
 * media byte, so writing takes two passes over the same frames: {@link #plan} reads them and lays the file out
 * (its exact size is known then, for a {@code Content-Length}), {@link #write} reads them again and streams the
 * file. Memory is a few integers per sample; media is never held.
 *
 * <p>Frames come in decode order across tracks with non-negative times, the way the exporter hands them over.
 * Samples are stored in chunks of about one second per track, interleaved, so a player streaming the file needs
 * little read-ahead. G.711 is stored as 16-bit PCM, as in recordings. Files over 4 GiB use 64-bit chunk offsets and
 * a 64-bit {@code mdat} size.
 */
public final class ProgressiveMp4Writer {

    private static final long CHUNK_MICROS = 1_000_000;
    private static final int VIDEO_TIMESCALE = 90_000;

    private final List<TrackFormat> formats;
    private final Instant creation;
    private final int[] timescales;
    private final TrackTable[] tables;
    /** Per chunk: track, first sample index, sample count; in file order. */
    private final IntList chunkTrack = new IntList();
    private final IntList chunkCount = new IntList();
    private long mdatPayload;
    private byte[] head;

    private ProgressiveMp4Writer(List<TrackFormat> formats, Instant creation) {
        this.formats = List.copyOf(formats);
        this.creation = creation;
        this.timescales = new int[formats.size()];
        this.tables = new TrackTable[formats.size()];
        for (int i = 0; i < formats.size(); i++) {
            timescales[i] = Mp4Header.timescale(formats.get(i));
            tables[i] = new TrackTable();
        }
    }

    /** First pass: reads every frame of {@code source} and lays the file out. */
    public static ProgressiveMp4Writer plan(List<TrackFormat> formats, Instant creation, FrameSource source)
            throws IOException {
        ProgressiveMp4Writer w = new ProgressiveMp4Writer(formats, creation);
        w.scan(source);
        return w;
    }

    /** The exact size of the file {@link #write} produces. */
    public long size() {
        return head.length + mdatPayload;
    }

    /** Media time of the longest track, in seconds. */
    public double durationSeconds() {
        double best = 0;
        for (int t = 0; t < tables.length; t++) {
            best = Math.max(best, tables[t].end() / (double) timescales[t]);
        }
        return best;
    }

    private void scan(FrameSource source) throws IOException {
        ChunkGrouper grouper = new ChunkGrouper();
        try (FrameReader r = source.open()) {
            for (Frame f = r.next(); f != null; f = r.next()) {
                int t = f.track();
                TrackTable table = tables[t];
                long dts = rescale(f.dts(), f.format().timescale(), timescales[t]);
                long pts = rescale(f.pts(), f.format().timescale(), timescales[t]);
                if (table.count > 0 && dts <= table.dts.get(table.count - 1)) {
                    continue; // not after the previous sample: never valid in a sample table
                }
                int size = storedSize(f);
                table.add(dts, (int) (pts - dts), size, f.keyframe() || f.format().codec().isAudio());
                mdatPayload += size;
                grouper.add(t, micros(dts, timescales[t]));
            }
        }
        grouper.finish();
        head = header(false);
        if (size() > 0xFFFF_FFFFL) {
            head = header(true);
        }
    }

    /** Second pass: streams the file to {@code out} (not closed); {@code source} must yield the same frames. */
    public void write(WritableByteChannel out, FrameSource source) throws IOException {
        writeFully(out, ByteBuffer.wrap(head));
        int[] next = new int[tables.length];
        List<List<byte[]>> pending = new ArrayList<>();
        for (int t = 0; t < tables.length; t++) {
            pending.add(new ArrayList<>());
        }
        int chunk = 0;
        try (FrameReader r = source.open()) {
            for (Frame f = r.next(); f != null; f = r.next()) {
                int t = f.track();
                TrackTable table = tables[t];
                long dts = rescale(f.dts(), f.format().timescale(), timescales[t]);
                if (next[t] >= table.count || table.dts.get(next[t]) != dts) {
                    continue; // skipped in the first pass
                }
                next[t]++;
                pending.get(t).add(stored(f));
                while (chunk < chunkTrack.size() && pending.get(chunkTrack.get(chunk)).size()
                        >= chunkCount.get(chunk)) {
                    List<byte[]> samples = pending.get(chunkTrack.get(chunk));
                    List<byte[]> chunkSamples = samples.subList(0, chunkCount.get(chunk));
                    writeFully(out, chunkSamples.stream().map(ByteBuffer::wrap).toArray(ByteBuffer[]::new));
                    chunkSamples.clear();
                    chunk++;
                }
            }
        }
        if (chunk != chunkTrack.size()) {
            throw new IOException("the frames changed between the two passes of the MP4 export");
        }
    }

    /** Splits the file-order samples into chunks: a track's run of samples within one second of its first. */
    private final class ChunkGrouper {
        private int currentTrack = -1;
        private long chunkStartMicros;
        private int inChunk;

        void add(int track, long micros) {
            if (track != currentTrack || micros - chunkStartMicros >= CHUNK_MICROS) {
                close();
                currentTrack = track;
                chunkStartMicros = micros;
            }
            inChunk++;
        }

        void close() {
            if (inChunk > 0) {
                chunkTrack.add(currentTrack);
                chunkCount.add(inChunk);
                inChunk = 0;
            }
        }

        void finish() {
            close();
        }
    }

    private byte[] header(boolean largeOffsets) throws IOException {
        long created = creation.getEpochSecond() + 2_082_844_800L;
        BoxWriter w = new BoxWriter(64 * 1024);
        w.begin("ftyp").bytes("isom".getBytes()).u32(0x200);
        for (String brand : List.of("isom", "iso2", "avc1", "mp41")) {
            w.bytes(brand.getBytes());
        }
        w.end();
        int moovStart = w.position();
        writeMoov(w, created, largeOffsets, 0);
        int moovSize = w.position() - moovStart;
        // chunk offsets depend on where mdat starts, which depends on the moov's size: build it again with them
        w.reset();
        w.begin("ftyp").bytes("isom".getBytes()).u32(0x200);
        for (String brand : List.of("isom", "iso2", "avc1", "mp41")) {
            w.bytes(brand.getBytes());
        }
        w.end();
        long mdatHeader = largeOffsets ? 16 : 8;
        long firstSample = w.position() + (long) moovSize + mdatHeader;
        writeMoov(w, created, largeOffsets, firstSample);
        if (largeOffsets) {
            w.u32(1).bytes("mdat".getBytes()).u64(16 + mdatPayload);
        } else {
            w.u32(8 + mdatPayload).bytes("mdat".getBytes());
        }
        return Arrays.copyOf(w.array(), w.position());
    }

    private void writeMoov(BoxWriter w, long created, boolean largeOffsets, long firstSample) throws IOException {
        long movieDuration = 0;
        for (int t = 0; t < tables.length; t++) {
            movieDuration = Math.max(movieDuration, rescale(tables[t].end(), timescales[t], Mp4Header.MOVIE_TIMESCALE));
        }
        long[] chunkOffsets = new long[chunkTrack.size()];
        long offset = firstSample;
        int[] sampleCursor = new int[tables.length];
        for (int c = 0; c < chunkTrack.size(); c++) {
            chunkOffsets[c] = offset;
            TrackTable table = tables[chunkTrack.get(c)];
            for (int k = 0; k < chunkCount.get(c); k++) {
                offset += table.size.get(sampleCursor[chunkTrack.get(c)]++);
            }
        }
        w.begin("moov");
        w.beginFull("mvhd", 1, 0).u64(created).u64(created).u32(Mp4Header.MOVIE_TIMESCALE).u64(movieDuration)
                .u32(0x00010000).u16(0x0100).zeros(10).matrix().zeros(24).u32(tables.length + 1L).end();
        for (int t = 0; t < tables.length; t++) {
            TrackFormat f = Mp4Header.storedFormat(formats.get(t));
            TrackTable table = tables[t];
            boolean video = f.codec().isVideo();
            long mediaDuration = table.end();
            long startOffset = table.count == 0 ? 0 : table.dts.get(0);
            long inMovie = rescale(mediaDuration - startOffset, timescales[t], Mp4Header.MOVIE_TIMESCALE);
            long emptyInMovie = rescale(startOffset, timescales[t], Mp4Header.MOVIE_TIMESCALE);
            w.begin("trak");
            w.beginFull("tkhd", 1, 3).u64(created).u64(created).u32(t + 1L).u32(0).u64(emptyInMovie + inMovie)
                    .zeros(8).u16(0).u16(video ? 0 : 1).u16(video ? 0 : 0x0100).u16(0).matrix()
                    .u32((long) f.width() << 16).u32((long) f.height() << 16).end();
            // the edit list places the track on the movie timeline: an empty edit for a late start, and the
            // first sample's composition offset skipped so that presentation starts at its first picture
            w.begin("edts").beginFull("elst", 1, 0).u32(emptyInMovie > 0 ? 2 : 1);
            if (emptyInMovie > 0) {
                w.u64(emptyInMovie).u64(-1L).u16(1).u16(0);
            }
            long firstCto = table.count == 0 ? 0 : table.cto.get(0);
            w.u64(inMovie).u64(startOffset + firstCto).u16(1).u16(0).end().end();
            w.begin("mdia");
            w.beginFull("mdhd", 1, 0).u64(created).u64(created).u32(timescales[t]).u64(mediaDuration)
                    .u16(0x55C4).u16(0).end();
            Mp4Header.handlerToSampleDescription(w, f);
            sampleTables(w, t, table, chunkOffsets, largeOffsets);
            w.end().end().end().end(); // stbl, minf, mdia, trak
        }
        w.end(); // moov
    }

    private void sampleTables(BoxWriter w, int t, TrackTable table, long[] chunkOffsets, boolean largeOffsets) {
        // stts: runs of equal durations
        LongListRuns durations = new LongListRuns();
        for (int i = 0; i < table.count; i++) {
            durations.add(table.duration(i));
        }
        w.beginFull("stts", 0, 0).u32(durations.runs());
        durations.write(w);
        w.end();
        boolean anyCto = false;
        for (int i = 0; i < table.count; i++) {
            anyCto |= table.cto.get(i) != 0;
        }
        if (anyCto) {
            LongListRuns cto = new LongListRuns();
            for (int i = 0; i < table.count; i++) {
                cto.add(table.cto.get(i));
            }
            w.beginFull("ctts", 1, 0).u32(cto.runs());
            cto.write(w);
            w.end();
        }
        if (formats.get(t).codec().isVideo()) {
            int syncs = 0;
            for (int i = 0; i < table.count; i++) {
                syncs += table.sync.get(i);
            }
            w.beginFull("stss", 0, 0).u32(syncs);
            for (int i = 0; i < table.count; i++) {
                if (table.sync.get(i) != 0) {
                    w.u32(i + 1L);
                }
            }
            w.end();
        }
        // stsc: runs of chunks with the same sample count; stco/co64: this track's chunk offsets
        IntList trackChunks = new IntList();
        for (int c = 0; c < chunkTrack.size(); c++) {
            if (chunkTrack.get(c) == t) {
                trackChunks.add(c);
            }
        }
        int entries = 0;
        for (int k = 0; k < trackChunks.size(); k++) {
            if (k == 0 || chunkCount.get(trackChunks.get(k)) != chunkCount.get(trackChunks.get(k - 1))) {
                entries++;
            }
        }
        w.beginFull("stsc", 0, 0).u32(entries);
        for (int k = 0; k < trackChunks.size(); k++) {
            if (k == 0 || chunkCount.get(trackChunks.get(k)) != chunkCount.get(trackChunks.get(k - 1))) {
                w.u32(k + 1L).u32(chunkCount.get(trackChunks.get(k))).u32(1);
            }
        }
        w.end();
        w.beginFull("stsz", 0, 0).u32(0).u32(table.count);
        for (int i = 0; i < table.count; i++) {
            w.u32(table.size.get(i));
        }
        w.end();
        w.beginFull(largeOffsets ? "co64" : "stco", 0, 0).u32(trackChunks.size());
        for (int k = 0; k < trackChunks.size(); k++) {
            long o = chunkOffsets[trackChunks.get(k)];
            if (largeOffsets) {
                w.u64(o);
            } else {
                w.u32(o);
            }
        }
        w.end();
    }

    private static int storedSize(Frame f) {
        Codec c = f.format().codec();
        return c == Codec.PCMA || c == Codec.PCMU ? f.data().length * 2 : f.data().length;
    }

    private static byte[] stored(Frame f) {
        Codec c = f.format().codec();
        return c == Codec.PCMA || c == Codec.PCMU ? G711.toLinearLittleEndian(c, f.data()) : f.data();
    }

    private static long micros(long value, int timescale) {
        return value * 1_000_000L / timescale;
    }

    private static long rescale(long value, long from, long to) {
        return from == to ? value : Math.floorDiv(Math.multiplyExact(value, to), from);
    }

    private static void writeFully(WritableByteChannel out, ByteBuffer... buffers) throws IOException {
        for (ByteBuffer b : buffers) {
            while (b.hasRemaining()) {
                out.write(b);
            }
        }
    }

    /** One track's samples: decode time, composition offset, size, sync flag. */
    private static final class TrackTable {
        final LongList dts = new LongList();
        final IntList cto = new IntList();
        final IntList size = new IntList();
        final IntList sync = new IntList();
        int count;

        void add(long d, int c, int s, boolean key) {
            dts.add(d);
            cto.add(c);
            size.add(s);
            sync.add(key ? 1 : 0);
            count++;
        }

        /** A sample lasts until the next; the last one as long as the one before it. */
        long duration(int i) {
            if (i + 1 < count) {
                return dts.get(i + 1) - dts.get(i);
            }
            return count > 1 ? dts.get(i) - dts.get(i - 1) : 1;
        }

        long end() {
            return count == 0 ? 0 : dts.get(count - 1) + duration(count - 1);
        }
    }
}
