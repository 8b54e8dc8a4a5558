package io.rtsprecorder.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.opentest4j.TestAbortedException;

/**
 * Whether this machine can run the independent RTSP servers and the headless browser (Debian packages, not Maven
 * artifacts), and what a test does when it cannot.
 *
 * <p>On a developer's machine without the packages a test that needs one is skipped with the reason and the
 * {@code apt-get} line that fixes it. In CI that would hide a whole class of failures, so {@code .ci/run} sets
 * {@value #REQUIRE_PEERS}{@code =1} (it installs the packages first), and there the same condition fails the test.
 * Nothing here skips for any other reason: a server that is installed but misbehaves is a failure everywhere.
 */
public final class PeerEnvironment {

    /** Environment variable: when {@code 1} or {@code true}, a missing peer fails the test instead of skipping it. */
    public static final String REQUIRE_PEERS = "RTSP_RECORDER_REQUIRE_PEERS";

    /** Debian's Python, which has {@code gi}; the {@code python3} on a developer's PATH may be a build without it. */
    static final Path PYTHON = Path.of("/usr/bin/python3");
    static final Path VLC = Path.of("/usr/bin/vlc");
    static final Path UNSHARE = Path.of("/usr/bin/unshare");
    /** Debian's Chromium and its WebDriver, for the web UI's browser tests. */
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SETPRIV = Path.of("/usr/bin/setpriv");

    /** The Debian package that provides each GStreamer element the presets use. */
    private static final Map<String, String> PACKAGE_OF_ELEMENT = Map.ofEntries(
            Map.entry("videotestsrc", "gstreamer1.0-plugins-base"),
            Map.entry("audiotestsrc", "gstreamer1.0-plugins-base"),
            Map.entry("videoscale", "gstreamer1.0-plugins-base"),
            Map.entry("rtph264pay", "gstreamer1.0-plugins-good"),
            Map.entry("rtph265pay", "gstreamer1.0-plugins-good"),
            Map.entry("rtpmp4gpay", "gstreamer1.0-plugins-good"),
            Map.entry("rtppcmapay", "gstreamer1.0-plugins-good"),
            Map.entry("alawenc", "gstreamer1.0-plugins-good"),
            Map.entry("x264enc", "gstreamer1.0-plugins-ugly"),
            Map.entry("x265enc", "gstreamer1.0-plugins-bad"),
            Map.entry("avenc_aac", "gstreamer1.0-libav"));

    private static final String GST_PROBE = String.join("\n",
            "import sys",
            "try:",
            "    import gi",
            "    gi.require_version('Gst', '1.0')",
            "    gi.require_version('GstRtspServer', '1.0')",
            "    from gi.repository import Gst, GstRtspServer",
            "except Exception as e:",
            "    print('NO-GI %s' % e)",
            "    sys.exit(0)",
            "Gst.init(None)",
            "print('MISSING ' + ' '.join(e for e in sys.argv[1:] if Gst.ElementFactory.find(e) is None))");

    private static final String GST_RTSP_PACKAGES = "python3-gi gir1.2-gst-rtsp-server-1.0 gstreamer1.0-rtsp";

    private static final Map<String, Optional<String>> GST_ELEMENT_PROBLEMS = new ConcurrentHashMap<>();
    private static volatile Optional<String> namespaceProblem;

    private PeerEnvironment() {
    }

    /** Skips (or, with {@value #REQUIRE_PEERS}, fails) unless gst-rtsp-server and {@code elements} are installed. */
    static void requireGstreamer(Collection<String> elements) {
        if (!Files.isExecutable(PYTHON)) {
            unavailable("gst-rtsp-server needs " + PYTHON, GST_RTSP_PACKAGES);
        }
        List<String> unknown = elements.stream().filter(e -> !GST_ELEMENT_PROBLEMS.containsKey(e)).distinct().toList();
        if (!unknown.isEmpty()) {
            GST_ELEMENT_PROBLEMS.putAll(probeElements(unknown));
        }
        Set<String> problems = new LinkedHashSet<>();
        Set<String> packages = new LinkedHashSet<>();
        for (String element : elements) {
            GST_ELEMENT_PROBLEMS.get(element).ifPresent(p -> {
                problems.add(p);
                packages.add(p.startsWith("python3-gi") ? GST_RTSP_PACKAGES
                        : PACKAGE_OF_ELEMENT.getOrDefault(element, "gstreamer1.0-plugins-*"));
            });
        }
        if (!problems.isEmpty()) {
            unavailable("gst-rtsp-server cannot run: " + String.join("; ", problems), String.join(" ", packages));
        }
    }

