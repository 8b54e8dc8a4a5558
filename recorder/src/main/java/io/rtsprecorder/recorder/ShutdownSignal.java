package io.rtsprecorder.recorder;

import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * Turns SIGTERM (Kubernetes stopping the pod) and SIGINT (Ctrl-C) into an orderly shutdown that ends with exit
 * code 0: the main thread waits in {@link #await()}, closes every file, and returns. Java's default handling would
 * run shutdown hooks and exit with 143, which Kubernetes and systemd report as a failure.
 */
final class ShutdownSignal {

    private final CountDownLatch received = new CountDownLatch(1);
    private volatile String name;

    ShutdownSignal install() {
        for (String s : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(s), sig -> {
                    name = "SIG" + sig.getName();
                    received.countDown();
                });
            } catch (IllegalArgumentException e) {
                // the signal is not available on this platform or already taken by the JVM (-Xrs)
            }
        }
        return this;
    }

    /** Blocks until a signal arrives; returns its name. */
    String await() throws InterruptedException {
        received.await();
        return name;
    }
}
