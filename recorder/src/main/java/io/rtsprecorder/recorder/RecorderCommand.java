package io.rtsprecorder.recorder;

import io.rtsprecorder.camera.MockCamera;
import io.rtsprecorder.camera.MockCameraConfig;
import io.rtsprecorder.media.mux.Container;
import io.rtsprecorder.recorder.config.ConfigException;
import io.rtsprecorder.recorder.config.ConfigLoader;
import io.rtsprecorder.recorder.config.RecorderConfig;
import io.rtsprecorder.recorder.secret.SecretReaders;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Command line of the service: {@code rtsp-recorder [serve]} runs it as configured by the environment (what the
 * container does), {@code rtsp-recorder demo} runs it against an embedded mock camera.
 */
@Command(name = "rtsp-recorder", mixinStandardHelpOptions = true, versionProvider = RecorderCommand.Version.class,
        subcommands = {RecorderCommand.Serve.class, RecorderCommand.Demo.class, ExportCommand.class},
        description = {
            "Records RTSP cameras without re-encoding into segmented MP4, FLV or MPEG-TS files.",
            "Without a subcommand it runs 'serve'. Configuration: environment variables, see docs/configuration.md.",
        })
public final class RecorderCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(RecorderCommand.class);

    /** Exit code for a configuration the service cannot start with. */
    static final int EXIT_CONFIG = 2;
    /** Exit code for an environment it cannot start in (volume not writable, port taken). */
    static final int EXIT_STARTUP = 1;

    public static void main(String[] args) {
        System.exit(new CommandLine(new RecorderCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        return new Serve().call();
    }

    /** Runs the service until SIGTERM or SIGINT; exit 0 after every file is closed. */
    @Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = "Runs the service as configured by environment variables (and ConfigFile).")
    static final class Serve implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            return run(System.getenv(), null);
        }
    }

    /** Runs the service beside an embedded mock camera: the quickest way to see it work. */
    @Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = {"Starts a mock camera serving the bundled sample and records it in 10 s segments.",
                "Stop with Ctrl-C; every file is closed cleanly."})
    static final class Demo implements Callable<Integer> {

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

        /** The recording containers, from {@link Container}. */
        static final class Containers implements Iterable<String> {
            @Override
            public Iterator<String> iterator() {
                return Container.recordingNames().iterator();
            }
        }

        @Override
        public Integer call() throws Exception {
            MockCameraConfig cameraConfig = MockCameraConfig.loopback(MockCameraConfig.bundledMounts())
                    .withPorts(rtspPort, -1);
            MockCamera camera;
            try {
                camera = MockCamera.start(cameraConfig);
            } catch (java.io.IOException e) {
                System.err.println("rtsp-recorder demo: cannot start the mock camera on port " + rtspPort + " ("
                        + e.getMessage() + "); choose another with --rtsp-port");
                return EXIT_STARTUP;
            }
            try (camera) {
                Map<String, String> env = new HashMap<>();
                env.put(ConfigLoader.SERVER_ADDRESS, camera.url("/h264"));
                env.put(ConfigLoader.DEVICE_NAME, "demo");
                env.put(ConfigLoader.SAVE_PATH, dir.toAbsolutePath().toString());
                env.put(ConfigLoader.SEGMENT_DURATION, segment);
                env.put(ConfigLoader.CONTAINER, container);
                env.put(ConfigLoader.HTTP_PORT, Integer.toString(httpPort));
                env.put(ConfigLoader.HTTP_ADDRESS, InetAddress.getLoopbackAddress().getHostAddress());
                env.put(ConfigLoader.RTSP_PORT, "off"); // the mock camera serves RTSP on --rtsp-port
                return run(env, service -> {
                    String api = "http://127.0.0.1:" + service.httpPort();
                    String auth = "-H 'Authorization: Bearer " + service.generatedOperatorToken() + "'";
                    System.out.println();
                    System.out.println("rtsp-recorder demo is running.");
                    System.out.println("  camera (watch it): ffplay -rtsp_transport tcp " + camera.url("/h264"));
                    System.out.println("                     vlc --rtsp-tcp " + camera.url("/h264"));
                    System.out.println("  API:               curl " + auth + " " + api + "/status");
                    System.out.println("                     curl " + auth + " -X POST " + api
                            + "/record/off   (and /record/on)");
                    System.out.println("  operator token:    " + service.generatedTokenFile());
                    System.out.println("  recordings:        " + service.config().savePath().toAbsolutePath()
                            + "/demo/  (" + segment + " segments)");
                    System.out.println("Press Ctrl-C to stop; the current file is closed cleanly.");
                    System.out.println();
                });
            }
        }
    }

    /** Loads the configuration from {@code env}, starts the service, waits for a signal, shuts down. */
    static int run(Map<String, String> env, java.util.function.Consumer<RecorderService> started)
            throws InterruptedException {
        RecorderConfig config;
        try {
            config = ConfigLoader.load(env);
        } catch (ConfigException e) {
            for (String problem : e.problems()) {
                System.err.println("configuration: " + problem);
            }
            System.err.println("rtsp-recorder not started: " + e.problems().size() + " configuration problem(s)");
            return EXIT_CONFIG;
        }
        ShutdownSignal signal = new ShutdownSignal().install();
        RecorderService service;
        try {
            service = RecorderService.start(config, SecretReaders.forEnvironment(env), Clock.systemUTC());
        } catch (RecorderService.StartupException e) {
            System.err.println("rtsp-recorder not started: " + e.getMessage());
            return EXIT_STARTUP;
        }
        if (started != null) {
            started.accept(service);
        }
        String name = signal.await();
        log.info("{} received", name);
        service.close();
        return 0;
    }

    /** The version for {@code --version}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"rtsp-recorder " + RecorderService.version()};
        }
    }

}
