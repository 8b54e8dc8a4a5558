package io.rtsprecorder.recorder.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The web UI's files, read once from the jar: our own HTML, JavaScript modules and CSS, and hls.js from its WebJar.
 * Only the files named here exist; nothing is looked up by a path from a request, so there is no directory to list
 * and no way out of it.
 *
 * <p>Caching: every file but the page lives under {@code ui/<version>/}, where the version is a hash of all the
 * files' bytes, so browsers may keep them for good ({@link #IMMUTABLE}) and still get new ones after an upgrade;
 * the page itself, which names the version, is revalidated on every load ({@link #REVALIDATE}).
 */
public final class WebAssets {

    /** Cache-Control for the versioned files. */
    public static final String IMMUTABLE = "public, max-age=31536000, immutable";
    /** Cache-Control for the page. */
    public static final String REVALIDATE = "no-cache";
    /**
     * What the page may load: only from the service itself (no CDN), media and hls.js's worker also from blob:
     * URLs (Media Source Extensions), and it may not be framed by another site.
     */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; media-src 'self' blob:; worker-src 'self' blob:; connect-src 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private static final String OWN = "io/rtsprecorder/recorder/web/";
    private static final List<String> OWN_FILES = List.of("app.js", "api.js", "cameras.js", "camera.js",
            "timeline.js", "player.js", "format.js", "style.css");
    private static final String HLS_PROPERTIES = "META-INF/maven/org.webjars.npm/hls.js/pom.properties";
    /** The name the page loads hls.js by. */
    static final String HLS = "hls.min.js";

    /** One file: its content type and bytes. */
    public record Asset(String name, String contentType, byte[] bytes) {
    }

    private final String version;
    private final Asset index;
    private final Map<String, Asset> files;

    private WebAssets(String version, Asset index, Map<String, Asset> files) {
        this.version = version;
        this.index = index;
        this.files = files;
    }

    /** Reads the files from the class path; a missing one is a broken build and fails at start. */
    public static WebAssets load() {
        ClassLoader loader = WebAssets.class.getClassLoader();
        Map<String, Asset> files = new LinkedHashMap<>();
        for (String name : OWN_FILES) {
            files.put(name, new Asset(name, contentType(name), read(loader, OWN + name)));
        }
        files.put(HLS, new Asset(HLS, contentType(HLS), read(loader, "META-INF/resources/webjars/hls.js/"
                + hlsVersion(loader) + "/dist/hls.min.js")));
        byte[] page = read(loader, OWN + "index.html");
        String version = hash(files, page);
        byte[] withVersion = new String(page, StandardCharsets.UTF_8).replace("{{version}}", version)
                .getBytes(StandardCharsets.UTF_8);
        return new WebAssets(version, new Asset("index.html", contentType("index.html"), withVersion),
                Map.copyOf(files));
    }

    /** The hash the versioned files are served under. */
    public String version() {
        return version;
    }

    /** The page, at {@code /}. */
    public Asset index() {
        return index;
    }

    /** A versioned file by name, if it is one of the UI's. */
    public Optional<Asset> file(String name) {
        return Optional.ofNullable(files.get(name));
    }

    private static String hlsVersion(ClassLoader loader) {
        Properties p = new Properties();
        try (InputStream in = loader.getResourceAsStream(HLS_PROPERTIES)) {
            if (in == null) {
                throw new IllegalStateException("hls.js is missing from the class path (" + HLS_PROPERTIES + ")");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version");
    }

    private static byte[] read(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("web UI file missing from the class path: " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String hash(Map<String, Asset> files, byte[] page) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Asset a : files.values()) {
                sha.update(a.name().getBytes(StandardCharsets.UTF_8));
                sha.update(a.bytes());
            }
            sha.update(page);
            return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String contentType(String name) {
        if (name.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        if (name.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        }
        if (name.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        throw new IllegalArgumentException("no content type for " + name);
    }
}
