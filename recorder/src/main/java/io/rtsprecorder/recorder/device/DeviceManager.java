package io.rtsprecorder.recorder.device;

import io.rtsprecorder.recorder.config.RecorderConfig;
import io.rtsprecorder.recorder.live.LiveFeed;
import io.rtsprecorder.recorder.model.CameraDefinition;
import io.rtsprecorder.recorder.model.CameraSecurity;
import io.rtsprecorder.recorder.storage.DeviceStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All cameras of the service: creates them from the configuration and the state file at start, registers and
 * unregisters them, switches recording on and off, and saves the list after every change.
 *
 * <p>Changes are serialized by one lock and saved before they are answered: a camera the API reported as switched
 * off stays off after a crash. Cameras from the configuration cannot be unregistered through the API (they would
 * come back at the next start); their switch can be flipped, and is saved.
 */
public final class DeviceManager implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DeviceManager.class);
    /** How long {@code /record/off} and shutdown wait for a camera to close its file. */
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

    private final RecorderConfig config;
    private final DeviceStore store;
    private final DeviceServices services;
    private final Clock clock;
    private final ReentrantLock changes = new ReentrantLock();
    private final Map<String, Device> devices = new LinkedHashMap<>();
    private volatile String stateProblem;
    private volatile boolean started;
    private volatile Function<String, DeviceStatus.Restream> restreamStatus;
    /** Where API changes go in sharded mode (see {@link #startSharded}); null in the single-pod modes. */
    private volatile CameraDirectory directory;

    public DeviceManager(RecorderConfig config, DeviceStore store, DeviceServices services) {
        this.config = config;
        this.store = store;
        this.services = services;
        this.clock = services.clock();
    }

    /**
     * Creates every camera — the configured ones, then those registered earlier — and starts those switched on.
     * A configured camera's saved switch wins over {@code RecordOnStart}, so a camera switched off stays off.
     * {@code cleanStop} says whether the last run ended with a clean shutdown (see {@link GapTracker#restore}).
     */
    public void start(boolean cleanStop) throws IOException {
        DeviceStore.Loaded loaded = store.load();
        stateProblem = loaded.problem();
        Map<String, CameraDefinition> saved = new LinkedHashMap<>();
        loaded.cameras().forEach(c -> saved.put(c.name(), c));
        changes.lock();
        try {
            for (CameraDefinition c : config.cameras()) {
                CameraDefinition s = saved.remove(c.name());
                Boolean on = s != null ? s.recording() : c.recording() != null ? c.recording()
                        : config.defaults().recordOnStart();
                add(c.withRecording(on), cleanStop);
            }
            for (CameraDefinition s : saved.values()) {
                if (s.origin() == CameraDefinition.Origin.API) {
                    add(s, cleanStop);
                } else {
                    log.info("camera {} was configured before but is no longer; forgetting it", s.name());
                }
            }
            persist();
            started = true;
        } finally {
            changes.unlock();
        }
        log.info("{} camera(s), {} recording; state in {}", devices.size(),
                devices.values().stream().filter(Device::recordingEnabled).count(), store.file());
    }

    private void add(CameraDefinition c, boolean cleanStop) {
        Device d = new Device(c, config.defaults(), config.savePath(), services, Backoff.standard());
        devices.put(c.name(), d);
        d.restoreGaps(Boolean.TRUE.equals(c.recording()), cleanStop);
        if (Boolean.TRUE.equals(c.recording())) {
            d.startRecording();
        } else {
            d.standBy();
        }
    }

    /** Adds a camera through the API; it starts recording when {@code definition.recording()} is not false. */
    public DeviceStatus register(CameraDefinition definition) {
        CameraDirectory dir = directory;
        if (dir != null) {
            return statusOf(dir.create(definition.withRecording(!Boolean.FALSE.equals(definition.recording()))));
        }
        changes.lock();
        try {
            if (devices.containsKey(definition.name())) {
                throw new DeviceException(DeviceException.Kind.CONFLICT, "camera '" + definition.name()
                        + "' already exists; unregister it first or use /update");
            }
            CameraDefinition c = definition.withRecording(!Boolean.FALSE.equals(definition.recording()));
            add(c, true);
            persistOrUndo(() -> devices.remove(c.name()).remove(STOP_TIMEOUT));
            log.info("camera {} registered: {}", c.name(), c.maskedUrl());
            return devices.get(c.name()).status();
        } finally {
            changes.unlock();
        }
    }

    /**
     * Adds a camera a discovery found (origin {@code SHIFU}), recording; one it found before is replaced (its file
     * closed first). A camera of that name defined otherwise is left alone: the discovered one is not added.
     */
    public void discovered(CameraDefinition definition) {
        changes.lock();
        try {
            Device existing = devices.get(definition.name());
            if (existing != null && existing.definition().origin() != CameraDefinition.Origin.SHIFU) {
                log.warn("discovered camera {} is not added: a camera of that name is defined by the {}",
                        definition.name(), defined(existing.definition().origin()));
                return;
            }
            if (existing != null) {
                existing.remove(STOP_TIMEOUT);
                devices.remove(definition.name());
            }
            add(definition.withRecording(true), true);
            persistOrUndo(() -> { });
            log.info("camera {} discovered: {}", definition.name(), definition.maskedUrl());
        } finally {
            changes.unlock();
        }
    }

    /** Stops and forgets a discovered camera that is gone; its recordings stay on the volume. */
    public void undiscovered(String name) {
        changes.lock();
        try {
            Device d = devices.get(name);
            if (d == null || d.definition().origin() != CameraDefinition.Origin.SHIFU) {
                return;
            }
            d.remove(STOP_TIMEOUT);
            devices.remove(name);
            persistOrUndo(() -> { });
            log.info("discovered camera {} is gone; its recordings are kept", name);
        } finally {
            changes.unlock();
        }
    }

    private static String defined(CameraDefinition.Origin origin) {
        return switch (origin) {
            case ENV -> "environment";
            case FILE -> "config file";
            case API -> "API";
            case SHIFU -> "Shifu discovery (its EdgeDevice's annotations)";
        };
    }

    /** Stops and forgets a camera registered through the API; its recordings stay on the volume. */
    public DeviceStatus unregister(String name) {
        CameraDirectory dir = directory;
        if (dir != null) {
            return statusOf(dir.delete(name));
        }
        changes.lock();
        try {
            Device d = get(name);
            if (d.definition().origin() != CameraDefinition.Origin.API) {
                throw new DeviceException(DeviceException.Kind.CONFLICT, "camera '" + name + "' is defined by the "
                        + defined(d.definition().origin()) + "; remove it there, or switch it off with /record/off");
            }
            d.remove(STOP_TIMEOUT);
            devices.remove(name);
            persist();
            log.info("camera {} unregistered; its recordings are kept", name);
            return d.status();
        } catch (IOException e) {
            throw storageFailure(e);
        } finally {
            changes.unlock();
        }
    }

    /**
     * Switches recording on or off and saves the switch. Switching off returns once the current file is closed
     * and playable.
     */
    public DeviceStatus setRecording(String name, boolean on) {
        CameraDirectory dir = directory;
        if (dir != null) {
            return statusOf(dir.setRecording(name, on));
        }
        changes.lock();
        try {
            Device d = get(name);
            boolean was = d.recordingEnabled();
            if (on) {
                d.startRecording();
            } else if (!d.stopRecording(STOP_TIMEOUT)) {
                log.warn("camera {}: file not closed within {} s", name, STOP_TIMEOUT.toSeconds());
            }
            if (was != on) {
                persistOrUndo(() -> {
                    if (was) {
                        d.startRecording();
                    } else {
                        d.stopRecording(STOP_TIMEOUT);
                    }
                });
                log.info("camera {}: recording switched {}", name, on ? "on" : "off");
            }
            return d.status();
        } finally {
            changes.unlock();
        }
    }

    /**
     * Gives a camera registered through the API other TLS and authentication settings ({@code change} maps the
     * current ones to the new), saves them, and lets the camera use them at its next connection (at once when it
     * is waiting to retry). Configured cameras change in their configuration.
     */
    public DeviceStatus redefine(String name, UnaryOperator<CameraSecurity> change) {
        CameraDirectory dir = directory;
        if (dir != null) {
            return statusOf(dir.redefine(name, change));
        }
        changes.lock();
        try {
            Device d = get(name);
            CameraDefinition before = d.definition();
            if (before.origin() != CameraDefinition.Origin.API) {
                throw new DeviceException(DeviceException.Kind.CONFLICT, "camera '" + name + "' is defined by the "
                        + defined(before.origin()) + "; change its TLS settings there");
            }
            CameraSecurity after = change.apply(before.security());
            try {
                before.withSecurity(after);
            } catch (IllegalArgumentException e) {
                throw new DeviceException(DeviceException.Kind.INVALID, e.getMessage());
            }
            d.redefine(after);
            persistOrUndo(() -> d.redefine(before.security()));
            log.info("camera {}: TLS and authentication settings changed", name);
            return d.status();
        } finally {
            changes.unlock();
        }
    }

    /**
     * Sharded mode: no state file and no configured cameras. Cameras come and go as this replica takes and hands
     * over their leases ({@link #adopt}, {@link #release}); the API's changes are written to {@code cameras}.
     */
    public void startSharded(CameraDirectory cameras) {
        directory = cameras;
        started = true;
        log.info("camera list from {}; cameras recorded here as this replica holds their leases",
                cameras.getClass().getSimpleName());
    }

    /** Sharded mode: starts recording {@code camera}, which this replica now owns; nothing is saved. */
    public void adopt(CameraDefinition camera) {
        changes.lock();
        try {
            if (!devices.containsKey(camera.name())) {
                add(camera.withRecording(true), true);
            }
        } finally {
            changes.unlock();
        }
    }

    /**
     * Sharded mode: stops recording {@code name} (returns once its file is closed) and forgets it here; its files
     * stay on the volume.
     */
    public void release(String name) {
        Device d;
        changes.lock();
        try {
            d = devices.remove(name);
        } finally {
            changes.unlock();
        }
        if (d != null) {
            d.remove(STOP_TIMEOUT);
        }
    }

    /** The status of the camera here, or, for a camera another replica records, its definition alone. */
    private DeviceStatus statusOf(CameraDefinition c) {
        Device d = find(c.name());
        if (d != null) {
            return d.status();
        }
        return new DeviceStatus(c.name(), c.maskedUrl(), c.origin().name().toLowerCase(Locale.ROOT),
                Boolean.TRUE.equals(c.recording()), DeviceState.IDLE.name(), null, clock.instant(), null, null, null,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, null, null, null, null, null, c.secretName(), List.of(), List.of(),
                null);
    }

    /** What camera {@code name} holds in memory now (see {@link HeldMemory}). */
    public HeldMemory heldMemory(String name) {
        return get(name).heldMemory();
    }

    public DeviceStatus status(String name) {
        return withRestream(get(name).status());
    }

    public List<DeviceStatus> statuses() {
        List<Device> list = snapshot();
        return list.stream().sorted(Comparator.comparing(Device::name)).map(d -> withRestream(d.status())).toList();
    }

    /** Where statuses get each camera's restream from (its URL and viewers); null while the restream is off. */
    public void restreamStatus(Function<String, DeviceStatus.Restream> source) {
        restreamStatus = source;
    }

    private DeviceStatus withRestream(DeviceStatus s) {
        Function<String, DeviceStatus.Restream> r = restreamStatus;
        return r == null ? s : s.withRestream(r.apply(s.name()));
    }

    /** The live feed of the camera named {@code name}, or empty when there is no such camera. */
    public Optional<LiveFeed> liveFeed(String name) {
        changes.lock();
        try {
            Device d = devices.get(name);
            return d == null ? Optional.empty() : Optional.of(d.liveFeed());
        } finally {
            changes.unlock();
        }
    }

    /** The camera acting for requests without {@code ?device=}; see {@link RecorderConfig#defaultCamera()}. */
    public String defaultCamera() {
        if (config.defaultCamera() != null) {
            return config.defaultCamera();
        }
        changes.lock();
        try {
            if (devices.size() == 1) {
                return devices.keySet().iterator().next();
            }
            throw new DeviceException(devices.isEmpty() ? DeviceException.Kind.NOT_FOUND
                    : DeviceException.Kind.INVALID, devices.isEmpty() ? "no camera is configured; set "
                    + "RTSPServerAddress or register one" : "there are " + devices.size()
                    + " cameras; name one with ?device=NAME");
        } finally {
            changes.unlock();
        }
    }

    /** A problem found at start (a corrupt state file moved aside), or null. */
    public String stateProblem() {
        return stateProblem;
    }

    public boolean started() {
        return started;
    }

    /** The cameras at this moment; the list is the caller's, the map is only touched under the lock. */
    private List<Device> snapshot() {
        changes.lock();
        try {
            return new ArrayList<>(devices.values());
        } finally {
            changes.unlock();
        }
    }

    private Device get(String name) {
        Device d = find(name);
        if (d == null) {
            throw new DeviceException(DeviceException.Kind.NOT_FOUND, "no camera named '" + name + "'");
        }
        return d;
    }

    /** The camera named {@code name} here, or null. */
    private Device find(String name) {
        changes.lock();
        try {
            return devices.get(name);
        } finally {
            changes.unlock();
        }
    }

    private void persist() throws IOException {
        List<CameraDefinition> list = devices.values().stream().map(Device::definition).toList();
        store.save(list);
    }

    private void persistOrUndo(Runnable undo) {
        try {
            persist();
        } catch (IOException e) {
            undo.run();
            throw storageFailure(e);
        }
    }

    private DeviceException storageFailure(IOException e) {
        log.error("cannot save the camera list to {}: {}", store.file(), e.toString());
        return new DeviceException(DeviceException.Kind.STORAGE, "cannot save the camera list on the volume ("
                + e.getClass().getSimpleName() + "); nothing was changed");
    }

    /**
     * Closes every camera's file in parallel, keeping their switches as they are (they resume at the next start),
     * and logs how long it took.
     */
    @Override
    public void close() {
        Instant t0 = clock.instant();
        List<Device> list = snapshot();
        List<Thread> stoppers = list.stream()
                .map(d -> Thread.ofVirtual().name("stop-" + d.name()).start(() -> d.halt(STOP_TIMEOUT))).toList();
        for (Thread t : stoppers) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        log.info("closed the files of {} camera(s) in {} ms", list.size(),
                Duration.between(t0, clock.instant()).toMillis());
    }
}
