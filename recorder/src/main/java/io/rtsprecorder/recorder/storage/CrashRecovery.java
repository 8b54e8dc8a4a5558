package io.rtsprecorder.recorder.storage;

import io.rtsprecorder.media.mux.Container;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a run that did not stop cleanly (killed, crashed, node lost), makes the segments it was writing playable
 * before anything else touches the volume: each camera's newest segment is cut back to its last complete fragment,
 * tag or packet, its duration written into its header, and a file left with no media at all is removed. A segment
 * writer never leaves more than its last fragment unfinished, so only the newest file of each camera can need this.
 */
public final class CrashRecovery {

    private static final Logger log = LoggerFactory.getLogger(CrashRecovery.class);

    private CrashRecovery() {
    }

    /** Repairs the newest segment of every camera in the catalog; returns how many files were changed. */
    public static int repairNewestSegments(SegmentCatalog catalog) {
        int changed = 0;
        for (String device : catalog.devices()) {
            List<SegmentInfo> segments = catalog.segments(device);
            if (segments.isEmpty()) {
                continue;
            }
            SegmentInfo newest = segments.get(segments.size() - 1);
            Optional<Container> container = Container.forSegmentExtension(newest.format());
            if (container.isEmpty()) {
                continue;
            }
            Path file = newest.resolve(catalog.savePath());
            try {
                long before = Files.size(file);
                Container.Repaired r = container.get().repair(file);
                if (!r.hasMedia()) {
                    Files.deleteIfExists(file);
                    catalog.remove(newest);
                    log.warn("camera {}: {} held no complete media after the recorder stopped uncleanly: removed",
                            device, newest.name());
                    changed++;
                } else if (r.bytes() != before) {
                    catalog.rescan(newest);
                    log.warn("camera {}: {} was cut off when the recorder stopped uncleanly: repaired to {} bytes",
                            device, newest.name(), r.bytes());
                    changed++;
                } else {
                    catalog.rescan(newest);
                }
            } catch (IOException | RuntimeException e) {
                log.error("camera {}: cannot repair {} after an unclean stop: {}", device, newest.name(),
                        e.toString());
            }
        }
        return changed;
    }
}
