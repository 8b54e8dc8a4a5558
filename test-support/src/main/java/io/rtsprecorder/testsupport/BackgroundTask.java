package io.rtsprecorder.testsupport;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Work a test runs beside its main thread (a client reading a stream, a second viewer) whose failure must fail
 * the test. An exception thrown on a plain thread only reaches the uncaught-exception handler and the test
 * passes anyway; here {@link #join} rethrows it, and also fails when the task is still running at the timeout.
 */
public final class BackgroundTask {

    /** The task's body; it may throw anything. */
    @FunctionalInterface
    public interface Body {
        void run() throws Exception;
    }

    private final Thread thread;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    private BackgroundTask(String name, Body body) {
        this.thread = Thread.ofVirtual().name(name).unstarted(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        });
    }

    /** Starts {@code body} on a virtual thread named {@code name}. */
    public static BackgroundTask start(String name, Body body) {
        BackgroundTask task = new BackgroundTask(name, body);
        task.thread.start();
        return task;
    }

    /**
     * Waits for the task to end.
     *
     * @throws AssertionError with the task's exception as its cause when it failed, or when it is still running
     *     after {@code timeout}
     */
    public void join(Duration timeout) throws InterruptedException {
        if (!thread.join(timeout)) {
            throw new AssertionError(thread.getName() + " still running after " + timeout);
        }
        Throwable e = failure.get();
        if (e != null) {
            throw new AssertionError(thread.getName() + " failed: " + e, e);
        }
    }
}
