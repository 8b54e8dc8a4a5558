package io.rtsprecorder.media.mux;

import java.io.IOException;

/**
 * What every segment writer shares: its bytes go to one {@link SegmentOutput}, which also knows how much was
 * written and hands it to the operating system on {@link #flush()}.
 */
abstract class OutputSegmentWriter implements SegmentWriter {

    final SegmentOutput output;

    OutputSegmentWriter(SegmentOutput output) {
        this.output = output;
    }

    /** Refuses a frame after {@link #close()}: a closed segment never grows. */
    final void ensureOpen() throws IOException {
        if (output.closed()) {
            throw new IOException("segment already closed");
        }
    }

    @Override
    public final void flush() throws IOException {
        output.flush();
    }

    @Override
    public final long bytesWritten() {
        return output.bytesWritten();
    }
}
