package io.rtsprecorder.recorder.restream;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.rtsprecorder.media.rtsp.server.LiveSource;
import io.rtsprecorder.media.rtsp.server.RtspServer;
import io.rtsprecorder.recorder.access.FailedAuthLimiter;
import io.rtsprecorder.recorder.access.TokenRegistry;
import io.rtsprecorder.recorder.device.DeviceManager;
import io.rtsprecorder.recorder.device.DeviceStatus;
import io.rtsprecorder.recorder.live.LiveFeed;
import io.rtsprecorder.recorder.model.RestreamConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The RTSP restream: every camera at {@code rtsp://<host>:<RTSPPort>/<camera>}, from the recorder's one session
 * with it, for VLC, ffplay and any RTSP player. A player joins at the camera's cached keyframe, so the picture starts
 * at once; a player that falls behind loses frames (counted in {@code recorder.restream.frames.dropped}) and never
 * slows the recording or the other players. Only while the camera is connected (recording, or standing by for its
 * pre-roll); 503 with a reason otherwise.
 *
 * <p>Metrics per camera, tagged {@code device}: {@code recorder.restream.viewers} (players now) and
 * {@code recorder.restream.frames.dropped}.
 */
public final class RestreamServer implements AutoCloseable {

    /** Packet batches (about one frame each) that may wait for one player's socket. */
    static final int MAX_QUEUED_BATCHES = 64;
    /**
     * A player's socket send buffer: a second of a 2 Mbit/s camera. Fixed, so a player that stopped reading ties
     * up that much kernel memory rather than the 4 MiB autotuning grows to, and starts losing frames (counted)
     * seconds after it stopped rather than a minute.
     */
    static final int SEND_BUFFER_BYTES = 256 * 1024;
    static final Duration SESSION_TIMEOUT = Duration.ofSeconds(60);
    /** Connections beyond the viewers: players that are describing or setting up, or were just refused. */
    static final int SPARE_CONNECTIONS = 32;

    private final DeviceManager devices;
    private final RestreamAccess access;
    private final RestreamConfig config;
    private final Clock clock;
    private final MeterRegistry registry;
    private final AtomicInteger serviceViewers = new AtomicInteger();
    private final Map<String, Served> cameras = new ConcurrentHashMap<>();
    private final RtspServer server;
    /** {@code rtsp://host:port}: the address players reach the service at, as far as it can tell. */
    private final String base;

    /** A camera's source with its meters, for as long as the camera's feed is the same. */
    private record Served(CameraSource source, List<Meter> meters) {
    }

    private RestreamServer(RestreamConfig config, DeviceManager devices, TokenRegistry tokens,
                           FailedAuthLimiter limiter, MeterRegistry registry, Clock clock) throws IOException {
        this.devices = devices;
        this.config = config;
        this.clock = clock;
        this.registry = registry;
        this.access = new RestreamAccess(tokens, limiter);
        this.server = RtspServer.start(InetAddress.getByName(config.bindAddress()), config.port(),
                new RtspServer.Settings(SESSION_TIMEOUT, MAX_QUEUED_BATCHES, SEND_BUFFER_BYTES,
                        config.maxViewers() + SPARE_CONNECTIONS), this::find);
        this.base = "rtsp://" + host(config.bindAddress(), server) + ":" + server.port();
    }

    /**
     * The host in status URLs: the bound address, or, bound to all interfaces, this host's address (the pod's IP in
     * Kubernetes; loopback when it has none).
     */
    private static String host(String bindAddress, RtspServer server) {
        try {
            if (InetAddress.getByName(bindAddress).isAnyLocalAddress()) {
                String h = InetAddress.getLocalHost().getHostAddress();
                return h.contains(":") ? "[" + h + "]" : h;
            }
        } catch (IOException e) {
            // loopback, below
        }
        return server.hostForUrls();
    }

    /** Listens on the configured address and port; throws when it cannot. */
    public static RestreamServer start(RestreamConfig config, DeviceManager devices, TokenRegistry tokens,
                                       FailedAuthLimiter limiter, MeterRegistry registry, Clock clock)
            throws IOException {
        return new RestreamServer(config, devices, tokens, limiter, registry, clock);
    }

    public int port() {
        return server.port();
    }

    /** The camera's restream URL, without credentials. */
    public String url(String camera) {
        return base + "/" + URLEncoder.encode(camera, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The camera's restream for {@code /status}. */
    public DeviceStatus.Restream status(String camera) {
        Served s = cameras.get(camera);
        return new DeviceStatus.Restream(url(camera), s == null ? 0 : s.source().viewers());
    }

    /** Players watching now, over all cameras. */
    public int viewers() {
        return serviceViewers.get();
    }

    /** The source for a request path {@code /<camera>[/trackID=n]}: the camera's current feed, or null. */
    private LiveSource find(String path) {
        if (path.length() < 2) {
            return null;
        }
        int slash = path.indexOf('/', 1);
        String name = URLDecoder.decode(slash < 0 ? path.substring(1) : path.substring(1, slash),
                StandardCharsets.UTF_8);
        Optional<LiveFeed> feed = devices.liveFeed(name);
        if (feed.isEmpty()) {
            Served gone = cameras.get(name);
            if (gone != null && gone.source().viewers() == 0 && cameras.remove(name, gone)) {
                gone.meters().forEach(registry::remove);
            }
            return null;
        }
        Served s = cameras.compute(name, (n, old) -> {
            if (old != null && old.source().feed() == feed.get()) {
                return old;
            }
            if (old != null) {
                old.meters().forEach(registry::remove);
            }
            return served(n, feed.get());
        });
        return s.source();
    }

    private Served served(String name, LiveFeed feed) {
        CameraSource source = new CameraSource(name, feed, access, clock, config.maxViewersPerCamera(),
                serviceViewers, config.maxViewers());
        Tags tags = Tags.of("device", name);
        List<Meter> meters = List.of(
                Gauge.builder("recorder.restream.viewers", source, CameraSource::viewers)
                        .description("RTSP players watching the camera through the recorder").tags(tags)
                        .register(registry),
                FunctionCounter.builder("recorder.restream.frames.dropped", source, CameraSource::droppedFrames)
                        .description("Frames RTSP players of the camera did not get because they fell behind")
                        .tags(tags).register(registry));
        return new Served(source, meters);
    }

    @Override
    public void close() {
        server.close();
        for (Served s : cameras.values()) {
            s.meters().forEach(registry::remove);
        }
    }
}
