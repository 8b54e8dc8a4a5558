package io.rtsprecorder.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One external server process of a test: started with its standard output and error in a log file, watched
 * through that log, and ended with its whole process tree.
 *
 * <p>Close sends SIGTERM to every process of the tree, waits up to {@link #TERM_GRACE}, then SIGKILLs what is left
 * and waits again, so nothing a test started outlives it. {@link #processes()} lists every process of the tree
 * that was ever seen, so a test can prove none of them survived.
 */
final class PeerProcess implements AutoCloseable {

    static final Duration TERM_GRACE = Duration.ofSeconds(3);
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);
    private static final int LOG_TAIL_CHARS = 3000;

    private final String name;
    private final Process process;
    private final Path log;
    private final Set<ProcessHandle> seen = new LinkedHashSet<>();

    private PeerProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        seen.add(process.toHandle());
    }

    /**
     * Starts {@code command} with {@code extraEnvironment} added and the desktop session's variables removed (no
     * peer needs a display or a session bus, and VLC would try both); output and errors go to {@code log}.
     */
    static PeerProcess start(String name, List<String> command, Map<String, String> extraEnvironment, Path log) {
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.environment().keySet().removeAll(List.of("DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS"));
            pb.environment().putAll(extraEnvironment);
            Files.writeString(log, "# " + String.join(" ", command) + "\n");
            Process p = pb.start();
            p.getOutputStream().close();
            return new PeerProcess(name, p, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + String.join(" ", command), e);
        }
    }

    Path log() {
        return log;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Every process of the tree seen so far (the root and its descendants), alive or not. */
    synchronized List<ProcessHandle> processes() {
        refreshTree();
        return List.copyOf(seen);
    }

    /**
     * Waits until a line of the log matches {@code pattern} and returns the match. Fails with the log's tail when
     * the process exits first or {@code timeout} passes.
     */
    Matcher awaitLogLine(Pattern pattern, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (String line : logText().lines().toList()) {
                Matcher m = pattern.matcher(line);
                if (m.find()) {
                    refreshTree();
                    return m;
                }
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " before printing "
                        + pattern + "; log " + log + ":\n" + logTail());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " did not print " + pattern + " within " + timeout.toMillis()
                        + " ms; log " + log + ":\n" + logTail());
            }
            sleep(50);
        }
    }

    /** The log as written so far. */
    String logText() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "<log unreadable: " + e.getMessage() + ">";
        }
    }

    String logTail() {
        String text = logText();
        return text.length() > LOG_TAIL_CHARS ? "..." + text.substring(text.length() - LOG_TAIL_CHARS) : text;
    }

    /** Fails, with the log's tail, if the process is no longer running. */
    void checkAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with " + process.exitValue() + "; log " + log + ":\n"
                    + logTail());
        }
    }

    @Override
    public synchronized void close() {
        refreshTree();
        List<ProcessHandle> tree = new ArrayList<>(seen);
        tree.forEach(ProcessHandle::destroy);
        if (!awaitExit(tree, TERM_GRACE)) {
            refreshTree();
            seen.forEach(ProcessHandle::destroyForcibly);
            if (!awaitExit(new ArrayList<>(seen), KILL_WAIT)) {
                throw new IllegalStateException(name + ": processes survive SIGKILL: "
                        + seen.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList());
            }
        }
    }

    private void refreshTree() {
        if (process.isAlive()) {
            process.descendants().forEach(seen::add);
        }
    }

    private static boolean awaitExit(List<ProcessHandle> handles, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ProcessHandle h : handles) {
            long left = deadline - System.nanoTime();
            try {
                if (left <= 0 || !h.isAlive()) {
                    continue;
                }
                h.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                // timed out or interrupted: judged below
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        return handles.stream().noneMatch(ProcessHandle::isAlive);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
