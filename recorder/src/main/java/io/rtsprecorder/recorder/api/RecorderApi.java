package io.rtsprecorder.recorder.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.rtsprecorder.media.rtsp.CertificateFingerprint;
import io.rtsprecorder.recorder.device.DeviceException;
import io.rtsprecorder.recorder.device.DeviceManager;
import io.rtsprecorder.recorder.device.DeviceStatus;
import io.rtsprecorder.recorder.federation.Federation;
import io.rtsprecorder.recorder.hls.LiveHlsRegistry;
import io.rtsprecorder.recorder.hls.RecordedPlaylist;
import io.rtsprecorder.recorder.live.LiveFeed;
import io.rtsprecorder.recorder.live.QueueBudget;
import io.rtsprecorder.recorder.model.CameraDefinition;
import io.rtsprecorder.recorder.model.CameraSecurity;
import io.rtsprecorder.recorder.storage.ExportJobs;
import io.rtsprecorder.recorder.storage.GapJournal;
import io.rtsprecorder.recorder.storage.SegmentCatalog;
import io.rtsprecorder.recorder.web.WebAssets;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleConsumer;

/**
 * The service's HTTP API: recording on/off, the product design's camera management endpoints and their REST
 * equivalents under {@code /api/v1/devices}, status, health, metrics and the OpenAPI document. Every route is
 * declared in {@link #router()}; docs/openapi.yaml documents the same set (a test checks they agree).
 */
public final class RecorderApi implements AutoCloseable {

    static final String JSON = "application/json";
    private static final Set<String> REGISTER_FIELDS = Set.of("deviceName", "secretName", "serverAddress",
            "recording", "caFile", "tlsFingerprint", "allowBasicAuth");
    private static final Set<String> UNREGISTER_FIELDS = Set.of("deviceName");
    private static final Set<String> UPDATE_FIELDS = Set.of("deviceName", "record");
    private static final Set<String> PATCH_FIELDS = Set.of("recording", "caFile", "tlsFingerprint",
            "allowBasicAuth");

    private final DeviceManager devices;
    private final Federation federation;
    private final RecordingsApi recordings;
    private final HlsApi hls;
    private final LiveHlsRegistry liveHls;
    private final SessionApi sessions;
    private final ExportJobs exportJobs;
    private final ExportsApi exports;
    private final WebUiApi web;
    private final boolean metricsOpen;
    private final PrometheusMeterRegistry metrics;
    private final Path savePath;
    private final Clock clock;
    private final Instant startedAt;
    private final String version;

    public RecorderApi(DeviceManager devices, SegmentCatalog catalog, GapJournal gaps, PrometheusMeterRegistry metrics,
                       Path savePath, Clock clock, String version, Authorizer auth, boolean metricsOpen) {
        this(devices, catalog, gaps, metrics, savePath, clock, version, auth, metricsOpen, Federation.off());
    }

    /** With {@code federation}, footage listings, downloads, playback, exports and status cover every replica. */
    public RecorderApi(DeviceManager devices, SegmentCatalog catalog, GapJournal gaps, PrometheusMeterRegistry metrics,
                       Path savePath, Clock clock, String version, Authorizer auth, boolean metricsOpen,
                       Federation federation) {
        this.devices = devices;
        this.federation = federation;
        this.recordings = new RecordingsApi(catalog, gaps, clock, federation);
        this.liveHls = new LiveHlsRegistry(new LiveHlsRegistry.Cameras() {
            @Override
            public LiveFeed feed(String camera) {
                return devices.liveFeed(camera).orElseThrow(() -> new DeviceException(
                        DeviceException.Kind.NOT_FOUND, "no camera named '" + camera + "'"));
            }

            @Override
            public String notLive(String camera) {
                DeviceStatus s = devices.status(camera);
                return s.state() + (s.failure() == null ? "" : " (" + s.failure() + ")");
            }
        }, clock, QueueBudget.SHARED, latencyMeter(metrics));
        this.hls = new HlsApi(new RecordedPlaylist(catalog, gaps, clock), liveHls, recordings.peers(),
                recordings::holder, camera -> devices.liveFeed(camera).isPresent());
        this.sessions = new SessionApi(auth);
        this.exportJobs = new ExportJobs(catalog, federation.enabled() ? recordings.footage() : null, savePath, clock,
                ExportJobs.Limits.DEFAULT);
        this.exports = new ExportsApi(exportJobs);
        this.web = new WebUiApi(WebAssets.load());
        this.metricsOpen = metricsOpen;
        this.metrics = metrics;
        this.savePath = savePath;
        this.clock = clock;
        this.startedAt = clock.instant();
        this.version = version;
    }

