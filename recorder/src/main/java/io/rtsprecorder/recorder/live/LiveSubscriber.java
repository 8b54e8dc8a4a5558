package io.rtsprecorder.recorder.live;

import io.rtsprecorder.media.codec.Frame;
import io.rtsprecorder.media.codec.TrackFormat;
import java.util.List;

/**
 * Someone watching a {@link LiveFeed}. Calls come from the subscription's own delivery thread, one at a time, in
 * this order for each camera session: {@link #started}, then {@link #frame} for frames from a video keyframe on (in
 * decode order per track, tracks interleaved as they arrived), then {@link #ended} when the session ends; a new
 * session of the camera starts again with {@link #started}. A call may block briefly (a socket write); it only
 * delays this subscriber.
 */
public interface LiveSubscriber {

    void started(List<TrackFormat> tracks);

    void frame(Frame frame);

    void ended();
}
