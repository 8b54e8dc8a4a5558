package io.rtsprecorder.media.mux;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable big-endian byte buffer for ISO BMFF boxes: {@link #begin} writes a size placeholder and the type,
 * {@link #end} fills the size in, so nested boxes are written in one pass.
 */
final class BoxWriter {

    private byte[] data;
    private int size;
    private int[] open = new int[16];
    private int depth;

    BoxWriter(int capacity) {
        data = new byte[capacity];
    }

    BoxWriter begin(String type) {
        if (depth == open.length) {
            open = Arrays.copyOf(open, depth * 2);
        }
        open[depth++] = size;
        u32(0);
        return bytes(type.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** A full box: type, then version and 24-bit flags. */
    BoxWriter beginFull(String type, int version, int flags) {
        begin(type);
        return u32(((long) version << 24) | (flags & 0xFFFFFF));
    }

    BoxWriter end() {
        int start = open[--depth];
        putU32(start, size - start);
        return this;
    }

    BoxWriter u8(int v) {
        ensure(1);
        data[size++] = (byte) v;
        return this;
    }

    BoxWriter u16(int v) {
        ensure(2);
        data[size++] = (byte) (v >> 8);
        data[size++] = (byte) v;
        return this;
    }

    BoxWriter u24(int v) {
        return u8(v >> 16).u16(v & 0xFFFF);
    }

    BoxWriter u32(long v) {
        ensure(4);
        putU32(size, v);
        size += 4;
        return this;
    }

    BoxWriter u64(long v) {
        return u32(v >>> 32).u32(v & 0xFFFFFFFFL);
    }

    BoxWriter zeros(int n) {
        ensure(n);
        size += n; // the array is zero-filled where it was never written
        return this;
    }

    BoxWriter bytes(byte[] b) {
        return bytes(b, 0, b.length);
    }

    BoxWriter bytes(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, data, size, len);
        size += len;
        return this;
    }

    /** Identity transformation matrix of mvhd/tkhd. */
    BoxWriter matrix() {
        return u32(0x00010000).u32(0).u32(0).u32(0).u32(0x00010000).u32(0).u32(0).u32(0).u32(0x40000000);
    }

    int position() {
        return size;
    }

    void putU32(int at, long v) {
        data[at] = (byte) (v >> 24);
        data[at + 1] = (byte) (v >> 16);
        data[at + 2] = (byte) (v >> 8);
        data[at + 3] = (byte) v;
    }

    byte[] array() {
        return data;
    }

    void reset() {
        size = 0;
        depth = 0;
    }

    private void ensure(int n) {
        if (size + n > data.length) {
            byte[] grown = new byte[Math.max(data.length * 2, size + n)];
            System.arraycopy(data, 0, grown, 0, size);
            data = grown;
        }
        if (n > 0 && size + n <= data.length) {
            Arrays.fill(data, size, size + n, (byte) 0);
        }
    }
}
