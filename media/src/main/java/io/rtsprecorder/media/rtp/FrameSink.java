package io.rtsprecorder.media.rtp;

import io.rtsprecorder.media.codec.Frame;

/** Receives the frames a depacketizer completes, in decode order. */
@FunctionalInterface
public interface FrameSink {
    void frame(Frame frame);
}
