package io.rtsprecorder.recorder;

import io.rtsprecorder.media.mux.Container;
import io.rtsprecorder.media.mux.SkippedTrack;
import io.rtsprecorder.media.record.SegmentNaming;
import io.rtsprecorder.recorder.storage.Export;
import io.rtsprecorder.recorder.storage.ExportException;
import io.rtsprecorder.recorder.storage.SegmentCatalog;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The time-range export, offline on the volume: {@code kubectl exec deploy/rtsp-recorder -- rtsp-recorder export
 * --device gate --from ... --to ... -o /tmp/gate.mp4}. Reads the files directly; the service need not run.
 */
@Command(name = "export", mixinStandardHelpOptions = true, versionProvider = RecorderCommand.Version.class,
        description = {"Writes one camera's footage between two times as one file, without re-encoding.",
            "Starts at the keyframe at or before --from; gaps in the footage are reported on stderr."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:the file was written", "2:the request is wrong (a time, the format) or the footage cannot "
                + "be exported to it", "3:no footage of the camera in the range"})
final class ExportCommand implements Callable<Integer> {

    /** Exit codes, as {@code --help} lists them and docs/recordings.md documents them. */
    static final int WRITTEN = 0;
    static final int REFUSED = 2;
    static final int NO_FOOTAGE = 3;

    @Option(names = "--dir", description = "The save path (default: $FileSavePath or /data).")
    Path dir;

    @Option(names = "--device", required = true, description = "The camera's name.")
    String device;

    @Option(names = "--from", required = true, description = "Start, ISO-8601 UTC: 2026-11-25T10:00:00Z.")
    String from;

    @Option(names = "--to", required = true, description = "End, ISO-8601 UTC.")
    String to;

    @Option(names = "--format", defaultValue = "mp4", completionCandidates = Formats.class,
            description = "${COMPLETION-CANDIDATES}; mp4 has its index in front (default: ${DEFAULT-VALUE}).")
    String format;

    /** The export formats, from {@link Container}. */
    static final class Formats implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Container.exportNames().iterator();
        }
    }

    @Option(names = {"-o", "--output"}, required = true, description = "The file to write, or - for stdout.")
    String output;

    @Option(names = "--pattern", description = "The file name pattern the recordings use "
            + "(default: $FileNamePattern or " + SegmentNaming.DEFAULT_PATTERN + ").")
    String pattern;

    @Override
    public Integer call() throws IOException {
        Path root = dir != null ? dir : Path.of(System.getenv().getOrDefault("FileSavePath", "/data"));
        String names = pattern != null ? pattern
                : System.getenv().getOrDefault("FileNamePattern", SegmentNaming.DEFAULT_PATTERN);
        Instant start;
        Instant end;
        try {
            start = Instant.parse(from);
            end = Instant.parse(to);
        } catch (DateTimeParseException e) {
            System.err.println("export: --from and --to must be ISO-8601 UTC times such as 2026-11-25T10:00:00Z");
            return REFUSED;
        }
        SegmentCatalog catalog = new SegmentCatalog(root, names, Clock.systemUTC());
        catalog.scan();
        Export export;
        try {
            export = Export.prepare(catalog, device, start, end, format);
        } catch (ExportException e) {
            System.err.println("export: " + e.getMessage());
            return e.kind() == ExportException.Kind.NO_FOOTAGE ? NO_FOOTAGE : REFUSED;
        }
        if (output.equals("-")) {
            WritableByteChannel out = Channels.newChannel(System.out);
            export.writeTo(out);
            System.out.flush();
        } else {
            Path target = Path.of(output);
            try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                export.writeTo(out);
            } catch (IOException e) {
                Files.deleteIfExists(target);
                throw e;
            }
            System.err.println("export: wrote " + target + " (" + Files.size(target) + " bytes, from "
                    + export.start() + ", " + export.segments().size() + " segment(s))");
        }
        for (Export.Gap g : export.gaps()) {
            System.err.println("export: no footage from " + g.from() + " to " + g.to());
        }
        for (SkippedTrack t : export.skippedTracks()) {
            System.err.println("export: left out " + t);
        }
        return WRITTEN;
    }
}
