package io.rtsprecorder.recorder;

import io.rtsprecorder.recorder.config.ConfigException;
import io.rtsprecorder.recorder.config.ConfigLoader;
import io.rtsprecorder.recorder.config.RecorderConfig;
import io.rtsprecorder.recorder.k8s.ShardingConfig;
import io.rtsprecorder.recorder.secret.SecretReaders;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Command line of the service: {@code rtsp-recorder [serve]} runs it as configured by the environment (what the
 * container does), {@code rtsp-recorder export} cuts a time range out of a volume. The {@code demo} command lives in
 * the demo module, beside the mock camera, so that nothing of the mock camera ships in this jar or the image.
 */
@Command(name = "rtsp-recorder", mixinStandardHelpOptions = true, versionProvider = RecorderCommand.Version.class,
        subcommands = {RecorderCommand.Serve.class, ExportCommand.class},
        description = {
            "Records RTSP cameras without re-encoding into segmented MP4, FLV or MPEG-TS files.",
            "Without a subcommand it runs 'serve'. Configuration: environment variables, see docs/configuration.md.",
            "bin/rtsp-recorder demo runs it beside a mock camera (the demo module).",
        })
public final class RecorderCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(RecorderCommand.class);

    /** Exit code for a configuration the service cannot start with. */
    public static final int EXIT_CONFIG = 2;
    /** Exit code for an environment it cannot start in (volume not writable, port taken). */
    public static final int EXIT_STARTUP = 1;

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

    /**
     * Loads the configuration from {@code env}, starts the service, hands it to {@code started} (may be null), waits
     * for SIGTERM or SIGINT and shuts down. Returns the process exit code: 0 after a clean shutdown,
     * {@link #EXIT_CONFIG} or {@link #EXIT_STARTUP} when it could not start (the reason printed to stderr).
     * Public for the demo module, which runs the service the same way beside its mock camera.
     */
    public static int run(Map<String, String> env, java.util.function.Consumer<RecorderService> started)
            throws InterruptedException {
        RecorderConfig config;
        ShardingConfig sharding;
        try {
            config = ConfigLoader.load(env);
            sharding = ShardingConfig.fromEnvironment(env);
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
            service = RecorderService.start(config, SecretReaders.forEnvironment(env), Clock.systemUTC(),
                    sharding);
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
