package io.rtsprecorder.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * An image built by one of our daemonless build scripts (deploy/image/build-image, camera/build-image): its
 * unpacked root filesystem, its OCI archive and what the archive declares, and /proc and /dev mounted into it so
 * that its entrypoint can run in a chroot as the image's user, as a container runtime would run it. Building and
 * running need root (debootstrap, chroot, mount), as CI has; elsewhere the tests are skipped with the reason.
 */
record UnpackedImage(Path rootfs, Path archive) {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> BUILD_TOOLS = List.of("ffmpeg", "ffprobe", "mvn", "gcc", "cc", "javac",
            "jlink", "make");

    /**
     * Runs {@code script} (relative to the repository) into {@code out}, its output in a log beside it; skips the
     * calling test class where the build cannot run.
     */
    static UnpackedImage build(String script, Path out, String archiveName) throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "building and running the image needs root (debootstrap, chroot); CI runs as root");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/debootstrap")),
                "debootstrap is missing (.ci/run installs it)");
        Path log = out.resolveSibling(out.getFileName() + "-build.log");
        Files.createDirectories(out.getParent());
        Process p = new ProcessBuilder(ROOT.resolve(script).toString(), out.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(15, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(script + " did not finish within 15 minutes; log:\n" + Files.readString(log));
        }
        if (p.exitValue() != 0) {
            throw new AssertionError(script + " failed:\n" + Files.readString(log));
        }
        return new UnpackedImage(out.resolve("rootfs"), out.resolve(archiveName));
    }

    /** Files in the image named like a build tool or the GPL test oracle; none may ship. */
    List<String> buildTools() throws IOException {
        try (Stream<Path> files = Files.walk(rootfs)) {
            return files.filter(f -> Files.isRegularFile(f) && (BUILD_TOOLS.contains(f.getFileName().toString())
                    || f.getFileName().toString().startsWith("javacpp"))).map(Path::toString).toList();
        }
    }

    /** Every jar under the image's /opt. */
    List<Path> jars() throws IOException {
        try (Stream<Path> files = Files.walk(rootfs.resolve("opt"))) {
            return files.filter(f -> f.toString().endsWith(".jar")).toList();
        }
    }

    /** The archive's index.json. */
    JsonNode index() throws Exception {
        return JSON.readTree(entry("index.json"));
    }

    /** The image config's "config" object (user, entrypoint, cmd, env), through the index and the manifest. */
    JsonNode config() throws Exception {
        JsonNode manifest = JSON.readTree(blob(index().path("manifests").get(0).path("digest").asText()));
        return JSON.readTree(blob(manifest.path("config").path("digest").asText())).path("config");
    }

    private byte[] blob(String digest) throws Exception {
        return entry("blobs/sha256/" + digest.substring("sha256:".length()));
    }

    private byte[] entry(String name) throws Exception {
        Process tar = new ProcessBuilder("tar", "-xOf", archive.toString(), name).start();
        byte[] out = tar.getInputStream().readAllBytes();
        if (!tar.waitFor(60, TimeUnit.SECONDS) || tar.exitValue() != 0) {
            throw new IOException("no " + name + " in " + archive);
        }
        return out;
    }

    /** /proc and /dev inside the image's root for the time of the test, as a container runtime provides them. */
    Mounts mount() throws Exception {
        return Mounts.forChroot(rootfs);
    }

    /** The mounts of {@link #mount()}; closing unmounts them. */
    record Mounts(List<Path> points) implements AutoCloseable {
        static Mounts forChroot(Path rootfs) throws Exception {
            Path proc = Files.createDirectories(rootfs.resolve("proc"));
            Path dev = Files.createDirectories(rootfs.resolve("dev"));
            run("mount", "-t", "proc", "proc", proc.toString());
            run("mount", "--rbind", "/dev", dev.toString());
            return new Mounts(List.of(dev, proc));
        }

        @Override
        public void close() throws Exception {
            for (Path p : points) {
                run("umount", "-l", p.toString());
            }
        }

        private static void run(String... cmd) throws Exception {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", cmd) + " failed: " + out);
            }
        }
    }

    /** {@code chroot --userspec=10001:10001 ROOTFS COMMAND...}: the image's user, as its config declares it. */
    ProcessBuilder chroot(List<String> command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("chroot", "--userspec=" + config().path("User").asText(),
                rootfs.toString()));
        cmd.addAll(command);
        return new ProcessBuilder(cmd);
    }
}
