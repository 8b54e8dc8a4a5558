package io.rtsprecorder.media.mux;

import java.util.Arrays;

/** A growable list of {@code long}s without boxing: decode times and offsets of a whole export. */
final class LongList {
    private long[] a = new long[256];
    private int n;

    void add(long v) {
        if (n == a.length) {
            a = Arrays.copyOf(a, n * 2);
        }
        a[n++] = v;
    }

    long get(int i) {
        return a[i];
    }

    int size() {
        return n;
    }
}
