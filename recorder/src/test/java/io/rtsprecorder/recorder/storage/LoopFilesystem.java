package io.rtsprecorder.recorder.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real ext4 file system in a file, loop-mounted on a temporary directory, that a test can freeze: while frozen
 * ({@code fsfreeze -f}) every write to it blocks in the kernel until it is thawed, exactly like a hung network volume
 * or a failing disk. Needs root (CI runs as root); elsewhere the test is skipped with the reason.
 */
public final class LoopFilesystem implements AutoCloseable {

    public final Path dir;
    private final Path image;
    private volatile boolean frozen;

    private LoopFilesystem(Path dir, Path image) {
        this.dir = dir;
        this.image = image;
    }

    public static LoopFilesystem mount(Path parent, int megabytes) throws IOException, InterruptedException {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "loop-mounting a file system needs root; this test runs in CI, which is root");
        Path image = parent.resolve("volume.img");
        Path dir = Files.createDirectories(parent.resolve("volume"));
        try (var f = new java.io.RandomAccessFile(image.toFile(), "rw")) {
            f.setLength((long) megabytes << 20);
        }
        run(List.of("mkfs.ext4", "-q", "-F", image.toString()), "cannot make an ext4 file system here", true);
        run(List.of("mount", "-o", "loop", image.toString(), dir.toString()), "cannot loop-mount here", true);
        return new LoopFilesystem(dir, image);
    }

    /** From now on, writes to the file system block until {@link #thaw()}. */
    public void freeze() throws IOException, InterruptedException {
        frozen = true;
        run(List.of("fsfreeze", "-f", dir.toString()), "cannot freeze the file system", false);
    }

    public void thaw() throws IOException, InterruptedException {
        if (frozen) {
            frozen = false;
            run(List.of("fsfreeze", "-u", dir.toString()), "cannot thaw the file system", false);
        }
    }

    /** Runs a command; when it fails, skips the test ({@code environmental}) or fails it. */
    private static void run(List<String> command, String problem, boolean environmental)
            throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        boolean done = p.waitFor(30, TimeUnit.SECONDS);
        String out = new String(p.getInputStream().readAllBytes()).strip();
        if (!done) {
            p.destroyForcibly();
        }
        boolean ok = done && p.exitValue() == 0;
        String message = problem + ": " + String.join(" ", command) + ": " + out;
        if (environmental) {
            Assumptions.assumeTrue(ok, message);
        } else if (!ok) {
            throw new IOException(message);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        thaw();
        new ProcessBuilder("umount", "-l", dir.toString()).start().waitFor(30, TimeUnit.SECONDS);
        Files.deleteIfExists(image);
    }
}
