package io.rtsprecorder.media.rtsp;

import io.rtsprecorder.media.codec.Frame;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A client streaming on its own thread into a list, and how its {@code stream} call ended: for tests that end a
 * stream from the camera's side (BYE, a closed connection) and look at the exception it ended with.
 */
final class StreamingClient implements AutoCloseable {

    final RtspClient client;
    final List<Frame> frames = new CopyOnWriteArrayList<>();
    final CompletableFuture<Throwable> ended = new CompletableFuture<>();

    StreamingClient(RtspClientConfig config) throws RtspClientException {
        client = RtspClient.connect(config);
        Thread.ofVirtual().name("test-stream").start(() -> {
            try {
                client.stream(frames::add);
                ended.complete(null);
            } catch (Throwable e) {
                ended.complete(e);
            }
        });
    }

    long frames(int track) {
        return frames.stream().filter(f -> f.track() == track).count();
    }

    /** The exception {@code stream} ended with (null when it returned); fails when still running after {@code wait}. */
    Throwable awaitEnd(Duration wait) throws Exception {
        return ended.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        client.close();
    }
}
