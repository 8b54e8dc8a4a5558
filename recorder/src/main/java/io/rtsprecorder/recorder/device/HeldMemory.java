package io.rtsprecorder.recorder.device;

import io.rtsprecorder.media.mux.FragmentedMp4Writer;
import io.rtsprecorder.recorder.live.QueueBudget;

/**
 * Bytes of media one camera holds in memory, each figure from the component that holds it: the frames queued for
 * its writer, its live feed's GOP cache (only with a pre-roll or viewers), and the fragment its writer is building.
 * docs/install.md states the bounds ("Sizing"); the first two also count against the {@link QueueBudget} that all
 * cameras share, the third is bounded per camera by {@link FragmentedMp4Writer#MAX_FRAGMENT_BYTES} plus one frame.
 */
public record HeldMemory(long queuedBytes, long cachedBytes, long fragmentBytes) {

    /** Frames queued for the writer, at most {@link RecordingAttachment#QUEUE_BYTES}. */
    public static final long QUEUE_BYTES = RecordingAttachment.QUEUE_BYTES;
    /** Queued bytes at which the writer wakes; below, it wakes every {@link RecordingAttachment#BATCH_PERIOD}. */
    public static final long BATCH_BYTES = RecordingAttachment.BATCH_BYTES;

    public long totalBytes() {
        return queuedBytes + cachedBytes + fragmentBytes;
    }
}
