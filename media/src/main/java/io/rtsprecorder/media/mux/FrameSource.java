package io.rtsprecorder.media.mux;

import java.io.IOException;

/**
 * The frames of an export, to be read more than once: {@link ProgressiveMp4Writer} reads them once to lay out its
 * index and again to write them. {@link #open()} starts again from the first frame each time it is called.
 */
@FunctionalInterface
public interface FrameSource {
    FrameReader open() throws IOException;
}
