package io.rtsprecorder.demo;

import io.rtsprecorder.camera.MockCamera;
import io.rtsprecorder.camera.MockCameraConfig;
import io.rtsprecorder.media.mux.Container;
import io.rtsprecorder.recorder.RecorderCommand;
import io.rtsprecorder.recorder.RecorderService;
import io.rtsprecorder.recorder.config.ConfigLoader;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rtsp-recorder demo}: the recorder beside an embedded mock camera, the quickest way to see it work.
 *
 * <p>It lives in a module of its own because it needs the mock camera (its classes, its sample clips, its
 * fault-injection admin server), none of which may ship in the recorder's jar or image. Both the API and the camera
 * bind to loopback only, and the API stays closed: the demo prints a ready-to-paste curl command carrying the
 * operator token the service generated on first start.
 */
@Command(name = "rtsp-recorder demo", mixinStandardHelpOptions = true, versionProvider = DemoCommand.Version.class,
        description = {"Starts a mock camera serving the bundled sample and records it in 10 s segments.",
            "Stop with Ctrl-C; every file is closed cleanly."})
public final class DemoCommand implements Callable<Integer> {

    /** The device name the demo records under. */
    static final String DEVICE = "demo";
    /** The mock camera's mount the demo records. */
    static final String MOUNT = "/h264";

    @Option(names = "--dir", description = "Where recordings go (default: ${DEFAULT-VALUE}).",
            defaultValue = "recordings")
    Path dir;

    @Option(names = "--http-port", description = "API port (default: ${DEFAULT-VALUE}).", defaultValue = "8080")
    int httpPort;

    @Option(names = "--rtsp-port", description = "Mock camera's RTSP port (default: ${DEFAULT-VALUE}).",
            defaultValue = "8554")
    int rtspPort;

    @Option(names = "--segment", description = "Segment duration (default: ${DEFAULT-VALUE}).",
            defaultValue = "10s")
    String segment;

    @Option(names = "--container", description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).",
            defaultValue = "mp4", completionCandidates = Containers.class)
    String container;

    public static void main(String[] args) {
        System.exit(new CommandLine(new DemoCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        MockCameraConfig cameraConfig = MockCameraConfig.loopback(MockCameraConfig.bundledMounts())
                .withPorts(rtspPort, -1);
        MockCamera camera;
        try {
            camera = MockCamera.start(cameraConfig);
        } catch (IOException e) {
            System.err.println("rtsp-recorder demo: cannot start the mock camera on port " + rtspPort + " ("
                    + e.getMessage() + "); choose another with --rtsp-port");
            return RecorderCommand.EXIT_STARTUP;
        }
        try (camera) {
            return RecorderCommand.run(environment(camera.url(MOUNT)),
                    service -> printInstructions(System.out, service, camera.url(MOUNT)));
        }
    }

    /** The service's configuration: one camera, this directory, the API on loopback. */
    private Map<String, String> environment(String cameraUrl) {
        Map<String, String> env = new HashMap<>();
        env.put(ConfigLoader.SERVER_ADDRESS, cameraUrl);
        env.put(ConfigLoader.DEVICE_NAME, DEVICE);
        env.put(ConfigLoader.SAVE_PATH, dir.toAbsolutePath().toString());
        env.put(ConfigLoader.SEGMENT_DURATION, segment);
        env.put(ConfigLoader.CONTAINER, container);
        env.put(ConfigLoader.HTTP_PORT, Integer.toString(httpPort));
        env.put(ConfigLoader.HTTP_ADDRESS, InetAddress.getLoopbackAddress().getHostAddress());
        env.put(ConfigLoader.RTSP_PORT, "off"); // the mock camera serves RTSP on --rtsp-port
        return env;
    }

    private void printInstructions(PrintStream out, RecorderService service, String cameraUrl) {
        String api = "http://127.0.0.1:" + service.httpPort();
        String auth = "-H 'Authorization: Bearer " + service.generatedOperatorToken() + "'";
        out.println();
        out.println("rtsp-recorder demo is running.");
        out.println("  camera (watch it): ffplay -rtsp_transport tcp " + cameraUrl);
        out.println("                     vlc --rtsp-tcp " + cameraUrl);
        out.println("  API:               curl " + auth + " " + api + "/status");
        out.println("                     curl " + auth + " -X POST " + api + "/record/off   (and /record/on)");
        out.println("  operator token:    " + service.generatedTokenFile());
        out.println("  web UI:            " + api + "/   (log in with the operator token above)");
        out.println("  recordings:        " + service.config().savePath().toAbsolutePath() + "/" + DEVICE + "/  ("
                + segment + " segments)");
        out.println("Press Ctrl-C to stop; the current file is closed cleanly.");
        out.println();
    }

    /** The recording containers, from {@link Container}. */
    static final class Containers implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Container.recordingNames().iterator();
        }
    }

    /** The version for {@code --version}: the recorder's. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"rtsp-recorder demo " + RecorderService.version()};
        }
    }
}
