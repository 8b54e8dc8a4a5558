package io.rtsprecorder.recorder.live;

import io.rtsprecorder.media.codec.Frame;

/** A frame as the live feed keeps it: with the wall-clock time it arrived (what a pre-roll file starts at). */
public record CachedFrame(Frame frame, long arrivalMillis) {
}
