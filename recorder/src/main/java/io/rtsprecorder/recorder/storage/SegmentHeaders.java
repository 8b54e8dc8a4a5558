package io.rtsprecorder.recorder.storage;

import io.rtsprecorder.media.mux.Container;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A segment's duration from the first bytes of its file, where the writers put it when they close it: {@code mvhd}
 * of an MP4, {@code onMetaData} of an FLV. One small read per file, so a catalog of tens of thousands of segments
 * builds in seconds without trusting modification times (which {@code kubectl cp} or a restore rewrite). Zero when
 * the file does not say: a segment still being written or cut by a crash, or MPEG-TS, which has no header.
 */
final class SegmentHeaders {

    private static final int HEAD_BYTES = 64 * 1024;

    private SegmentHeaders() {
    }

    static double durationSeconds(Path file, Container container) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer head = ByteBuffer.allocate((int) Math.min(HEAD_BYTES, ch.size()));
            while (head.hasRemaining() && ch.read(head) > 0) {
                // fill
            }
            head.flip();
            return switch (container) {
                case FRAGMENTED_MP4, PROGRESSIVE_MP4 -> mp4(head);
                case FLV -> flv(head);
                case MPEG_TS -> 0;
            };
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** {@code moov/mvhd}: timescale and duration (version 0 or 1). */
    private static double mp4(ByteBuffer b) {
        int pos = 0;
        while (pos + 8 <= b.limit()) {
            long size = Integer.toUnsignedLong(b.getInt(pos));
            String type = type(b, pos + 4);
            if (type.equals("moov")) {
                int inner = pos + 8;
                while (inner + 8 <= b.limit()) {
                    long innerSize = Integer.toUnsignedLong(b.getInt(inner));
                    if (type(b, inner + 4).equals("mvhd")) {
                        int version = b.get(inner + 8);
                        if (version == 1) {
                            long timescale = Integer.toUnsignedLong(b.getInt(inner + 28));
                            long duration = b.getLong(inner + 32);
                            return timescale == 0 ? 0 : duration / (double) timescale;
                        }
                        long timescale = Integer.toUnsignedLong(b.getInt(inner + 20));
                        long duration = Integer.toUnsignedLong(b.getInt(inner + 24));
                        return timescale == 0 ? 0 : duration / (double) timescale;
                    }
                    if (innerSize < 8) {
                        return 0;
                    }
                    inner += (int) innerSize;
                }
                return 0;
            }
            if (size < 8) {
                return 0;
            }
            pos += (int) size;
        }
        return 0;
    }

    /** The AMF number after the {@code duration} key of the first script tag. */
    private static double flv(ByteBuffer b) {
        byte[] key = "duration".getBytes(StandardCharsets.US_ASCII);
        int limit = Math.min(b.limit(), 2048) - key.length - 9;
        outer:
        for (int i = 13; i < limit; i++) {
            for (int k = 0; k < key.length; k++) {
                if (b.get(i + k) != key[k]) {
                    continue outer;
                }
            }
            if (b.get(i + key.length) == 0) {
                double d = b.getDouble(i + key.length + 1);
                return Double.isFinite(d) && d > 0 ? d : 0;
            }
        }
        return 0;
    }

    private static String type(ByteBuffer b, int at) {
        byte[] t = new byte[4];
        b.get(at, t);
        return new String(t, StandardCharsets.US_ASCII);
    }
}
