package io.rtsprecorder.media.rtp;

import java.util.Arrays;

/**
 * Assembles one access unit straight into the 4-byte length-prefixed form MP4 and FLV store, copying each payload
 * byte once from the RTP packet. Collecting NAL units first and joining them at the end copied every byte of video
 * three to five times (fragment buffer, its growth, the unit array, the joined frame), which at 100 cameras was
 * most of the recorder's allocation.
 *
 * <p>The buffer is kept between access units up to {@link #RETAINED_BYTES}, enough for the predicted frames of a
 * 1080p camera; a larger keyframe gets a buffer of its own that is dropped afterwards, so an idle camera holds
 * at most that much. Not thread-safe: one per depacketizer.
 */
final class AccessUnitBuilder {

    static final int RETAINED_BYTES = 32 << 10;

    private byte[] buffer = new byte[0];
    private int size;
    private int units;
    private int fragmentStart = -1;

    /** Appends a whole NAL unit. */
    void add(byte[] source, int offset, int length) {
        ensure(4 + length);
        putLength(size, length);
        System.arraycopy(source, offset, buffer, size + 4, length);
        size += 4 + length;
        units++;
    }

    /** Starts a NAL unit that arrives in fragments, with its reconstructed header. */
    void beginFragmented(byte[] header) {
        ensure(4 + header.length);
        fragmentStart = size;
        System.arraycopy(header, 0, buffer, size + 4, header.length);
        size += 4 + header.length;
    }

    boolean inFragment() {
        return fragmentStart >= 0;
    }

    /** Appends to the fragmented unit begun last. */
    void appendFragment(byte[] source, int offset, int length) {
        ensure(length);
        System.arraycopy(source, offset, buffer, size, length);
        size += length;
    }

    /**
     * Completes the fragmented unit and returns the offset of its length prefix; the caller either keeps it
     * ({@link #keepLastUnit()}) or takes it out again ({@link #truncate}), as for a parameter set.
     */
    int endFragmented() {
        int at = fragmentStart;
        putLength(at, size - at - 4);
        fragmentStart = -1;
        return at;
    }

    void keepLastUnit() {
        units++;
    }

    /** Forgets everything from {@code offset} on: a unit ended but not kept, or one still being received. */
    void truncate(int offset) {
        size = offset;
        fragmentStart = -1;
    }

    /** Drops a fragmented unit still being received. */
    void abandonFragment() {
        if (fragmentStart >= 0) {
            truncate(fragmentStart);
        }
    }

    byte[] array() {
        return buffer;
    }

    int size() {
        return size;
    }

    int units() {
        return units;
    }

    /** The access unit, as a new array of exactly its size. */
    byte[] toFrameData() {
        return Arrays.copyOf(buffer, size);
    }

    void clear() {
        size = 0;
        units = 0;
        fragmentStart = -1;
        if (buffer.length > RETAINED_BYTES) {
            buffer = new byte[RETAINED_BYTES];
        }
    }

    private void ensure(int more) {
        int needed = size + more;
        if (needed > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(needed, Math.max(4096, buffer.length * 2)));
        }
    }

    private void putLength(int at, int length) {
        buffer[at] = (byte) (length >>> 24);
        buffer[at + 1] = (byte) (length >>> 16);
        buffer[at + 2] = (byte) (length >>> 8);
        buffer[at + 3] = (byte) length;
    }
}
