package io.rtsprecorder.recorder.live;

import io.rtsprecorder.media.codec.TrackFormat;
import java.util.List;

/**
 * The frames one camera's recorder receives, for everyone who watches them live (the RTSP restream, live HLS)
 * while the same frames are recorded: one camera session, many consumers.
 *
 * <p>A subscriber joins at the latest cached video keyframe when there is one (viewers start at once), otherwise at
 * the next keyframe. Each subscriber has its own bounded queue and its own delivery thread: a slow subscriber gets
 * frames dropped (up to the next keyframe, counted in {@link Subscription#dropped()}) and never slows the recording
 * or another subscriber.
 */
public interface LiveFeed {

    /** Starts delivering to {@code subscriber} (see {@link LiveSubscriber} for the calls it gets). */
    Subscription subscribe(LiveSubscriber subscriber);

    /** The tracks of the camera's current session, or an empty list while there is none. */
    List<TrackFormat> tracks();

    /** Whether a camera session delivers frames now. */
    boolean live();
}
