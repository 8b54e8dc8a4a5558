package io.rtsprecorder.packaging;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * What must never be in the jar we ship (recorder/target/rtsp-recorder.jar, and the same file in the image): the
 * mock camera's classes and resources, and media clips of any kind (the camera's samples, test fixtures). The
 * mock camera belongs to tests and the demo module only.
 */
final class ShippedJar {

    /** Where the mock camera's classes and samples live in a jar. */
    static final String CAMERA_PACKAGE = "io/rtsprecorder/camera/";
    private static final Set<String> MEDIA_EXTENSIONS = Set.of(".mp4", ".m4v", ".mov", ".mkv", ".flv", ".ts",
            ".h264", ".h265", ".264", ".265", ".aac", ".wav", ".pcma", ".pcmu");

    private ShippedJar() {
    }

    /** The entries of {@code jar} that must not ship, each named; empty when the jar is clean. */
    static List<String> forbiddenEntries(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return Collections.list(zip.entries()).stream().map(ZipEntry::getName)
                    .filter(ShippedJar::forbidden).toList();
        }
    }

    private static boolean forbidden(String entry) {
        if (entry.startsWith(CAMERA_PACKAGE)) {
            return true;
        }
        String lower = entry.toLowerCase(Locale.ROOT);
        return MEDIA_EXTENSIONS.stream().anyMatch(lower::endsWith);
    }
}
