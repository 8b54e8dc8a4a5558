package io.rtsprecorder.recorder.storage;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rtsprecorder.media.rtsp.CertificateFingerprint;
import io.rtsprecorder.recorder.model.CameraDefinition;
import io.rtsprecorder.recorder.model.CameraSecurity;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The camera list and each camera's on/off switch, saved on the volume so they survive restarts and upgrades:
 * {@code <save path>/.rtsp-recorder/devices.json}.
 *
 * <p>Written whole every time: to a temporary file in the same directory, forced to disk, then renamed over the
 * old one, and the directory forced, so a crash at any instant leaves either the old or the new list, never half
 * of one. A file that does not parse is moved aside to {@code devices.json.corrupt-<time>} and reported; the
 * service then starts with the cameras of its configuration, and the user can restore the file by hand.
 *
 * <p>Cameras from the environment or the YAML file are saved with their switch only: their address and
 * credentials are re-read from the configuration at every start. Cameras registered through the API are saved
 * whole, without passwords except those written into their URL by the user. The file is readable by its owner
 * only.
 */
public final class DeviceStore {

    private static final Logger log = LoggerFactory.getLogger(DeviceStore.class);
    public static final String FILE = "devices.json";
    private static final int VERSION = 1;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** What was read: the cameras, and a problem to report (a corrupt file moved aside), or null. */
    public record Loaded(List<CameraDefinition> cameras, String problem) {
    }

    private final Path file;
    private final ObjectMapper json = new ObjectMapper();
    private final Clock clock;

    public DeviceStore(Path savePath, Clock clock) {
        this.file = VolumeLayout.stateDirectory(savePath).resolve(FILE);
        this.clock = clock;
    }

    public Path file() {
        return file;
    }

    /** The saved cameras; an empty list when nothing was saved yet. */
    public Loaded load() throws IOException {
        if (!Files.exists(file)) {
            return new Loaded(List.of(), null);
        }
        byte[] bytes = Files.readAllBytes(file);
        try {
            return new Loaded(parse(json.readTree(bytes)), null);
        } catch (JacksonException | IllegalArgumentException e) {
            // Jackson quotes the offending text, which could be part of a URL with a password: say where only
            String why = e instanceof JacksonException j ? "not valid JSON" + (j.getLocation() == null ? ""
                    : " at line " + j.getLocation().getLineNr()) : e.getMessage();
            Path aside = file.resolveSibling(FILE + ".corrupt-" + STAMP.format(clock.instant()));
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            String problem = "state file " + file + " could not be read (" + why
                    + "); kept as " + aside.getFileName() + ", starting with the configured cameras only";
            log.error(problem);
            return new Loaded(List.of(), problem);
        }
    }

    private static List<CameraDefinition> parse(JsonNode root) {
        if (root == null || !root.isObject() || !root.path("devices").isArray()) {
            throw new IllegalArgumentException("no 'devices' list");
        }
        if (root.path("version").asInt(-1) != VERSION) {
            throw new IllegalArgumentException("unknown version " + root.path("version"));
        }
        List<CameraDefinition> out = new ArrayList<>();
        for (JsonNode d : root.path("devices")) {
            CameraDefinition.Origin origin = CameraDefinition.Origin.valueOf(d.path("origin").asText("API"));
            String url = d.path("address").asText(null);
            String secretName = d.hasNonNull("secretName") ? d.get("secretName").asText() : null;
            CameraSecurity security = new CameraSecurity(d.hasNonNull("caFile") ? Path.of(d.get("caFile").asText())
                    : null, CertificateFingerprint.parseList(d.path("tlsFingerprint").asText(null)),
                    d.path("allowBasicAuth").asBoolean(false));
            // configured cameras are saved without an address; the configuration supplies it at start
            out.add(new CameraDefinition(d.path("name").asText(), url == null ? "rtsp://configured" : url, null,
                    secretName, d.path("recording").asBoolean(true), origin, security));
        }
        return out;
    }

    /** Replaces the saved list with {@code cameras}, atomically and durably. */
    public synchronized void save(List<CameraDefinition> cameras) throws IOException {
        ObjectNode root = json.createObjectNode();
        root.put("version", VERSION);
        root.put("savedAt", clock.instant().toString());
        ArrayNode list = root.putArray("devices");
        for (CameraDefinition c : cameras) {
            ObjectNode d = list.addObject();
            d.put("name", c.name());
            d.put("origin", c.origin().name());
            d.put("recording", Boolean.TRUE.equals(c.recording()));
            if (c.origin() == CameraDefinition.Origin.API) {
                d.put("address", c.url());
                if (c.secretName() != null) {
                    d.put("secretName", c.secretName());
                }
                if (c.security().caFile() != null) {
                    d.put("caFile", c.security().caFile().toString());
                }
                if (c.security().fingerprintText() != null) {
                    d.put("tlsFingerprint", c.security().fingerprintText());
                }
                if (c.security().allowBasicAuth()) {
                    d.put("allowBasicAuth", true);
                }
            }
        }
        Path dir = file.getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(FILE + ".tmp");
        byte[] bytes = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system; the volume's own permissions apply
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        forceDirectory(dir);
    }

    private static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // some file systems cannot open directories; the rename itself is still atomic
        }
    }
}
