package io.rtsprecorder.recorder.storage;

import io.rtsprecorder.media.mux.Container;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exports made in the background, so that a long range (a day, a week) can report how far it has got: bytes
 * written and media time against the range's length. The file is written under the service's state directory on
 * the volume ({@code .rtsp-recorder/exports/}, never listed as a recording) and fetched when done.
 *
 * <p>Bounded: at most {@link Limits#maxJobs} jobs are kept (waiting, running or finished), at most
 * {@link Limits#maxRunning} write at once (the others wait their turn), and their files together hold at most
 * {@link Limits#maxBytes} (a job that would pass it fails with a message that points at the streamed export). A
 * finished job and its file are removed {@link Limits#keep} after it finished, or when cancelled. Jobs live in
 * memory only: files left by an earlier run are removed when the first job of this run starts.
 */
public final class ExportJobs implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ExportJobs.class);
    static final String DIRECTORY = "exports";

    /** How many jobs, how many at once, how many bytes and for how long finished ones are kept. */
    public record Limits(int maxJobs, int maxRunning, long maxBytes, Duration keep) {
        public static final Limits DEFAULT = new Limits(16, 2, 8L << 30, Duration.ofHours(1));
    }

    /** Where a job is. */
    public enum State {
        QUEUED, RUNNING, DONE, FAILED, CANCELLED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        boolean finished() {
            return this == DONE || this == FAILED || this == CANCELLED;
        }
    }

    /** One job as the API shows it; {@code totalBytes} is known in advance for {@code mp4} only (else -1). */
    public record Snapshot(String id, String device, Instant from, Instant to, String format, State state,
                           long bytes, long totalBytes, double mediaSeconds, double totalSeconds, String error,
                           String fileName, Instant createdAt, Instant finishedAt, Instant expiresAt) {
    }

    /** No room for another job now. */
    public static final class Busy extends Exception {
        private static final long serialVersionUID = 1L;

        Busy(String message) {
            super(message);
        }
    }

    private final SegmentCatalog catalog;
    private final FootageSource footage;
    /** Whether a range this volume has nothing of is refused at once (with peers, they may have it). */
    private final boolean localOnly;
    private final Path directory;
    private final Clock clock;
    private final Limits limits;
    private final Semaphore running;
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private boolean cleaned;
    private boolean closed;

    public ExportJobs(SegmentCatalog catalog, Path savePath, Clock clock, Limits limits) {
        this(catalog, null, savePath, clock, limits);
    }

    /** Jobs over {@code footage} (several replicas' volumes; null: this one); {@code catalog} is this volume's. */
    public ExportJobs(SegmentCatalog catalog, FootageSource footage, Path savePath, Clock clock, Limits limits) {
        this.catalog = catalog;
        this.localOnly = footage == null;
        this.footage = footage == null ? FootageSource.local(catalog) : footage;
        this.directory = VolumeLayout.stateDirectory(savePath).resolve(DIRECTORY);
        this.clock = clock;
        this.limits = limits;
        this.running = new Semaphore(limits.maxRunning(), true);
    }

    /**
     * Starts exporting {@code device} from {@code from} to {@code to}. A range with no footage, or an unknown format,
     * is refused at once ({@link ExportException}); problems found while writing end the job as failed.
     */
    public Snapshot submit(String device, Instant from, Instant to, String format) throws ExportException, Busy {
        if (from == null || to == null || !from.isBefore(to)) {
            throw new ExportException(ExportException.Kind.INVALID, "give 'from' before 'to', as ISO-8601 UTC "
                    + "times such as 2026-11-25T10:00:00Z");
        }
        Container container;
        try {
            container = format == null ? Container.DEFAULT_EXPORT : Container.forExport(format);
        } catch (IllegalArgumentException e) {
            throw new ExportException(ExportException.Kind.INVALID, e.getMessage());
        }
        if (localOnly && catalog.overlapping(device, from, to).isEmpty()) {
            throw new ExportException(ExportException.Kind.NO_FOOTAGE, "camera '" + device
                    + "' has no recording between " + from + " and " + to);
        }
        Job job;
        synchronized (this) {
            if (closed) {
                throw new Busy("the service is stopping");
            }
            expire();
            if (jobs.size() >= limits.maxJobs()) {
                throw new Busy("already " + jobs.size() + " exports kept (at most " + limits.maxJobs()
                        + "); fetch or cancel one, or wait until finished ones expire");
            }
            cleanOnce();
            String id = HexFormat.of().formatHex(bytes(16));
            job = new Job(id, device, from, to, container.exportName(),
                    directory.resolve(id + "." + container.extension()), clock.instant());
            jobs.put(id, job);
        }
        Thread.ofVirtual().name("export-" + job.id).start(() -> run(job));
        return job.snapshot();
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** The job, while it is kept. */
    public synchronized Optional<Snapshot> get(String id) {
        expire();
        Job j = jobs.get(id);
        return j == null ? Optional.empty() : Optional.of(j.snapshot());
    }

    /** The file of a job that is done, relative to the save path ('/'-separated, as the API serves files). */
    public synchronized Optional<String> file(String id) {
        expire();
        Job j = jobs.get(id);
        if (j == null || j.snapshot().state() != State.DONE) {
            return Optional.empty();
        }
        return Optional.of(VolumeLayout.STATE_DIRECTORY + "/" + DIRECTORY + "/" + j.file.getFileName());
    }

    /** Cancels a job that is still running and removes it and its file; false when there is no such job. */
    public boolean cancel(String id) {
        Job j;
        synchronized (this) {
            j = jobs.remove(id);
        }
        if (j == null) {
            return false;
        }
        j.cancelled = true;
        synchronized (j) {
            if (!j.state.finished()) {
                j.state = State.CANCELLED;
            }
        }
        delete(j);
        return true;
    }

    private void run(Job job) {
        try {
            running.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finish(job, State.CANCELLED, "the service stopped");
            return;
        }
        try {
            if (job.cancelled) {
                return;
            }
            synchronized (job) {
                job.state = State.RUNNING;
            }
            try (FootageSource.Gathered g = footage.gather(job.device, job.from, job.to)) {
                write(job, Export.prepare(g.savePath(), g.segments(), job.device, job.from, job.to, job.format));
            }
        } catch (ExportException | IOException | RuntimeException e) {
            if (job.cancelled) {
                delete(job); // cancelled while writing: the part written since the cancel's own removal
                return;
            }
            log.warn("export {} of camera {} failed: {}", job.id, job.device, e.getMessage());
            delete(job); // before the state: whoever sees FAILED finds no partial file left
            finish(job, State.FAILED, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        } finally {
            running.release();
        }
    }

    private void write(Job job, Export export) throws IOException {
        long size = export.contentLength();
        synchronized (job) {
            job.totalBytes = size;
            job.totalMicros = export.duration().toNanos() / 1000;
            job.fileName = export.fileName();
        }
        if (size > limits.maxBytes() - bytesHeld(job)) {
            throw new IOException(tooLarge());
        }
        Files.createDirectories(directory);
        Path part = job.file.resolveSibling(job.file.getFileName() + ".part");
        try (FileChannel ch = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            export.writeTo(new Counting(ch, job), micros -> job.mediaMicros = micros);
        }
        if (job.cancelled) {
            delete(job);
            return;
        }
        Files.move(part, job.file, StandardCopyOption.REPLACE_EXISTING);
        if (job.cancelled) {
            delete(job);
            return;
        }
        job.mediaMicros = job.totalMicros;
        finish(job, State.DONE, null);
    }

    private String tooLarge() {
        return "the export would pass the " + (limits.maxBytes() >> 20) + " MiB kept for background exports; "
                + "export a shorter range, or stream it with GET /api/v1/export";
    }

    private void finish(Job job, State state, String error) {
        synchronized (job) {
            if (job.state.finished()) {
                return;
            }
            job.state = state;
            job.error = error;
            job.finishedAt = clock.instant();
        }
    }

    /** Bytes the other jobs' files hold now. */
    private synchronized long bytesHeld(Job except) {
        long sum = 0;
        for (Job j : jobs.values()) {
            if (j != except) {
                sum += j.bytes;
            }
        }
        return sum;
    }

    private synchronized void expire() {
        Instant now = clock.instant();
        for (var it = jobs.values().iterator(); it.hasNext(); ) {
            Job j = it.next();
            Instant finishedAt;
            synchronized (j) {
                finishedAt = j.finishedAt;
            }
            if (finishedAt != null && !now.isBefore(finishedAt.plus(limits.keep()))) {
                it.remove();
                delete(j);
            }
        }
    }

    /** Files of an earlier run: no job of this run knows them. */
    private void cleanOnce() {
        if (cleaned) {
            return;
        }
        cleaned = true;
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (Stream<Path> files = Files.list(directory)) {
            files.forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    log.warn("cannot remove the old export {}: {}", p.getFileName(), e.toString());
                }
            });
        } catch (IOException e) {
            log.warn("cannot list the old exports: {}", e.toString());
        }
    }

    private static void delete(Job j) {
        try {
            Files.deleteIfExists(j.file);
            Files.deleteIfExists(j.file.resolveSibling(j.file.getFileName() + ".part"));
        } catch (IOException e) {
            log.warn("cannot remove export {}: {}", j.id, e.toString());
        }
    }

    /** Cancels every job and removes their files. */
    @Override
    public void close() {
        List<String> ids;
        synchronized (this) {
            closed = true;
            ids = List.copyOf(jobs.keySet());
        }
        ids.forEach(this::cancel);
    }

    /** Counts the bytes a job writes, refuses to pass the budget and stops a cancelled job. */
    private final class Counting implements WritableByteChannel {
        private final WritableByteChannel out;
        private final Job job;

        Counting(WritableByteChannel out, Job job) {
            this.out = out;
            this.job = job;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            if (job.cancelled) {
                throw new IOException("cancelled");
            }
            if (job.bytes + src.remaining() > limits.maxBytes() - bytesHeld(job)) {
                throw new IOException(tooLarge());
            }
            int n = out.write(src);
            job.bytes += n;
            return n;
        }

        @Override
        public boolean isOpen() {
            return out.isOpen();
        }

        @Override
        public void close() {
        }
    }

    private final class Job {
        final String id;
        final String device;
        final Instant from;
        final Instant to;
        final String format;
        final Path file;
        final Instant createdAt;
        volatile boolean cancelled;
        volatile long bytes;
        volatile long mediaMicros;
        State state = State.QUEUED;
        long totalBytes = -1;
        long totalMicros;
        String fileName;
        String error;
        Instant finishedAt;

        Job(String id, String device, Instant from, Instant to, String format, Path file, Instant createdAt) {
            this.id = id;
            this.device = device;
            this.from = from;
            this.to = to;
            this.format = format;
            this.file = file;
            this.createdAt = createdAt;
        }

        synchronized Snapshot snapshot() {
            return new Snapshot(id, device, from, to, format, state, bytes, totalBytes, mediaMicros / 1e6,
                    totalMicros / 1e6, error, fileName, createdAt, finishedAt,
                    finishedAt == null ? null : finishedAt.plus(limits.keep()));
        }
    }
}
