package io.rtsprecorder.recorder.live;

/** One subscriber's place on a {@link LiveFeed}; closing it stops delivery and frees its queue. */
public interface Subscription extends AutoCloseable {

    /** Frames this subscriber did not get because it fell behind. */
    long dropped();

    @Override
    void close();
}
