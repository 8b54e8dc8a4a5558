package io.rtsprecorder.media.mux;

import io.rtsprecorder.media.demux.Mp4Demuxer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Makes a fragmented MP4 left behind by a crash playable: cuts the file after its last complete
 * {@code moof}+{@code mdat} pair and writes the durations of what remains into {@code mvhd}, {@code tkhd},
 * {@code mdhd} and {@code mehd}. Run at start-up on the files a recorder did not close; a file that is already
 * complete is left as it is.
 */
public final class Mp4Repair {

    /** What the repair did: bytes cut off the end, and the media duration the file now declares. */
    public record Result(long originalBytes, long repairedBytes, double durationSeconds) {
        public boolean truncated() {
            return repairedBytes < originalBytes;
        }
    }

    private Mp4Repair() {
    }

    /** {@link #repair} as a segment's repair: media is left when the file still declares a duration. */
    static Container.Repaired repairSegment(Path file) throws IOException {
        Result r = repair(file);
        return new Container.Repaired(r.repairedBytes(), r.durationSeconds() > 0);
    }

    public static Result repair(Path file) throws IOException {
        long originalSize;
        long goodEnd;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            originalSize = ch.size();
            goodEnd = completeLength(ch, originalSize);
            if (goodEnd < originalSize) {
                ch.truncate(goodEnd);
            }
            ch.force(true);
        }
        long[] durations;
        int[] timescales;
        double seconds;
        try (Mp4Demuxer demuxer = Mp4Demuxer.open(file)) {
            int n = demuxer.tracks().size();
            durations = new long[n];
            timescales = new int[n];
            for (int i = 0; i < n; i++) {
                durations[i] = demuxer.trackDuration(i);
                timescales[i] = demuxer.tracks().get(i).timescale();
            }
            seconds = demuxer.durationSeconds();
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            patchHeader(ch, durations, timescales);
            ch.force(true);
        }
        return new Result(originalSize, goodEnd, seconds);
    }

    /** Length of the file up to the end of its last complete box that is not an unfinished moof. */
    private static long completeLength(FileChannel ch, long size) throws IOException {
        long position = 0;
        long goodEnd = 0;
        boolean moofOpen = false;
        while (position + 8 <= size) {
            ByteBuffer h = read(ch, position, (int) Math.min(16, size - position));
            long boxSize = Integer.toUnsignedLong(h.getInt(0));
            String type = new String(new byte[] {h.get(4), h.get(5), h.get(6), h.get(7)},
                    java.nio.charset.StandardCharsets.ISO_8859_1);
            if (boxSize == 1 && h.limit() >= 16) {
                boxSize = h.getLong(8);
            } else if (boxSize == 0) {
                boxSize = size - position;
            }
            if (boxSize < 8 || position + boxSize > size) {
                break;
            }
            position += boxSize;
            switch (type) {
                case "moof" -> moofOpen = true;
                case "mdat" -> {
                    moofOpen = false;
                    goodEnd = position;
                }
                case "prft" -> {
                    // belongs to the next fragment: only complete with its moof and mdat
                }
                default -> {
                    if (!moofOpen) {
                        goodEnd = position;
                    }
                }
            }
        }
        return goodEnd;
    }

    /** Writes track and movie durations into the version-1 (or 0) header boxes of the file's moov. */
    private static void patchHeader(FileChannel ch, long[] durations, int[] timescales) throws IOException {
        long size = ch.size();
        long position = 0;
        while (position + 8 <= size) {
            ByteBuffer h = read(ch, position, 8);
            long boxSize = Integer.toUnsignedLong(h.getInt(0));
            if (h.getInt(4) == fourcc("moov")) {
                long movie = 0;
                for (int i = 0; i < durations.length; i++) {
                    movie = Math.max(movie, durations[i] * Mp4Header.MOVIE_TIMESCALE / Math.max(1, timescales[i]));
                }
                patchMoov(ch, position + 8, position + boxSize, durations, timescales, movie);
                return;
            }
            if (boxSize < 8) {
                return;
            }
            position += boxSize;
        }
    }

    private static void patchMoov(FileChannel ch, long start, long end, long[] durations, int[] timescales, long movie)
            throws IOException {
        int track = 0;
        for (long p = start; p + 8 <= end; ) {
            ByteBuffer h = read(ch, p, 8);
            long size = Integer.toUnsignedLong(h.getInt(0));
            int type = h.getInt(4);
            if (size < 8) {
                return;
            }
            if (type == fourcc("mvhd")) {
                patchDuration(ch, p + 8, 8 + 8 + 4, 4 + 4 + 4, movie);
            } else if (type == fourcc("trak") && track < durations.length) {
                long movieScale = durations[track] * Mp4Header.MOVIE_TIMESCALE / Math.max(1, timescales[track]);
                patchTrak(ch, p + 8, p + size, durations[track], movieScale);
                track++;
            } else if (type == fourcc("mvex")) {
                long mehd = find(ch, p + 8, p + size, "mehd");
                if (mehd >= 0) {
                    patchDuration(ch, mehd + 8, 0, 0, movie);
                }
            }
            p += size;
        }
    }

    private static void patchTrak(FileChannel ch, long start, long end, long mediaDuration, long movieDuration)
            throws IOException {
        long tkhd = find(ch, start, end, "tkhd");
        if (tkhd >= 0) {
            patchDuration(ch, tkhd + 8, 8 + 8 + 4 + 4, 4 + 4 + 4 + 4, movieDuration);
        }
        long mdia = find(ch, start, end, "mdia");
        if (mdia >= 0) {
            long mdiaSize = Integer.toUnsignedLong(read(ch, mdia, 4).getInt(0));
            long mdhd = find(ch, mdia + 8, mdia + mdiaSize, "mdhd");
            if (mdhd >= 0) {
                patchDuration(ch, mdhd + 8, 8 + 8 + 4, 4 + 4 + 4, mediaDuration);
            }
        }
    }

    /**
     * Writes a duration into a full box whose payload starts at {@code payload}: after the version/flags word,
     * at {@code v1Offset} (64-bit) or {@code v0Offset} (32-bit) bytes.
     */
    private static void patchDuration(FileChannel ch, long payload, int v1Offset, int v0Offset, long value)
            throws IOException {
        int version = read(ch, payload, 1).get(0);
        ByteBuffer b = version == 1 ? ByteBuffer.allocate(8).putLong(value).flip()
                : ByteBuffer.allocate(4).putInt((int) Math.min(value, 0xFFFFFFFFL)).flip();
        long at = payload + 4 + (version == 1 ? v1Offset : v0Offset);
        while (b.hasRemaining()) {
            ch.write(b, at + b.position());
        }
    }

    private static long find(FileChannel ch, long start, long end, String fourcc) throws IOException {
        int wanted = fourcc(fourcc);
        for (long p = start; p + 8 <= end; ) {
            ByteBuffer h = read(ch, p, 8);
            long size = Integer.toUnsignedLong(h.getInt(0));
            if (h.getInt(4) == wanted) {
                return p;
            }
            if (size < 8) {
                return -1;
            }
            p += size;
        }
        return -1;
    }

    private static int fourcc(String s) {
        return (s.charAt(0) << 24) | (s.charAt(1) << 16) | (s.charAt(2) << 8) | s.charAt(3);
    }

    private static ByteBuffer read(FileChannel ch, long position, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        while (b.hasRemaining() && ch.read(b, position + b.position()) >= 0) {
            // keep reading until the buffer is full or the file ends
        }
        return b.flip();
    }
}
