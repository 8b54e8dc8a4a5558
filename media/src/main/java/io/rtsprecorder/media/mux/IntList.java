package io.rtsprecorder.media.mux;

import java.util.Arrays;

/** A growable list of {@code int}s without boxing: sample sizes and counts of a whole export. */
final class IntList {
    private int[] a = new int[256];
    private int n;

    void add(int v) {
        if (n == a.length) {
            a = Arrays.copyOf(a, n * 2);
        }
        a[n++] = v;
    }

    int get(int i) {
        return a[i];
    }

    void set(int i, int v) {
        a[i] = v;
    }

    int size() {
        return n;
    }
}