    Router router() {
        Router r = new Router();
        for (String method : List.of("GET", "POST")) {
            r.operator(method, "/record/on", req -> json(200, devices.setRecording(device(req), true)));
            r.operator(method, "/record/off", req -> json(200, devices.setRecording(device(req), false)));
        }
        r.operator("POST", "/register", req -> json(201, devices.register(registration(req.body()))));
        r.operator("POST", "/unregister", req -> json(200, devices.unregister(
                JsonBodies.requiredString(JsonBodies.object(req.body(), UNREGISTER_FIELDS), "deviceName"))));
        r.operator("POST", "/update", this::update);
        r.viewer("GET", "/api/v1/devices", req -> json(200, recordings.peers().devices(req, devices.statuses())));
        r.operator("POST", "/api/v1/devices", req -> json(201, devices.register(registration(req.body()))));
        r.viewer("GET", "/api/v1/devices/{name}", this::deviceStatus);
        r.operator("PATCH", "/api/v1/devices/{name}", this::patch);
        r.operator("DELETE", "/api/v1/devices/{name}", req -> json(200, devices.unregister(req.pathParam("name"))));
        hls.addRoutes(r); // before the recordings' {name} routes, which would take index.m3u8
        recordings.addRoutes(r);
        exports.addRoutes(r);
        sessions.addRoutes(r);
        r.viewer("GET", "/status", req -> json(200, recordings.peers().withPeers(req, status())));
        r.open("GET", "/healthz", req -> json(200, Map.of("status", "ok")));
        r.open("GET", "/readyz", req -> devices.started() ? json(200, Map.of("status", "ready"))
                : json(503, Map.of("status", "starting")));
        r.add("GET", "/metrics", metricsOpen ? Router.Access.OPEN : Router.Access.VIEWER, req -> ApiResponse.text(200,
                "text/plain; version=0.0.4; charset=utf-8", metrics.scrape()));
        r.open("GET", "/openapi.yaml", req -> openApi());
        web.addRoutes(r);
        return r;
    }

    /** A camera's status; with peers, also of a camera another replica has (with its {@code replicaUrl}). */
    private ApiResponse deviceStatus(ApiRequest req) {
        String name = req.pathParam("name");
        try {
            return json(200, devices.status(name));
        } catch (DeviceException e) {
            if (e.kind() != DeviceException.Kind.NOT_FOUND || !recordings.peers().merged(req)) {
                throw e;
            }
            return json(200, recordings.peers().device(name, e));
        }
    }

    /** Seconds from a live frame's camera time to its HLS part being available: median and p95 in /metrics. */
    private static DoubleConsumer latencyMeter(PrometheusMeterRegistry metrics) {
        if (metrics == null) {
            return seconds -> { };
        }
        DistributionSummary summary = DistributionSummary.builder("recorder.live.hls.part.latency")
                .baseUnit("seconds").description("Camera wall clock of the newest frame in a live HLS part to the "
                        + "part being available").publishPercentiles(0.5, 0.95).register(metrics);
        return summary::record;
    }

    /** Stops the live muxers and cancels the background exports. */
    @Override
    public void close() {
        liveHls.close();
        exportJobs.close();
        federation.close();
    }

    private String device(ApiRequest req) {
        String name = req.query("device");
        return name == null || name.isBlank() ? devices.defaultCamera() : name;
    }

