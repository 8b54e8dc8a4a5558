package io.rtsprecorder.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Locates the {@code ffmpeg} and {@code ffprobe} executables shipped in the {@code org.bytedeco:ffmpeg}
 * {@code linux-x86_64-gpl} jar and makes them runnable on a bare machine.
 *
 * <p>Why not javacpp's {@code Loader}: it also loads the libraries into the JVM, which fails on machines
 * without PulseAudio (libavdevice links {@code libpulse.so.0}). Here the jar's native directory is copied
 * once into a cache directory (keyed by the jar's name and size, published with an atomic rename so
 * concurrent test JVMs never see half a copy). If {@code libpulse.so.0} is missing on the machine, a stub
 * exporting the 65 functions libavdevice references (under version {@code PULSE_0}) is compiled with
 * {@code gcc}; none of them is ever called because the oracle never opens a PulseAudio device.
 */
final class FfmpegBinaries {

    private static final String NATIVE_DIR = "org/bytedeco/ffmpeg/linux-x86_64-gpl/";

    private static volatile FfmpegBinaries instance;

    final Path directory;
    final Path ffmpeg;
    final Path ffprobe;

    private FfmpegBinaries(Path directory) {
        this.directory = directory;
        this.ffmpeg = directory.resolve("ffmpeg");
        this.ffprobe = directory.resolve("ffprobe");
    }

    static FfmpegBinaries get() {
        FfmpegBinaries result = instance;
        if (result == null) {
            synchronized (FfmpegBinaries.class) {
                result = instance;
                if (result == null) {
                    try {
                        result = new FfmpegBinaries(install());
                    } catch (IOException e) {
                        throw new IllegalStateException("cannot install the ffmpeg test oracle: " + e.getMessage(), e);
                    }
                    instance = result;
                }
            }
        }
        return result;
    }

    /** Environment a process needs to find the bundled shared libraries (and the stub, if any). */
    void configure(ProcessBuilder builder) {
        String existing = builder.environment().get("LD_LIBRARY_PATH");
        builder.environment().put("LD_LIBRARY_PATH",
                existing == null || existing.isEmpty() ? directory.toString() : directory + ":" + existing);
    }

    private static Path install() throws IOException {
        URL marker = FfmpegBinaries.class.getClassLoader().getResource(NATIVE_DIR + "ffmpeg");
        if (marker == null) {
            throw new IOException("org.bytedeco:ffmpeg:linux-x86_64-gpl is not on the test classpath");
        }
        if (!"jar".equals(marker.getProtocol())) {
            throw new IOException("expected the ffmpeg binaries inside a jar, found " + marker);
        }
        JarURLConnection connection = (JarURLConnection) marker.openConnection();
        connection.setUseCaches(false);
        Path jarPath = Path.of(connection.getJarFileURL().getPath());
        String key = jarPath.getFileName().toString().replace(".jar", "") + "-" + Files.size(jarPath);
        Path cacheRoot = Path.of(System.getProperty("rtsprecorder.oracle.cache",
                System.getProperty("user.home") + "/.cache/rtsp-recorder-oracle"));
        Path target = cacheRoot.resolve(key);
        if (Files.isExecutable(target.resolve("ffprobe")) && Files.exists(target.resolve(".complete"))) {
            return target;
        }
        Files.createDirectories(cacheRoot);
        Path staging = Files.createTempDirectory(cacheRoot, key + ".staging-");
        try (JarFile jar = new JarFile(jarPath.toFile())) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                String name = entry.getName();
                if (entry.isDirectory() || !name.startsWith(NATIVE_DIR)
                        || name.indexOf('/', NATIVE_DIR.length()) >= 0) {
                    continue;
                }
                Path out = staging.resolve(name.substring(NATIVE_DIR.length()));
                try (InputStream in = jar.getInputStream(entry)) {
                    Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                }
                out.toFile().setExecutable(true, false);
            }
        }
        if (!runs(staging)) {
            buildPulseStub(staging);
            if (!runs(staging)) {
                throw new IOException("ffprobe from " + jarPath + " does not start even with the libpulse stub; "
                        + "run " + staging.resolve("ffprobe") + " -version to see why");
            }
        }
        Files.writeString(staging.resolve(".complete"), key);
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
            deleteTree(staging); // another JVM won the race; its copy is identical
        } catch (IOException e) {
            if (!Files.exists(target.resolve(".complete"))) {
                throw e;
            }
            deleteTree(staging);
        }
        return target;
    }

    private static boolean runs(Path dir) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(dir.resolve("ffprobe").toString(), "-version")
                .redirectErrorStream(true);
        pb.environment().put("LD_LIBRARY_PATH", dir.toString());
        Process p = pb.start();
        p.getInputStream().readAllBytes();
        try {
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            return false;
        }
    }

    private static void buildPulseStub(Path dir) throws IOException {
        List<String> functions;
        try (InputStream in = FfmpegBinaries.class.getResourceAsStream("libpulse-stub-functions.txt")) {
            if (in == null) {
                throw new IOException("libpulse-stub-functions.txt missing from test-support");
            }
            functions = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        }
        StringBuilder source = new StringBuilder("/* Stub for ffmpeg's oracle: never called. */\n");
        for (String f : functions) {
            source.append("long ").append(f).append("(void) { return 0; }\n");
        }
        Path c = dir.resolve("pulse-stub.c");
        Path map = dir.resolve("pulse-stub.map");
        Files.writeString(c, source);
        Files.writeString(map, "PULSE_0 { global: pa_*; local: *; };\n");
        List<String> cmd = new ArrayList<>(List.of("gcc", "-shared", "-fPIC", "-o", dir.resolve("libpulse.so.0")
                .toString(),
                "-Wl,--version-script=" + map, "-Wl,-soname,libpulse.so.0", c.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("gcc could not build the libpulse stub: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while building the libpulse stub", e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
