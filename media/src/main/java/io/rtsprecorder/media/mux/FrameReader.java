package io.rtsprecorder.media.mux;

import io.rtsprecorder.media.codec.Frame;
import java.io.IOException;

/** Frames one at a time, in the order they are to be written; {@link #next()} gives null at the end. */
public interface FrameReader extends AutoCloseable {
    Frame next() throws IOException;

    @Override
    void close() throws IOException;
}