    /** Skips (or fails) unless VLC can run; as root it also needs {@code setpriv} to drop to nobody. */
    static void requireVlc() {
        if (!Files.isExecutable(VLC)) {
            unavailable("VLC is not installed (" + VLC + ")", "vlc-bin vlc-plugin-base");
        }
        if (isRoot() && !Files.isExecutable(SETPRIV)) {
            unavailable("VLC refuses to run as root and " + SETPRIV + " is missing", "util-linux");
        }
    }

    /** Skips (or fails) unless Debian's Chromium and chromium-driver are installed. */
    public static void requireChromium() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            unavailable("headless Chromium unavailable", "Chromium or its driver is not installed (" + CHROMIUM
                    + ", " + CHROMEDRIVER + ")", "chromium chromium-driver");
        }
    }

    /** Skips (or fails) unless this process may create network namespaces ({@code unshare -n}, as root). */
    static void requireNetworkNamespaces() {
        Optional<String> problem = namespaceProblem;
        if (problem == null) {
            problem = probeNamespaces();
            namespaceProblem = problem;
        }
        problem.ifPresent(p -> unavailable(p, "util-linux iproute2"));
    }

    static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** {@code ip} from iproute2, wherever Debian put it. */
    static Path ipCommand() {
        for (String candidate : List.of("/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        return null;
    }

    static boolean peersRequired() {
        String v = System.getenv(REQUIRE_PEERS);
        return v != null && (v.equals("1") || v.equalsIgnoreCase("true"));
    }

    private static void unavailable(String reason, String packages) {
        unavailable("independent RTSP server unavailable", reason, packages);
    }

    private static void unavailable(String what, String reason, String packages) {
        String message = reason + " (apt-get install " + packages + ")";
        if (peersRequired()) {
            throw new IllegalStateException(REQUIRE_PEERS + " is set, so this is a failure, not a skip: " + message);
        }
        throw new TestAbortedException(what + ": " + message);
    }

    /** One Python start for all of {@code elements}: each maps to its problem, or empty when it is installed. */
    private static Map<String, Optional<String>> probeElements(List<String> elements) {
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), "-c", GST_PROBE));
        command.addAll(elements);
        ProcessResult r = run(command);
        String out = r.stdout().strip();
        Map<String, Optional<String>> result = new HashMap<>();
        if (out.startsWith("NO-GI")) {
            Optional<String> p = Optional.of("python3-gi with GstRtspServer 1.0 is missing: " + out.substring(5)
                    .strip());
            elements.forEach(e -> result.put(e, p));
        } else if (!r.succeeded() || !out.startsWith("MISSING")) {
            Optional<String> p = Optional.of("probing GStreamer failed: " + r.describe());
            elements.forEach(e -> result.put(e, p));
        } else {
            Set<String> missing = Set.copyOf(List.of(out.substring("MISSING".length()).strip().split("\\s+")));
            elements.forEach(e -> result.put(e, missing.contains(e)
                    ? Optional.of("GStreamer element " + e + " is missing") : Optional.empty()));
        }
        return result;
    }

    private static Optional<String> probeNamespaces() {
        if (!Files.isExecutable(UNSHARE)) {
            return Optional.of(UNSHARE + " is missing");
        }
        if (ipCommand() == null) {
            return Optional.of("ip (iproute2) is missing");
        }
        if (!isRoot()) {
            return Optional.of("creating a network namespace (unshare -n) needs root; this JVM is not root");
        }
        ProcessResult r = run(List.of(UNSHARE.toString(), "--net", "--", ipCommand().toString(), "link", "set", "lo",
                "up"));
        return r.succeeded() ? Optional.empty()
                : Optional.of("unshare -n does not work here (a container without CAP_SYS_ADMIN?): " + r.describe());
    }

    /** Runs a short check with a bounded wait; output and errors together in {@code stdout}. */
    private static ProcessResult run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
                try (var in = p.getInputStream()) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    return "<output lost: " + e.getMessage() + ">";
                }
            }, r -> Thread.ofVirtual().start(r));
            boolean finished = p.waitFor(30, TimeUnit.SECONDS);
            if (!finished) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
            String text = out.get(5, TimeUnit.SECONDS);
            return new ProcessResult(command, finished ? p.exitValue() : -1, text, text, !finished);
        } catch (IOException | ExecutionException | TimeoutException e) {
            return new ProcessResult(command, -1, "", e.toString(), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ProcessResult(command, -1, "", "interrupted", false);
        }
    }
}
