package io.rtsprecorder.recorder.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.rtsprecorder.media.mux.Container;
import io.rtsprecorder.media.record.SegmentNaming;
import io.rtsprecorder.media.rtsp.CertificateFingerprint;
import io.rtsprecorder.media.rtsp.RtspClientConfig;
import io.rtsprecorder.media.rtsp.wire.Credentials;
import io.rtsprecorder.media.rtsp.wire.RtspUrls;
import io.rtsprecorder.recorder.access.AccessConfig;
import io.rtsprecorder.recorder.model.CameraDefinition;
import io.rtsprecorder.recorder.model.CameraSecurity;
import io.rtsprecorder.recorder.model.RecordingDefaults;
import io.rtsprecorder.recorder.model.RestreamConfig;
import io.rtsprecorder.recorder.storage.RetentionPolicy;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads the configuration: environment variables (the product design's names, verbatim), then an optional YAML
 * file named by {@code ConfigFile}; the environment wins over the file, the file over the defaults.
 *
 * <p>Every problem is collected, not just the first, and reported as one line naming the variable (or YAML key)
 * and the values it accepts; see {@link ConfigException}. Secrets read from files lose one trailing newline, the
 * way {@code echo} and {@code kubectl create secret --from-file} leave them.
 */
public final class ConfigLoader {

    public static final String SERVER_ADDRESS = "RTSPServerAddress";
    public static final String USER_NAME = "UserName";
    public static final String PASSWORD = "PasswordSecret";
    public static final String PASSWORD_FILE = "PasswordFile";
    public static final String DEVICE_NAME = "DeviceName";
    public static final String SAVE_PATH = "FileSavePath";
    public static final String SEGMENT_DURATION = "SegmentDuration";
    public static final String ALIGN_TO_CLOCK = "SegmentAlignToClock";
    public static final String CONTAINER = "ContainerFormat";
    public static final String NAME_PATTERN = "FileNamePattern";
    public static final String TRANSPORT = "RTSPTransport";
    public static final String STREAM_TIMEOUT = "StreamTimeout";
    public static final String RECORD_ON_START = "RecordOnStart";
    public static final String PRE_ROLL = "PreRoll";
    /** PEM file of the CAs that sign the {@code rtsps://} cameras' certificates (default: the system's CAs). */
    public static final String CA_FILE = "RTSPCAFile";
    /** SHA-256 fingerprint(s) of the environment camera's own certificate, for a self-signed one. */
    public static final String TLS_FINGERPRINT = "RTSPTLSFingerprint";
    /** Whether the environment camera may get its password by Basic authentication over plain RTSP. */
    public static final String ALLOW_BASIC_AUTH = "RTSPAllowBasicAuth";
    public static final String HTTP_PORT = "HTTPPort";
    public static final String HTTP_ADDRESS = "HTTPAddress";
    public static final String RTSP_PORT = "RTSPPort";
    public static final String RTSP_ADDRESS = "RTSPAddress";
    public static final String RESTREAM_MAX_VIEWERS = "RestreamMaxViewers";
    public static final String RESTREAM_MAX_VIEWERS_PER_CAMERA = "RestreamMaxViewersPerCamera";
    public static final String API_TOKEN = "APIToken";
    public static final String API_TOKEN_FILE = "APITokenFile";
    public static final String VIEWER_TOKEN = "ViewerToken";
    public static final String VIEWER_TOKEN_FILE = "ViewerTokenFile";
    public static final String API_AUTH = "APIAuth";
    public static final String METRICS_ACCESS = "MetricsAccess";
    public static final String CONFIG_FILE = "ConfigFile";
    public static final String RETENTION_MAX_AGE = "RetentionMaxAge";
    public static final String RETENTION_MAX_BYTES = "RetentionMaxBytes";
    public static final String RETENTION_MAX_BYTES_PER_CAMERA = "RetentionMaxBytesPerCamera";
    public static final String RETENTION_MIN_FREE_PERCENT = "RetentionMinFreePercent";
    public static final String PEERS = "Peers";
    public static final String PEER_SERVICE = "PeerService";
    public static final String PEER_TOKEN_FILE = "PeerTokenFile";
    public static final String PEER_TIMEOUT = "PeerTimeout";
    public static final String REPLICA_NAME = "ReplicaName";
    public static final String SHIFU_DISCOVERY = "ShifuDiscovery";
    public static final String SHIFU_NAMESPACE = "ShifuNamespace";

    /** The environment camera's name when {@code DeviceName} is not set. */
    public static final String DEFAULT_DEVICE_NAME = "camera";
    public static final Path DEFAULT_SAVE_PATH = Path.of("/data");
    public static final int DEFAULT_HTTP_PORT = 8080;

    private static final Duration MIN_SEGMENT = Duration.ofSeconds(1);
    private static final Duration MAX_SEGMENT = Duration.ofHours(24);
    private static final Duration MIN_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);
    /** A pre-roll is held in memory (about 0.5 MB a second of a 4 Mbit/s camera): a minute at most. */
    private static final Duration MAX_PRE_ROLL = Duration.ofMinutes(1);
    private static final Set<String> TOP_KEYS = Set.of("fileSavePath", "httpPort", "httpAddress", "apiTokenFile",
            "viewerTokenFile", "apiAuth", "metricsAccess", "recording", "retention", "cameras", "restream");
    private static final Set<String> RESTREAM_KEYS = Set.of("port", "address", "maxViewers", "maxViewersPerCamera");
    private static final Set<String> RETENTION_KEYS = Set.of("maxAge", "maxBytes", "maxBytesPerCamera",
            "minFreePercent");
    private static final Set<String> RECORDING_KEYS = Set.of("segmentDuration", "alignToClock", "container",
            "fileNamePattern", "transport", "streamTimeout", "recordOnStart", "preRoll", "caFile");
    private static final Set<String> CAMERA_KEYS = Set.of("name", "address", "userName", "password", "passwordFile",
            "secretName", "record", "caFile", "tlsFingerprint", "allowBasicAuth");

    private final List<String> problems = new ArrayList<>();

    private ConfigLoader() {
    }

    /** The configuration from {@code env} (and the YAML file it names), or every problem with it. */
    public static RecorderConfig load(Map<String, String> env) throws ConfigException {
        return new ConfigLoader().read(env);
    }

    private RecorderConfig read(Map<String, String> env) throws ConfigException {
        JsonNode file = readYaml(env.get(CONFIG_FILE));
        JsonNode rec = file.path("recording");
        checkKeys(file, TOP_KEYS, "");
        checkKeys(rec, RECORDING_KEYS, "recording.");
        JsonNode ret = file.path("retention");
        checkKeys(ret, RETENTION_KEYS, "retention.");

        Path savePath = setting(env, SAVE_PATH, file, "fileSavePath", ConfigLoader::path, DEFAULT_SAVE_PATH);
        int port = setting(env, HTTP_PORT, file, "httpPort", ConfigLoader::port, DEFAULT_HTTP_PORT);
        String address = setting(env, HTTP_ADDRESS, file, "httpAddress", s -> s, "0.0.0.0");
        AccessConfig access = access(env, file);
        RestreamConfig restream = restream(env, file.path("restream"), address);

        RecordingDefaults d = RecordingDefaults.standard();
        Duration segment = setting(env, SEGMENT_DURATION, rec, "segmentDuration",
                s -> bounded(DurationText.parse(s), MIN_SEGMENT, MAX_SEGMENT), d.segmentDuration());
        boolean align = setting(env, ALIGN_TO_CLOCK, rec, "alignToClock", ConfigLoader::bool, d.alignToWallClock());
        Container container = setting(env, CONTAINER, rec, "container", Container::forRecording, d.container());
        String pattern = setting(env, NAME_PATTERN, rec, "fileNamePattern", ConfigLoader::pattern, d.namePattern());
        RtspClientConfig.Transport transport = setting(env, TRANSPORT, rec, "transport", ConfigLoader::transport,
                d.transport());
        Duration timeout = setting(env, STREAM_TIMEOUT, rec, "streamTimeout",
                s -> bounded(DurationText.parse(s), MIN_TIMEOUT, MAX_TIMEOUT), d.streamTimeout());
        boolean recordOnStart = setting(env, RECORD_ON_START, rec, "recordOnStart", ConfigLoader::bool,
                d.recordOnStart());
        Duration preRoll = setting(env, PRE_ROLL, rec, "preRoll",
                s -> bounded(DurationText.parse(s), Duration.ZERO, MAX_PRE_ROLL), d.preRoll());
        Path caFile = setting(env, CA_FILE, rec, "caFile", ConfigLoader::caFile, null);
        RecordingDefaults defaults = new RecordingDefaults(segment, align, container, pattern, transport, timeout,
                recordOnStart, preRoll, caFile);

        RetentionPolicy retention = new RetentionPolicy(
                setting(env, RETENTION_MAX_AGE, ret, "maxAge", s -> bounded(DurationText.parse(s), MIN_SEGMENT,
                        Duration.ofDays(36500)), null),
                setting(env, RETENTION_MAX_BYTES, ret, "maxBytes", SizeText::parse, 0L),
                setting(env, RETENTION_MAX_BYTES_PER_CAMERA, ret, "maxBytesPerCamera", SizeText::parse, 0L),
                setting(env, RETENTION_MIN_FREE_PERCENT, ret, "minFreePercent", ConfigLoader::percent,
                        RetentionPolicy.DEFAULT_MIN_FREE_PERCENT));

        Map<String, CameraDefinition> cameras = new LinkedHashMap<>();
        readFileCameras(file.path("cameras"), cameras);
        String defaultCamera = null;
        CameraDefinition envCamera = envCamera(env);
        if (envCamera != null) {
            cameras.put(envCamera.name(), envCamera);
            defaultCamera = envCamera.name();
        } else if (cameras.size() == 1) {
            defaultCamera = cameras.keySet().iterator().next();
        }
        if (transport == RtspClientConfig.Transport.UDP) {
            cameras.values().stream().filter(c -> RtspUrls.isSecure(c.url())).forEach(c -> problems.add(TRANSPORT
                    + ": udp, but camera '" + c.name() + "' is rtsps://, whose media travels only interleaved on "
                    + "the TLS connection; use tcp or auto"));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new RecorderConfig(savePath, address, port, access, defaults, List.copyOf(cameras.values()),
                defaultCamera, retention, restream, federation(env, port), discovery(env));
    }

    /** The other replicas (environment only): {@code Peers}, {@code PeerService} and their token and timeout. */
    private FederationConfig federation(Map<String, String> env, int httpPort) {
        List<URI> peers = new ArrayList<>();
        String list = env.get(PEERS);
        if (list != null) {
            for (String p : list.split(",")) {
                if (!p.isBlank()) {
                    URI u = parse(PEERS, p.strip(), ConfigLoader::peerUrl);
                    if (u != null) {
                        peers.add(u);
                    }
                }
            }
        }
        String service = env.get(PEER_SERVICE);
        Path tokenFile = tokenFile(PEER_TOKEN_FILE, env.get(PEER_TOKEN_FILE));
        Duration timeout = setting(env, PEER_TIMEOUT, MissingNode.getInstance(), "",
                s -> bounded(DurationText.parse(s), Duration.ofMillis(100), Duration.ofMinutes(1)),
                FederationConfig.DEFAULT_TIMEOUT);
        String replica = firstNonEmpty(env.get(REPLICA_NAME), env.get("POD_NAME"));
        return new FederationConfig(peers, service == null || service.isBlank() ? null : service.strip(), httpPort,
                tokenFile, timeout, replica);
    }

    private DiscoveryConfig discovery(Map<String, String> env) {
        boolean shifu = setting(env, SHIFU_DISCOVERY, MissingNode.getInstance(), "", ConfigLoader::bool, false);
        return new DiscoveryConfig(shifu, firstNonEmpty(env.get(SHIFU_NAMESPACE), env.get("POD_NAMESPACE")));
    }

    private static URI peerUrl(String s) {
        try {
            URI u = new URI(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
            if (("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null
                    && (u.getPath() == null || u.getPath().isEmpty()) && u.getUserInfo() == null) {
                return u;
            }
        } catch (URISyntaxException e) {
            // below
        }
        throw new IllegalArgumentException("'" + s + "' is not a peer base URL such as http://10.0.0.7:8080");
    }

    /** The restream's settings: port 8554 unless {@code 0} or {@code off}, the HTTP address unless set apart. */
    private RestreamConfig restream(Map<String, String> env, JsonNode section, String httpAddress) {
        checkKeys(section, RESTREAM_KEYS, "restream.");
        int port = setting(env, RTSP_PORT, section, "port", ConfigLoader::restreamPort, RestreamConfig.DEFAULT_PORT);
        String address = setting(env, RTSP_ADDRESS, section, "address", s -> s, httpAddress);
        int perCamera = setting(env, RESTREAM_MAX_VIEWERS_PER_CAMERA, section, "maxViewersPerCamera",
                ConfigLoader::viewerCount, RestreamConfig.DEFAULT_MAX_VIEWERS_PER_CAMERA);
        int total = setting(env, RESTREAM_MAX_VIEWERS, section, "maxViewers", ConfigLoader::viewerCount,
                RestreamConfig.DEFAULT_MAX_VIEWERS);
        return new RestreamConfig(address, port, perCamera, total);
    }

    /** A port, or -1 for {@code 0} and {@code off}: the restream is off. */
    private static int restreamPort(String s) {
        if (s.equalsIgnoreCase("off") || s.equals("0")) {
            return -1;
        }
        return integer(s, 1, 65535, "'" + s + "' is not a port; use 1-65535, or 0 or off to turn the restream off");
    }

    private static int viewerCount(String s) {
        return integer(s, 1, 10_000, "'" + s + "' is not a number of viewers; use 1-10000");
    }

    /** {@code s} as an integer from {@code min} to {@code max}; else an error with {@code problem}. */
    private static int integer(String s, int min, int max, String problem) {
        try {
            int n = Integer.parseInt(s);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(problem);
    }

    private CameraDefinition envCamera(Map<String, String> env) {
        String address = env.get(SERVER_ADDRESS);
        String name = firstNonEmpty(env.get(DEVICE_NAME), DEFAULT_DEVICE_NAME);
        String user = env.get(USER_NAME);
        String password = env.get(PASSWORD);
        String passwordFile = env.get(PASSWORD_FILE);
        if (address == null || address.isBlank()) {
            if (notEmpty(user) || notEmpty(password) || notEmpty(passwordFile)) {
                problems.add(SERVER_ADDRESS + ": not set, but " + USER_NAME + "/" + PASSWORD
                        + " are; set it to the camera's rtsp://host:port/path");
            }
            return null;
        }
        if (notEmpty(password) && notEmpty(passwordFile)) {
            problems.add(PASSWORD_FILE + ": set together with " + PASSWORD + "; give the password one way only");
            return null;
        }
        if (notEmpty(passwordFile)) {
            password = readSecretFile(PASSWORD_FILE, passwordFile);
        }
        CameraSecurity security = security(null, env.get(TLS_FINGERPRINT), TLS_FINGERPRINT,
                env.get(ALLOW_BASIC_AUTH), ALLOW_BASIC_AUTH);
        return camera(SERVER_ADDRESS, name, address, user, password, null, null, CameraDefinition.Origin.ENV,
                DEVICE_NAME, security);
    }

    private void readFileCameras(JsonNode list, Map<String, CameraDefinition> out) {
        if (list.isMissingNode() || list.isNull()) {
            return;
        }
        if (!list.isArray()) {
            problems.add("cameras (config file): must be a list of cameras");
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode c = list.get(i);
            String where = "cameras[" + i + "]";
            if (!c.isObject()) {
                problems.add(where + " (config file): must be a map with name, address, ...");
                continue;
            }
            checkKeys(c, CAMERA_KEYS, where + ".");
            String name = text(c.get("name"));
            String password = text(c.get("password"));
            String passwordFile = text(c.get("passwordFile"));
            if (password != null && passwordFile != null) {
                problems.add(where + ".passwordFile (config file): set together with password; give one");
                continue;
            }
            if (passwordFile != null) {
                password = readSecretFile(where + ".passwordFile", passwordFile);
            }
            Boolean record = null;
            if (c.hasNonNull("record")) {
                record = parse(where + ".record (config file)", text(c.get("record")), ConfigLoader::bool);
            }
            String caFile = text(c.get("caFile"));
            Path ca = caFile == null ? null : parse(where + ".caFile (config file)", caFile, ConfigLoader::caFile);
            CameraSecurity security = security(ca, text(c.get("tlsFingerprint")),
                    where + ".tlsFingerprint (config file)", text(c.get("allowBasicAuth")),
                    where + ".allowBasicAuth (config file)");
            CameraDefinition def = camera(where + ".address (config file)", name, text(c.get("address")),
                    text(c.get("userName")), password, text(c.get("secretName")), record,
                    CameraDefinition.Origin.FILE, where + ".name (config file)", security);
            if (def != null && out.putIfAbsent(def.name(), def) != null) {
                problems.add(where + ".name (config file): camera '" + def.name() + "' is defined twice");
            }
        }
    }

    /** A camera's TLS and authentication settings; a bad value is a problem named by its key. */
    private CameraSecurity security(Path caFile, String fingerprints, String fingerprintKey, String allowBasic,
                                    String allowBasicKey) {
        List<CertificateFingerprint> pins = fingerprints == null ? List.of()
                : parse(fingerprintKey, fingerprints, CertificateFingerprint::parseList);
        Boolean basic = allowBasic == null || allowBasic.isBlank() ? Boolean.FALSE
                : parse(allowBasicKey, allowBasic.strip(), ConfigLoader::bool);
        try {
            return new CameraSecurity(caFile, pins == null ? List.of() : pins, Boolean.TRUE.equals(basic));
        } catch (IllegalArgumentException e) {
            problems.add(fingerprintKey + ": " + e.getMessage());
            return CameraSecurity.DEFAULT;
        }
    }

    private CameraDefinition camera(String addressKey, String name, String address, String user, String password,
                                    String secretName, Boolean record, CameraDefinition.Origin origin,
                                    String nameKey, CameraSecurity security) {
        String nameProblem = CameraDefinition.nameProblem(name);
        if (nameProblem != null) {
            problems.add(nameKey + ": " + nameProblem);
            return null;
        }
        if (address == null || address.isBlank()) {
            problems.add(addressKey + ": missing; set it to the camera's rtsp://host:port/path");
            return null;
        }
        Credentials credentials = null;
        if (notEmpty(user) || password != null) {
            credentials = new Credentials(user == null ? "" : user, password == null ? "" : password);
        }
        try {
            return new CameraDefinition(name, address, credentials, secretName, record, origin, security);
        } catch (IllegalArgumentException e) {
            problems.add(addressKey + ": " + e.getMessage());
            return null;
        }
    }

    private JsonNode readYaml(String file) {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        if (file == null || file.isBlank()) {
            return yaml.createObjectNode();
        }
        try {
            JsonNode node = yaml.readTree(Files.readString(Path.of(file), StandardCharsets.UTF_8));
            if (node == null || node.isMissingNode() || node.isNull()) {
                return yaml.createObjectNode();
            }
            if (!node.isObject()) {
                problems.add(CONFIG_FILE + ": " + file + " must hold a YAML map (fileSavePath, recording, cameras)");
                return yaml.createObjectNode();
            }
            return node;
        } catch (JacksonException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            problems.add(CONFIG_FILE + ": " + file + " is not valid YAML" + where + ": " + e.getOriginalMessage());
        } catch (IOException | InvalidPathException e) {
            problems.add(CONFIG_FILE + ": cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
        }
        return yaml.createObjectNode();
    }

    private void checkKeys(JsonNode node, Set<String> known, String prefix) {
        if (!node.isObject()) {
            return;
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                problems.add(prefix + key + " (config file): unknown key; known keys: "
                        + String.join(", ", known.stream().sorted().toList()));
            }
        }
    }

    /** The environment's value if set, else the file's, else the default; a bad value is a problem. */
    private <T> T setting(Map<String, String> env, String variable, JsonNode section, String key,
                          Function<String, T> parser, T fallback) {
        String fromEnv = env.get(variable);
        if (fromEnv != null && !fromEnv.isBlank()) {
            T v = parse(variable, fromEnv.strip(), parser);
            return v == null ? fallback : v;
        }
        String fromFile = text(section.get(key));
        if (fromFile != null) {
            T v = parse(key + " (config file)", fromFile, parser);
            return v == null ? fallback : v;
        }
        return fallback;
    }

    private <T> T parse(String name, String value, Function<String, T> parser) {
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            problems.add(name + ": " + e.getMessage());
            return null;
        }
    }

    /** Tokens per role from the environment (comma-separated) and token files, which must be readable now. */
    private AccessConfig access(Map<String, String> env, JsonNode file) {
        boolean open = setting(env, API_AUTH, file, "apiAuth", ConfigLoader::apiAuth, false);
        boolean metricsOpen = setting(env, METRICS_ACCESS, file, "metricsAccess", ConfigLoader::metricsAccess, true);
        List<String> operators = tokens(env.get(API_TOKEN));
        List<String> viewers = tokens(env.get(VIEWER_TOKEN));
        Path operatorFile = tokenFile(API_TOKEN_FILE, firstNonEmpty(env.get(API_TOKEN_FILE),
                text(file.get("apiTokenFile"))));
        Path viewerFile = tokenFile(VIEWER_TOKEN_FILE, firstNonEmpty(env.get(VIEWER_TOKEN_FILE),
                text(file.get("viewerTokenFile"))));
        if (open && (!operators.isEmpty() || !viewers.isEmpty() || operatorFile != null || viewerFile != null)) {
            problems.add(API_AUTH + ": 'none' opens the API, but tokens are configured too; remove one of them");
        }
        return new AccessConfig(operators, operatorFile, viewers, viewerFile, open, metricsOpen);
    }

    private static List<String> tokens(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return java.util.Arrays.stream(value.split(",")).map(String::strip).filter(t -> !t.isEmpty()).toList();
    }

    /**
     * A token file must be readable now, with one exception: a file that does not exist in a directory that does is
     * accepted, because that is what a Kubernetes Secret mounted with {@code optional: true} looks like before the
     * Secret is created (TokenRegistry picks its tokens up once it appears). A wrong directory still fails.
     */
    private Path tokenFile(String variable, String file) {
        if (file == null) {
            return null;
        }
        try {
            Path p = Path.of(file);
            if (!Files.exists(p) && p.toAbsolutePath().getParent() != null
                    && Files.isDirectory(p.toAbsolutePath().getParent())) {
                return p;
            }
            Files.readAllLines(p, StandardCharsets.UTF_8);
            return p;
        } catch (IOException | InvalidPathException e) {
            problems.add(variable + ": cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
            return null;
        }
    }

    private static boolean apiAuth(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "none" -> true;
            case "token" -> false;
            default -> throw new IllegalArgumentException("'" + s + "' is not an API protection; use token (the "
                    + "default: viewer and operator tokens) or none (no token for anything)");
        };
    }

    private static boolean metricsAccess(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "open" -> true;
            case "viewer" -> false;
            default -> throw new IllegalArgumentException("'" + s + "' is not an access; use open or viewer");
        };
    }

    private String readSecretFile(String variable, String file) {
        try {
            String s = Files.readString(Path.of(file), StandardCharsets.UTF_8);
            if (s.endsWith("\r\n")) {
                return s.substring(0, s.length() - 2);
            }
            return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
        } catch (IOException | InvalidPathException e) {
            problems.add(variable + ": cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
            return null;
        }
    }

    private static Path path(String s) {
        try {
            Path p = Path.of(s);
            if (!p.isAbsolute() && !s.startsWith(".")) {
                throw new IllegalArgumentException("'" + s + "' must be an absolute path such as /data");
            }
            return p;
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("'" + s + "' is not a path");
        }
    }

    private static int port(String s) {
        try {
            int p = Integer.parseInt(s);
            if (p >= 0 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("'" + s + "' is not a port; use 1-65535 (0 picks a free one)");
    }

    private static int percent(String s) {
        try {
            int p = Integer.parseInt(s.endsWith("%") ? s.substring(0, s.length() - 1) : s);
            if (p >= 0 && p <= 90) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("'" + s + "' is not a percentage; use 0-90");
    }

    static boolean bool(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new IllegalArgumentException("'" + s + "' is not a switch; use true or false");
        };
    }

    private static String pattern(String s) {
        SegmentNaming.validate(s);
        return s;
    }

    private static RtspClientConfig.Transport transport(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "tcp" -> RtspClientConfig.Transport.TCP;
            case "udp" -> RtspClientConfig.Transport.UDP;
            case "auto" -> RtspClientConfig.Transport.AUTO;
            default -> throw new IllegalArgumentException("'" + s + "' is not a transport; use tcp (through "
                    + "deviceShifu-TCP and most firewalls), udp or auto");
        };
    }

    private static Path caFile(String s) {
        Path p = path(s);
        String problem = CameraSecurity.caFileProblem(p);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return p;
    }

    private static Duration bounded(Duration d, Duration min, Duration max) {
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new IllegalArgumentException("'" + DurationText.format(d) + "' is out of range; use "
                    + DurationText.format(min) + " to " + DurationText.format(max));
        }
        return d;
    }

    private static String text(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode() || n.isContainerNode()) {
            return null;
        }
        return n.asText();
    }

    private static String firstNonEmpty(String a, String b) {
        return notEmpty(a) ? a : (notEmpty(b) ? b : null);
    }

    private static boolean notEmpty(String s) {
        return s != null && !s.isEmpty();
    }
}
