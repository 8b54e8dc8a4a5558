package io.rtsprecorder.recorder.hls;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** A live media segment: its sequence number and parts; complete once the next segment has started. */
final class LiveSegment {

    final long sequence;
    final long wallMillis;
    final List<LivePart> parts = new ArrayList<>();
    boolean complete;
    long bytes;
    double seconds;

    LiveSegment(long sequence, long wallMillis) {
        this.sequence = sequence;
        this.wallMillis = wallMillis;
    }

    void add(LivePart p) {
        parts.add(p);
        bytes += p.data().length;
        seconds += p.seconds();
    }

    /** The whole segment: its parts one after another (a segment is exactly its parts). */
    byte[] data() {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) bytes);
        for (LivePart p : parts) {
            out.writeBytes(p.data());
        }
        return out.toByteArray();
    }
}
