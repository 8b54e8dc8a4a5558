package io.rtsprecorder.media.mux;

/** Run-length coding for stts and ctts. */
final class LongListRuns {
    private final LongList values = new LongList();
    private final IntList counts = new IntList();

    void add(long v) {
        int n = values.size();
        if (n > 0 && values.get(n - 1) == v) {
            counts.set(n - 1, counts.get(n - 1) + 1);
        } else {
            values.add(v);
            counts.add(1);
        }
    }

    int runs() {
        return values.size();
    }

    void write(BoxWriter w) {
        for (int i = 0; i < values.size(); i++) {
            w.u32(counts.get(i)).u32(values.get(i) & 0xFFFF_FFFFL);
        }
    }
}
