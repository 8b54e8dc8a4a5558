package io.rtsprecorder.recorder;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.rtsprecorder.media.mux.SegmentSync;
import io.rtsprecorder.recorder.access.BrowserSessions;
import io.rtsprecorder.recorder.access.FailedAuthLimiter;
import io.rtsprecorder.recorder.access.TokenRegistry;
import io.rtsprecorder.recorder.api.ApiServer;
import io.rtsprecorder.recorder.api.Authorizer;
import io.rtsprecorder.recorder.api.RecorderApi;
import io.rtsprecorder.recorder.config.RecorderConfig;
import io.rtsprecorder.recorder.device.DeviceManager;
import io.rtsprecorder.recorder.device.DeviceServices;
import io.rtsprecorder.recorder.device.LivenessMonitor;
import io.rtsprecorder.recorder.discovery.DeviceList;
import io.rtsprecorder.recorder.discovery.ShifuDiscovery;
import io.rtsprecorder.recorder.federation.Federation;
import io.rtsprecorder.recorder.k8s.ShardedRecording;
import io.rtsprecorder.recorder.k8s.ShardingConfig;
import io.rtsprecorder.recorder.restream.RestreamServer;
import io.rtsprecorder.recorder.secret.KubernetesSecretReader;
import io.rtsprecorder.recorder.secret.SecretReader;
import io.rtsprecorder.recorder.secret.SecretRedactor;
import io.rtsprecorder.recorder.storage.CrashRecovery;
import io.rtsprecorder.recorder.storage.DeviceStore;
import io.rtsprecorder.recorder.storage.DiskSpace;
import io.rtsprecorder.recorder.storage.GapJournal;
import io.rtsprecorder.recorder.storage.Retention;
import io.rtsprecorder.recorder.storage.SegmentCatalog;
import io.rtsprecorder.recorder.storage.VolumeLayout;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running service: cameras, HTTP API and metrics wired together. {@link #start} returns once every part is
 * up; {@link #close} closes every camera's file first, then the HTTP server, and logs how long that took.
 */
public final class RecorderService implements AutoCloseable {

    /** How long shutdown waits for closed segments to be forced to the device. */
    private static final Duration SYNC_ON_SHUTDOWN = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(RecorderService.class);

    private final RecorderConfig config;
    private final Clock clock;
    private final DeviceManager devices;
    private final SegmentCatalog catalog;
    private final Retention retention;
    private final ApiServer http;
    private final LivenessMonitor monitor;
    private final Authorizer auth;
    private final RestreamServer restream;
    /** Sharded mode's rounds and its Kubernetes client, closed before the cameras; null in the single-pod modes. */
    private ShardedRecording sharded;
    private KubernetesClient kubernetes;
    /** The Shifu discovery, when on; set once at start. */
    private ShifuDiscovery discovery;
    /** The discovery's own Kubernetes client when this service made it (not the sharded mode's); closed last. */
    private KubernetesClient discoveryClient;
    private boolean closed;

    private RecorderService(RecorderConfig config, Clock clock, DeviceManager devices, SegmentCatalog catalog,
                            Retention retention, ApiServer http, LivenessMonitor monitor, Authorizer auth,
                            RestreamServer restream) {
        this.config = config;
        this.clock = clock;
        this.devices = devices;
        this.catalog = catalog;
        this.retention = retention;
        this.http = http;
        this.monitor = monitor;
        this.auth = auth;
        this.restream = restream;
    }

    /**
     * Checks the save path, restores the cameras, starts those switched on, and opens the API. Throws {@link
     * StartupException} with a one-line explanation when the volume or the port cannot be used.
     */
    public static RecorderService start(RecorderConfig configured, SecretReader secrets, Clock clock)
            throws StartupException {
        return start(configured, secrets, clock, ShardingConfig.OFF);
    }

    /**
     * As {@link #start(RecorderConfig, SecretReader, Clock)}, with the camera list from {@code Camera} resources and
     * ownership by Leases when {@code sharding} is enabled (Secrets are then read through the same client).
     */
    public static RecorderService start(RecorderConfig configured, SecretReader localSecrets, Clock clock,
                                        ShardingConfig sharding) throws StartupException {
        KubernetesClient kubernetes = null;
        SecretReader secrets = localSecrets;
        if (sharding.enabled() && configured.discovery().shifu()) {
            // the discovery adds cameras to this pod's own list: every replica would record every one of them
            throw new StartupException("ShifuDiscovery=true does not work with CameraSource=kubernetes yet (every "
                    + "replica would record every discovered camera); create a Camera resource per EdgeDevice "
                    + "instead, or run one recorder with ShifuDiscovery");
        }
        if (sharding.enabled()) {
            try {
                kubernetes = new KubernetesClientBuilder().build();
            } catch (RuntimeException e) {
                throw new StartupException("CameraSource=kubernetes, but no Kubernetes API is configured ("
                        + e.getClass().getSimpleName() + "); run in a pod with a service account");
            }
            secrets = new KubernetesSecretReader(kubernetes);
        }
        // the Shifu discovery (single-pod modes only, see above) makes an in-cluster client, closed with the service
        AtomicReference<KubernetesClient> ownDiscoveryClient = new AtomicReference<>();
        Supplier<KubernetesClient> discoveryClient = () -> {
            KubernetesClient c = new KubernetesClientBuilder().build();
            ownDiscoveryClient.set(c);
            return c;
        };
        RecorderService service = start(configured, secrets, clock, discoveryClient, kubernetes, sharding);
        service.kubernetes = kubernetes;
        service.discoveryClient = ownDiscoveryClient.get();
        return service;
    }

    /**
     * As {@link #start(RecorderConfig, SecretReader, Clock)}; {@code kubernetes} gives the API client for the Shifu
     * discovery, asked for only when {@code ShifuDiscovery} is on (the caller keeps and closes that client).
     */
    public static RecorderService start(RecorderConfig configured, SecretReader secrets, Clock clock,
                                        Supplier<KubernetesClient> kubernetes) throws StartupException {
        return start(configured, secrets, clock, kubernetes, null, ShardingConfig.OFF);
    }

    private static RecorderService start(RecorderConfig configured, SecretReader secrets, Clock clock,
                                         Supplier<KubernetesClient> discoveryClient, KubernetesClient kubernetes,
                                         ShardingConfig sharding) throws StartupException {
        RecorderConfig config = configured.withSavePath(configured.savePath().toAbsolutePath().normalize());
        config.access().operatorTokens().forEach(SecretRedactor::register);
        config.access().viewerTokens().forEach(SecretRedactor::register);
        Path savePath = config.savePath();
        try {
            Files.createDirectories(savePath);
        } catch (IOException e) {
            throw new StartupException("FileSavePath " + savePath + " cannot be created (" + e.getClass()
                    .getSimpleName() + "); mount the recordings volume there or set FileSavePath");
        }
        if (!Files.isWritable(savePath)) {
            throw new StartupException("FileSavePath " + savePath + " is not writable by this user; give the pod an "
                    + "fsGroup (see docs) or fix the directory's owner");
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        SegmentCatalog catalog = new SegmentCatalog(savePath, config.defaults().namePattern(), clock);
        try {
            catalog.scan();
        } catch (IOException | RuntimeException e) {
            throw new StartupException("cannot read the recordings in " + savePath + ": " + e.getMessage());
        }
        boolean cleanStop = consumeCleanStopMarker(savePath);
        if (!cleanStop && catalog.size() > 0) {
            int repaired = CrashRecovery.repairNewestSegments(catalog);
            log.info("the last run did not stop cleanly: checked the newest segment of {} camera(s), {} repaired "
                    + "or removed", catalog.devices().size(), repaired);
        }
        Retention retention = new Retention(catalog, config.retention(), DiskSpace.of(savePath), clock, registry);
        retention.start();
        LivenessMonitor monitor = LivenessMonitor.start(clock);
        GapJournal gaps = new GapJournal(savePath);
        DeviceManager devices = new DeviceManager(config, new DeviceStore(savePath, clock),
                new DeviceServices(secrets, catalog, gaps, retention::trigger, clock, registry, monitor));
        ShardedRecording sharded = null;
        try {
            if (kubernetes != null) {
                sharded = ShardedRecording.start(sharding, kubernetes, devices, clock);
            } else {
                devices.start(cleanStop);
            }
        } catch (IOException | RuntimeException e) {
            devices.close();
            retention.close();
            monitor.close();
            throw new StartupException("cannot restore the cameras from " + savePath + ": " + e.getMessage());
        }
        Authorizer auth;
        FailedAuthLimiter limiter = new FailedAuthLimiter(clock);
        try {
            auth = new Authorizer(TokenRegistry.create(config.access(), savePath, clock), limiter,
                    new BrowserSessions(clock));
        } catch (IOException e) {
            devices.close();
            retention.close();
            monitor.close();
            throw new StartupException("cannot set up the API's tokens: " + e.getMessage());
        }
        RestreamServer restream = null;
        if (config.restream().enabled()) {
            try {
                restream = RestreamServer.start(config.restream(), devices, auth.tokens(), limiter, registry, clock);
                devices.restreamStatus(restream::status);
            } catch (IOException | RuntimeException e) {
                devices.close();
                retention.close();
                monitor.close();
                throw new StartupException("cannot listen for RTSP players on " + config.restream().bindAddress()
                        + ":" + config.restream().port() + " (" + e.getMessage() + "); set RTSPPort to a free port, "
                        + "or to off");
            }
        }
        AtomicInteger boundPort = new AtomicInteger(config.httpPort());
        Federation federation;
        try {
            federation = Federation.create(config.federation(), config.access(), boundPort::get);
        } catch (IOException e) {
            devices.close();
            retention.close();
            monitor.close();
            if (restream != null) {
                restream.close();
            }
            throw new StartupException(e.getMessage());
        }
        RecorderApi api = new RecorderApi(devices, catalog, gaps, registry, savePath, clock, version(), auth,
                config.access().metricsOpen(), federation);
        ApiServer http = new ApiServer(api, config.bindAddress(), config.httpPort(), auth, savePath);
        try {
            http.start();
        } catch (Exception e) {
            devices.close();
            retention.close();
            monitor.close();
            http.close();
            if (restream != null) {
                restream.close();
            }
            throw new StartupException("cannot listen on " + config.bindAddress() + ":" + config.httpPort() + " ("
                    + e.getMessage() + "); set HTTPPort to a free port");
        }
        boundPort.set(http.port());
        RecorderService service = new RecorderService(config, clock, devices, catalog, retention, http, monitor, auth,
                restream);
        if (config.discovery().shifu()) {
            try {
                KubernetesClient client = discoveryClient.get();
                String namespace = config.discovery().namespace() != null ? config.discovery().namespace()
                        : client.getNamespace() == null ? "default" : client.getNamespace();
                service.discovery = ShifuDiscovery.start(client, namespace, new DeviceList(devices));
            } catch (RuntimeException e) {
                service.close();
                throw new StartupException("ShifuDiscovery is on, but the EdgeDevices cannot be watched ("
                        + e.getClass().getSimpleName() + ": " + e.getMessage() + "); grant the service account "
                        + "list and watch on edgedevices.shifu.edgenesis.io, or set ShifuDiscovery=false");
            }
        }
        log.info("rtsp-recorder {} listening on port {}{}, recordings in {}{}", version(), http.port(),
                restream == null ? "" : " (RTSP restream on port " + restream.port() + ")", savePath,
                auth.open() ? " (API open to everyone: APIAuth=none)" : " (viewer and operator tokens required)");
        service.sharded = sharded;
        return service;
    }

    public int httpPort() {
        return http.port();
    }

    /** Where the generated operator token is, or null when tokens were configured (or the API is open). */
    public Path generatedTokenFile() {
        return auth.tokens().generatedTokenFile();
    }

    /**
     * The generated operator token itself, for the demo to print a command that works as it is (the demo runs on
     * loopback, for the person at its terminal); null when there is none.
     */
    public String generatedOperatorToken() {
        Path f = generatedTokenFile();
        try {
            return f == null ? null : Files.readString(f).strip();
        } catch (IOException e) {
            return null;
        }
    }

    /** The RTSP restream's port, or -1 when it is off. */
    public int rtspPort() {
        return restream == null ? -1 : restream.port();
    }

    public DeviceManager devices() {
        return devices;
    }

    public SegmentCatalog catalog() {
        return catalog;
    }

    public Retention retention() {
        return retention;
    }

    public RecorderConfig config() {
        return config;
    }

    /** Closes every file cleanly, then stops the API. Safe to call twice. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        Instant t0 = clock.instant();
        log.info("shutting down: closing the files of every camera");
        if (discovery != null) {
            discovery.close();
        }
        if (restream != null) {
            restream.close();
        }
        if (sharded != null) {
            sharded.close();
        }
        devices.close();
        if (kubernetes != null) {
            kubernetes.close();
        }
        if (discoveryClient != null) {
            discoveryClient.close();
        }
        monitor.close();
        retention.close();
        http.close();
        markCleanStop();
        try {
            if (!SegmentSync.awaitIdle(SYNC_ON_SHUTDOWN)) {
                log.warn("the volume did not confirm the last segments within {} s; they are complete in the page "
                        + "cache and reach the disk with the kernel's writeback", SYNC_ON_SHUTDOWN.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("shutdown complete in {} ms", Duration.between(t0, clock.instant()).toMillis());
    }

    /** Whether the last run stopped cleanly; the marker is removed, so a crash of this run is seen at the next. */
    private static boolean consumeCleanStopMarker(Path savePath) throws StartupException {
        try {
            return Files.deleteIfExists(VolumeLayout.cleanStopMarker(savePath));
        } catch (IOException e) {
            throw new StartupException("cannot write to " + savePath + " (" + e.getClass().getSimpleName()
                    + "); check the volume");
        }
    }

    /** Written last at shutdown: every file is closed, so the next start has nothing to repair. */
    private void markCleanStop() {
        try {
            Files.createDirectories(VolumeLayout.stateDirectory(config.savePath()));
            Files.writeString(VolumeLayout.cleanStopMarker(config.savePath()), clock.instant() + "\n");
        } catch (IOException e) {
            log.warn("cannot mark the clean stop on the volume ({}); the next start will treat this run as "
                    + "crashed", e.toString());
        }
    }

    /** The version this build was made from. */
    public static String version() {
        try (InputStream in = RecorderService.class.getResourceAsStream("version.txt")) {
            return in == null ? "dev" : new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "dev";
        }
    }

    /** The service cannot start for a reason the user can fix; the message says how. */
    public static final class StartupException extends Exception {
        private static final long serialVersionUID = 1L;

        public StartupException(String message) {
            super(message);
        }
    }
}
