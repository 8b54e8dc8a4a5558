package io.rtsprecorder.media.demux;

import java.util.Arrays;

/**
 * The samples of one track in decode order, as growable primitive arrays: file offset, size, decode time,
 * composition offset and sync flag. Memory is about 25 bytes a sample; an hour of 25 fps video with 48 kHz AAC
 * is about 260 000 samples (6.5 MB).
 *
 * <p>For PCM-like tracks, whose MP4 "samples" are single audio samples, {@link #add} merges contiguous samples
 * into frames of at most {@code maxMergedDuration} ticks, so a reader sees 20 ms blocks rather than bytes.
 */
final class SampleTable {

    static final int MAX_SAMPLES = 50_000_000;
    static final int MAX_SAMPLE_BYTES = 64 * 1024 * 1024;

    private final long maxMergedDuration;
    private long[] offsets = new long[256];
    private int[] sizes = new int[256];
    private long[] dts = new long[256];
    private int[] cto = new int[256];
    private long[] durations = new long[256];
    private boolean[] sync = new boolean[256];
    private int count;

    /** @param maxMergedDuration 0 for no merging */
    SampleTable(long maxMergedDuration) {
        this.maxMergedDuration = maxMergedDuration;
    }

    void add(long offset, int size, long decodeTime, long duration, int compositionOffset, boolean isSync)
            throws Mp4FormatException {
        if (size < 0 || size > MAX_SAMPLE_BYTES) {
            throw new Mp4FormatException("sample of " + Integer.toUnsignedString(size) + " bytes exceeds the "
                    + MAX_SAMPLE_BYTES + "-byte limit");
        }
        if (maxMergedDuration > 0 && count > 0) {
            int last = count - 1;
            if (offsets[last] + sizes[last] == offset && durations[last] + duration <= maxMergedDuration
                    && (long) sizes[last] + size <= MAX_SAMPLE_BYTES) {
                sizes[last] += size;
                durations[last] += duration;
                return;
            }
        }
        if (count == MAX_SAMPLES) {
            throw new Mp4FormatException("more than " + MAX_SAMPLES + " samples in one track");
        }
        if (count == offsets.length) {
            int n = count * 2;
            offsets = Arrays.copyOf(offsets, n);
            sizes = Arrays.copyOf(sizes, n);
            dts = Arrays.copyOf(dts, n);
            cto = Arrays.copyOf(cto, n);
            durations = Arrays.copyOf(durations, n);
            sync = Arrays.copyOf(sync, n);
        }
        offsets[count] = offset;
        sizes[count] = size;
        dts[count] = decodeTime;
        cto[count] = compositionOffset;
        durations[count] = duration;
        sync[count] = isSync;
        count++;
    }

    int count() {
        return count;
    }

    long offset(int i) {
        return offsets[i];
    }

    int size(int i) {
        return sizes[i];
    }

    long dts(int i) {
        return dts[i];
    }

    long pts(int i) {
        return dts[i] + cto[i];
    }

    long duration(int i) {
        return durations[i];
    }

    boolean sync(int i) {
        return sync[i];
    }

    /** Decode time just after the last sample. */
    long endTime() {
        return count == 0 ? 0 : dts[count - 1] + durations[count - 1];
    }

    /** Drops every sample from {@code newCount} on (a fragment found incomplete). */
    void truncate(int newCount) {
        count = Math.min(count, newCount);
    }
}
