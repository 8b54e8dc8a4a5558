package io.rtsprecorder.recorder.federation;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtsprecorder.recorder.storage.FootageSource;
import io.rtsprecorder.recorder.storage.SegmentCatalog;
import io.rtsprecorder.recorder.storage.SegmentInfo;
import io.rtsprecorder.recorder.storage.VolumeLayout;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * An export's footage from every replica: this volume's segments of the range as they are, and copies of the
 * peers' segments of the range, fetched into {@code .rtsp-recorder/federation/<id>/} on this volume (the state
 * directory, which nothing lists or serves) and removed when the export is written. The export then reads all of
 * them as if they were one volume's, so it stitches across replicas exactly as it does across segments.
 */
public final class FederatedFootage implements FootageSource {

    static final String DIRECTORY = "federation";

    private final SegmentCatalog catalog;
    private final Federation federation;

    public FederatedFootage(SegmentCatalog catalog, Federation federation) {
        this.catalog = catalog;
        this.federation = federation;
    }

    @Override
    public Gathered gather(String device, Instant from, Instant to) throws IOException {
        List<SegmentInfo> local = catalog.list(device, from, to, false, 0, Integer.MAX_VALUE).segments();
        if (!federation.enabled()) {
            return new Gathered(catalog.savePath(), local, List.of(), () -> { });
        }
        Set<String> names = new HashSet<>();
        local.forEach(s -> names.add(s.name()));
        Federation.Answers<JsonNode> answers = federation.json("/api/v1/recordings?device=" + Federation.enc(device)
                + (from == null ? "" : "&from=" + from) + (to == null ? "" : "&to=" + to)
                + "&order=oldest&limit=10000");
        String id = UUID.randomUUID().toString();
        String relativeDir = VolumeLayout.STATE_DIRECTORY + "/" + DIRECTORY + "/" + id;
        Path dir = catalog.savePath().resolve(relativeDir);
        List<SegmentInfo> all = new ArrayList<>(local);
        List<String> unreachable = new ArrayList<>();
        answers.unreachable().forEach(u -> unreachable.add(u.toString()));
        try {
            for (Map.Entry<URI, JsonNode> e : answers.answers().entrySet()) {
                for (JsonNode n : e.getValue().path("segments")) {
                    SegmentInfo s = PeerSegments.segment(n);
                    if (s == null || !names.add(s.name())) {
                        continue;
                    }
                    String relative = relativeDir + "/" + all.size() + "-" + s.name();
                    federation.download(e.getKey(), device, s.name(), catalog.savePath().resolve(relative));
                    all.add(new SegmentInfo(s.device(), relative, s.name(), s.start(), s.end(), s.size(), s.format(),
                            s.codecs(), s.complete()));
                }
            }
        } catch (IOException | RuntimeException ex) {
            delete(dir);
            throw ex;
        }
        all.sort(Comparator.comparing(SegmentInfo::start).thenComparing(SegmentInfo::name));
        return new Gathered(catalog.savePath(), List.copyOf(all), List.copyOf(unreachable), () -> delete(dir));
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // left for the next start's clean-up of the state directory
        }
    }
}