    private static CameraDefinition registration(byte[] body) {
        JsonNode n = JsonBodies.object(body, REGISTER_FIELDS);
        String name = JsonBodies.requiredString(n, "deviceName");
        String address = JsonBodies.requiredString(n, "serverAddress");
        String secretName = JsonBodies.optionalString(n, "secretName");
        Boolean recording = JsonBodies.optionalBoolean(n, "recording");
        try {
            return new CameraDefinition(name, address, null, secretName == null || secretName.isEmpty() ? null
                    : secretName, recording, CameraDefinition.Origin.API, security(n, CameraSecurity.DEFAULT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    private ApiResponse update(ApiRequest req) {
        JsonNode n = JsonBodies.object(req.body(), UPDATE_FIELDS);
        String name = JsonBodies.requiredString(n, "deviceName");
        Boolean record = JsonBodies.optionalBoolean(n, "record");
        if (record == null) {
            throw ApiException.badRequest("field 'record' is required (true or false)");
        }
        return json(200, devices.setRecording(name, record));
    }

    private ApiResponse patch(ApiRequest req) {
        JsonNode n = JsonBodies.object(req.body(), PATCH_FIELDS);
        Boolean recording = JsonBodies.optionalBoolean(n, "recording");
        boolean security = n.has("caFile") || n.has("tlsFingerprint") || n.has("allowBasicAuth");
        if (recording == null && !security) {
            throw ApiException.badRequest("field 'recording' (true or false), or one of caFile, tlsFingerprint, "
                    + "allowBasicAuth, is required");
        }
        String name = req.pathParam("name");
        DeviceStatus status = null;
        if (security) {
            status = devices.redefine(name, current -> {
                try {
                    return security(n, current);
                } catch (IllegalArgumentException e) {
                    throw ApiException.badRequest(e.getMessage());
                }
            });
        }
        if (recording != null) {
            status = devices.setRecording(name, recording);
        }
        return json(200, status);
    }

    /**
     * {@code current} with the TLS and authentication fields of a request body: a field present replaces the
     * setting, {@code null} or {@code ""} clears it, an absent one keeps it. A CA file must be readable PEM now.
     */
    private static CameraSecurity security(JsonNode n, CameraSecurity current) {
        Path caFile = current.caFile();
        if (n.has("caFile")) {
            String s = JsonBodies.optionalString(n, "caFile");
            caFile = s == null || s.isBlank() ? null : Path.of(s);
            String problem = caFile == null ? null : CameraSecurity.caFileProblem(caFile);
            if (problem != null) {
                throw ApiException.badRequest("field 'caFile': " + problem);
            }
        }
        List<CertificateFingerprint> pins = current.fingerprints();
        if (n.has("tlsFingerprint")) {
            String s = JsonBodies.optionalString(n, "tlsFingerprint");
            try {
                pins = CertificateFingerprint.parseList(s);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("field 'tlsFingerprint': " + e.getMessage());
            }
        }
        Boolean basic = JsonBodies.optionalBoolean(n, "allowBasicAuth");
        return new CameraSecurity(caFile, pins, basic != null ? basic
                : n.has("allowBasicAuth") ? false : current.allowBasicAuth());
    }

    private Map<String, Object> status() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("version", version);
        s.put("startedAt", startedAt);
        s.put("uptimeSeconds", Duration.between(startedAt, clock.instant()).toSeconds());
        s.put("savePath", savePath.toString());
        Map<String, Object> disk = new LinkedHashMap<>();
        try {
            FileStore store = Files.getFileStore(savePath);
            disk.put("totalBytes", store.getTotalSpace());
            disk.put("freeBytes", store.getUsableSpace());
            disk.put("writable", Files.isWritable(savePath));
        } catch (IOException e) {
            disk.put("error", "cannot read " + savePath + ": " + e.getClass().getSimpleName());
        }
        s.put("disk", disk);
        s.put("stateProblem", devices.stateProblem());
        List<DeviceStatus> list = devices.statuses();
        s.put("devices", list);
        return s;
    }

    private static ApiResponse openApi() {
        try (InputStream in = RecorderApi.class.getResourceAsStream("openapi.yaml")) {
            if (in == null) {
                throw new ApiException(404, "not_found", "the OpenAPI document is not packaged in this build");
            }
            return new ApiResponse(200, "application/yaml", in.readAllBytes(), Map.of());
        } catch (IOException e) {
            throw new ApiException(500, "internal", "cannot read the OpenAPI document");
        }
    }

    static ApiResponse json(int status, Object body) {
        return new ApiResponse(status, JSON, JsonBodies.write(body), Map.of());
    }

    /** The HTTP form of a {@link DeviceException}. */
    static ApiException toApi(DeviceException e) {
        return switch (e.kind()) {
            case NOT_FOUND -> new ApiException(404, "not_found", e.getMessage());
            case CONFLICT -> new ApiException(409, "conflict", e.getMessage());
            case INVALID -> new ApiException(400, "bad_request", e.getMessage());
            case STORAGE -> new ApiException(503, "storage_unavailable", e.getMessage());
        };
    }
}
