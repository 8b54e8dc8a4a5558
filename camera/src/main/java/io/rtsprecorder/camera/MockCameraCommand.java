package io.rtsprecorder.camera;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Command line of the mock camera: {@code java -jar mock-camera.jar --help}. */
@Command(name = "mock-camera", mixinStandardHelpOptions = true, version = "rtsp-recorder mock camera 0.1.0",
        sortOptions = false,
        description = {
            "Serves media files over RTSP, looped forever in real time, like an IP camera.",
            "Without --mount it serves the bundled samples at /h264, /h264-bframes and /h265.",
            "",
            "Watch: ffplay -rtsp_transport tcp rtsp://127.0.0.1:8554/h264   or   vlc --rtsp-tcp rtsp://...",
        },
        footer = {
            "",
            "Mounts:  --mount /cam1=/videos/lobby.mp4",
            "         --mount /cam2=bundled:h265-pcma-640x360-25fps.mov,auth=digest,user=admin,password=secret",
            "         --mount /cam3=/videos/door.mp4,sdp-parameter-sets=false,inband-parameter-sets=false",
            "         FILE is an MP4 or QuickTime file with H.264/H.265 video and AAC/G.711/PCM audio.",
            "         auth is basic or digest (MD5); user and password are required with it; password goes",
            "         last and may contain commas.",
            "         sdp-parameter-sets=false leaves SPS/PPS/VPS out of the SDP (they still come in band),",
            "         inband-parameter-sets=false sends keyframes without them; with both off nothing decodes.",
            "",
            "Faults:  --fault /cam1=refuse          answer 503 to DESCRIBE/SETUP/PLAY",
            "         --fault /cam1=drop            close all connections",
            "         --fault /cam1=silence:10      send no media (no RTP, no RTCP) for 10 s (1..3600)",
            "         --fault /cam1=garbage:500     write 500 bytes of garbage into each connection",
            "         --fault /cam1=restart         restart the clip with new SSRCs and timestamps",
            "         --fault /cam1=bye             RTCP BYE to every playing client, then no RTP/RTCP;",
            "                                       sessions stay open, new sessions stream normally",
            "         --fault /cam1=rtp-stall:10    no RTP for 10 s (1..3600), RTCP sender reports every second",
            "         --fault /cam1=ts-step:-100    RTP timestamps step back 100 ms (-10000..-1)",
            "         --fault /cam1=ts-jump:+30     RTP timestamps jump forward 30 s (1..86400)",
            "         --fault /cam1=password-change:20  refuse every password for 20 s (mounts with auth)",
            "         Faults given here fire --fault-delay seconds after start, then every --fault-every",
            "         seconds if set. While running, inject them over HTTP on the admin port:",
            "         curl -X POST http://127.0.0.1:8081/faults/cam1/drop",
            "         curl -X POST 'http://127.0.0.1:8081/faults/cam1/silence?seconds=10'",
            "         curl -X POST 'http://127.0.0.1:8081/faults/cam1/ts-step?millis=-100'",
            "         curl http://127.0.0.1:8081/status",
        })
public final class MockCameraCommand implements Callable<Integer> {

    @Option(names = "--bind", description = "Address to listen on (default: ${DEFAULT-VALUE}).",
            defaultValue = "0.0.0.0")
    String bind;

    @Option(names = "--port", description = "RTSP port (default: ${DEFAULT-VALUE}).", defaultValue = "8554")
    int port;

    @Option(names = "--admin-port", description = "HTTP admin port for fault injection and status; -1 disables "
            + "(default: ${DEFAULT-VALUE}).", defaultValue = "8081")
    int adminPort;

    @Option(names = "--mount", paramLabel = "/PATH=FILE[,OPTION=VALUE...]",
            description = "A path to serve and its clip, with options sdp-parameter-sets=true|false, "
                    + "inband-parameter-sets=true|false, auth=basic|digest, user=U, password=P (last); repeatable.")
    List<String> mounts = new ArrayList<>();

    @Option(names = "--session-timeout", description = "Seconds without a request after which a session is "
            + "closed (default: ${DEFAULT-VALUE}).", defaultValue = "60")
    int sessionTimeoutSeconds;

    @Option(names = "--fault", paramLabel = "/PATH=KIND[:ARG]",
            description = "A fault to inject: refuse, drop, silence:SECONDS, garbage:BYTES, restart, bye, "
                    + "rtp-stall:SECONDS, ts-step:-MS, ts-jump:+SECONDS or password-change:SECONDS; repeatable.")
    List<String> faults = new ArrayList<>();

    @Option(names = "--fault-delay",
            description = "Seconds after start before --fault fires (default: ${DEFAULT-VALUE}).",
            defaultValue = "10")
    int faultDelaySeconds;

    @Option(names = "--fault-every", description = "Repeat --fault every this many seconds; 0 fires once "
            + "(default: ${DEFAULT-VALUE}).", defaultValue = "0")
    int faultEverySeconds;

    public static void main(String[] args) {
        System.exit(new CommandLine(new MockCameraCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        List<MountConfig> mountConfigs = new ArrayList<>();
        for (String m : mounts) {
            mountConfigs.add(MountConfig.parse(m));
        }
        if (mountConfigs.isEmpty()) {
            mountConfigs.addAll(MockCameraConfig.bundledMounts());
        }
        List<FaultSpec> faultSpecs = new ArrayList<>();
        for (String f : faults) {
            faultSpecs.add(FaultSpec.parse(f));
        }
        MockCameraConfig config = new MockCameraConfig(InetAddress.getByName(bind), port, adminPort,
                Duration.ofSeconds(sessionTimeoutSeconds), mountConfigs, 500);
        MockCamera camera = MockCamera.start(config);
        for (FaultSpec f : faultSpecs) {
            camera.requireMount(f.mount());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            camera.close();
            stopped.countDown();
        }, "mock-camera-shutdown"));
        System.out.println("Mock camera listening on RTSP port " + camera.port()
                + (camera.adminPort() > 0 ? ", admin HTTP port " + camera.adminPort() : ""));
        for (String p : camera.mountPaths()) {
            System.out.println("  " + camera.url(p));
        }
        if (!faultSpecs.isEmpty()) {
            Thread.ofVirtual().name("fault-schedule").start(() -> runFaults(camera, faultSpecs));
        }
        stopped.await();
        return 0;
    }

    private void runFaults(MockCamera camera, List<FaultSpec> specs) {
        try {
            Thread.sleep(Duration.ofSeconds(faultDelaySeconds));
            do {
                for (FaultSpec f : specs) {
                    f.apply(camera);
                }
                if (faultEverySeconds > 0) {
                    Thread.sleep(Duration.ofSeconds(faultEverySeconds));
                }
            } while (faultEverySeconds > 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
