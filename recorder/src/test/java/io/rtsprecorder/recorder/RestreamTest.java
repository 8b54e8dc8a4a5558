package io.rtsprecorder.recorder;

import static io.rtsprecorder.recorder.RecorderHarness.inState;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtsprecorder.camera.MockCamera;
import io.rtsprecorder.camera.MockCameraConfig;
import io.rtsprecorder.camera.MountConfig;
import io.rtsprecorder.recorder.config.ConfigLoader;
import io.rtsprecorder.testsupport.GstPreset;
import io.rtsprecorder.testsupport.GstRtspServer;
import io.rtsprecorder.testsupport.MediaOracle;
import io.rtsprecorder.testsupport.PacketInfo;
import io.rtsprecorder.testsupport.PeerEnvironment;
import io.rtsprecorder.testsupport.ProbeResult;
import io.rtsprecorder.testsupport.ProcessResult;
import io.rtsprecorder.testsupport.RtspTestClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Watching through the recorder: RTSP players (ffprobe and ffmpeg, over TCP and UDP) read each camera at
 * {@code rtsp://host:RTSPPort/<camera>} from the recorder's one session with it, while it records. They need a
 * viewer's (or operator's) token as password, start at a keyframe, and a player that stops reading loses frames
 * (counted) without holding up the recording or another player.
 */
class RestreamTest {

    static final String OPERATOR = "operator-token-for-restream-tests";
    static final String VIEWER = "viewer-token-for-restream-tests";
    static final Duration TO_RECORDING = Duration.ofSeconds(15);
    /** Debian's Python, which has GStreamer through gi. */
    static final Path PYTHON = Path.of("/usr/bin/python3");
    /** The header a player sends with the viewer token as password. */
    static final String VIEWER_AUTH = "Authorization: Basic " + Base64.getEncoder().encodeToString(
            ("viewer:" + VIEWER).getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path dir;

    private final MediaOracle oracle = MediaOracle.get();

    @Test
    void playersWatchTheMockCameraOverTcpAndUdpWithAViewerToken() throws Exception {
        try (MockCamera camera = mockCamera();
             RecorderHarness recorder = start(camera.url("/cam"), Map.of())) {
            recorder.awaitDevice("camera", inState("RECORDING"), TO_RECORDING);
            int port = recorder.service.rtspPort();
            String open = "rtsp://127.0.0.1:" + port + "/camera";

            ProcessResult refused = oracle.ffprobe(Duration.ofSeconds(20), "-v", "error", "-rtsp_transport", "tcp",
                    open);
            assertThat(refused.succeeded()).as("no token: refused").isFalse();
            assertThat(refused.stderr()).contains("401");
            ProcessResult wrong = oracle.ffprobe(Duration.ofSeconds(20), "-v", "error", "-rtsp_transport", "tcp",
                    withToken(port, "camera", "not-a-token"));
            assertThat(wrong.stderr()).contains("401");

            String url = withToken(port, "camera", VIEWER);
            ProbeResult probe = oracle.probeRtsp(url, "tcp", Duration.ofSeconds(10));
            assertThat(probe.video()).get().extracting(s -> s.codecName()).isEqualTo("h264");
            assertThat(probe.video().get().width()).isEqualTo(640);
            assertThat(probe.audio()).get().extracting(s -> s.codecName()).isEqualTo("aac");

            for (String transport : List.of("tcp", "udp")) {
                Path watched = dir.resolve("watched-" + transport + ".mkv");
                ProcessResult r = oracle.recordRtsp(url, transport, 4, watched);
                assertThat(r.succeeded()).as("ffmpeg over %s: %s", transport, r.describe()).isTrue();
                judgeWatched(watched, 4, "aac");
            }
            JsonNode status = recorder.device("camera");
            assertThat(status.path("restream").path("url").asText()).isEqualTo(open);
            assertThat(status.path("restream").path("viewers").asInt()).isZero();
            assertThat(status.path("reconnects").asLong()).as("one camera session throughout").isZero();
            assertThat(camera.status().get(0).clients()).as("the camera sees the recorder only").isEqualTo(1);

            String tokenInUrl = withToken(port, "camera", OPERATOR);
            assertThat(oracle.probeRtsp(tokenInUrl, "tcp", Duration.ofSeconds(10)).video()).as("operator token")
                    .isPresent();
            recorder.post("/record/off", null);
            recorder.awaitDevice("camera", inState("IDLE"), Duration.ofSeconds(15));
            recorder.assertAllDecodeCleanly();
        }
    }

    @Test
    void playersWatchAGstreamerCameraThroughTheRecorder() throws Exception {
        GstPreset preset = GstPreset.H264_AAC;
        try (GstRtspServer server = GstRtspServer.start(dir.resolve("gst"), preset);
             RecorderHarness recorder = start(server.url(preset), Map.of())) {
            recorder.awaitDevice("camera", inState("RECORDING"), TO_RECORDING);
            String url = withToken(recorder.service.rtspPort(), "camera", VIEWER);
            for (String transport : List.of("tcp", "udp")) {
                Path watched = dir.resolve("gst-" + transport + ".mkv");
                ProcessResult r = oracle.recordRtsp(url, transport, 4, watched);
                assertThat(r.succeeded()).as("ffmpeg over %s: %s", transport, r.describe()).isTrue();
                judgeWatched(watched, 4, "aac");
            }
            server.checkAlive();
        }
    }

    /**
     * GStreamer's {@code rtspsrc} (through Debian's python3-gi: there is no gst-launch here) plays the restream
     * over TCP for five seconds, decoding the video; prints the counts of decoded video frames and AAC buffers.
     */
    static final String GST_CLIENT = String.join("\n",
            "import sys",
            "import gi",
            "gi.require_version('Gst', '1.0')",
            "from gi.repository import Gst, GLib",
            "Gst.init(None)",
            "p = Gst.parse_launch('rtspsrc name=src protocols=tcp latency=100 location=' + sys.argv[1]",
            "    + ' user-id=viewer user-pw=' + sys.argv[2]",
            "    + ' src. ! rtph264depay ! h264parse ! avdec_h264 ! fakesink name=v sync=false'",
            "    + ' src. ! rtpmp4gdepay ! aacparse ! fakesink name=a sync=false')",
            "counts = {'v': 0, 'a': 0}",
            "def counter(name):",
            "    def probe(pad, info):",
            "        counts[name] += 1",
            "        return Gst.PadProbeReturn.OK",
            "    return probe",
            "for n in counts:",
            "    p.get_by_name(n).get_static_pad('sink').add_probe(Gst.PadProbeType.BUFFER, counter(n))",
            "loop = GLib.MainLoop()",
            "errors = []",
            "def on_message(bus, m):",
            "    if m.type == Gst.MessageType.ERROR:",
            "        errors.append(str(m.parse_error()[0].message))",
            "        loop.quit()",
            "bus = p.get_bus()",
            "bus.add_signal_watch()",
            "bus.connect('message', on_message)",
            "p.set_state(Gst.State.PLAYING)",
            "GLib.timeout_add_seconds(int(sys.argv[3]), loop.quit)",
            "loop.run()",
            "p.set_state(Gst.State.NULL)",
            "print('VIDEO %d AUDIO %d ERRORS %s' % (counts['v'], counts['a'], '|'.join(errors) or 'none'))");

    @Test
    void gstreamerRtspsrcPlaysTheRestreamOverTcp() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(PYTHON) || peersRequired(), "no " + PYTHON + " for GStreamer");
        try (MockCamera camera = mockCamera();
             RecorderHarness recorder = start(camera.url("/cam"), Map.of())) {
            recorder.awaitDevice("camera", inState("RECORDING"), TO_RECORDING);
            Path script = dir.resolve("rtspsrc-client.py");
            Files.writeString(script, GST_CLIENT);
            String url = "rtsp://127.0.0.1:" + recorder.service.rtspPort() + "/camera";
            Process gst = new ProcessBuilder(PYTHON.toString(), script.toString(), url, VIEWER, "5")
                    .redirectErrorStream(true).start();
            String output;
            try (InputStream in = gst.getInputStream()) {
                if (!gst.waitFor(60, TimeUnit.SECONDS)) {
                    gst.destroyForcibly();
                    throw new AssertionError("the GStreamer client did not stop within 60 s");
                }
                output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Matcher m = Pattern.compile("VIDEO (\\d+) AUDIO (\\d+) ERRORS (.*)").matcher(output);
            assertThat(m.find()).as("client output: %s", output).isTrue();
            System.out.printf("restream: GStreamer rtspsrc decoded %s video frames, %s AAC frames in 5 s%n",
                    m.group(1), m.group(2));
            assertThat(m.group(3).strip()).as(output).isEqualTo("none");
            assertThat(Integer.parseInt(m.group(1))).as("decoded video frames in 5 s at 25 fps").isGreaterThan(75);
            assertThat(Integer.parseInt(m.group(2))).as("AAC frames").isGreaterThan(75);
        }
    }

    private static boolean peersRequired() {
        String v = System.getenv(PeerEnvironment.REQUIRE_PEERS);
        return v != null && (v.equals("1") || v.equalsIgnoreCase("true"));
    }

    @Test
    void aPlayerThatStopsReadingLosesFramesAndHoldsUpNobody() throws Exception {
        try (MockCamera camera = mockCamera();
             RecorderHarness recorder = start(camera.url("/cam"), Map.of())) {
            recorder.awaitDevice("camera", inState("RECORDING"), TO_RECORDING);
            int port = recorder.service.rtspPort();
            try (Socket stuck = stuckPlayer(port, "camera")) {
                long stuckAt = System.nanoTime();
                long deadline = stuckAt + Duration.ofSeconds(90).toNanos();
                double dropped = 0;
                while (dropped == 0 && System.nanoTime() < deadline) {
                    Thread.sleep(1000);
                    dropped = droppedFrames(recorder);
                }
                assertThat(dropped).as("frames the stuck player lost, counted").isPositive();
                System.out.printf("restream: a player that stopped reading lost its first frames after %.1f s%n",
                        (System.nanoTime() - stuckAt) / 1e9);
                assertThat(recorder.device("camera").path("restream").path("viewers").asInt()).isEqualTo(1);

                long writtenBefore = recorder.device("camera").path("framesWritten").asLong();
                Path watched = dir.resolve("beside-a-stuck-one.mkv");
                ProcessResult r = oracle.recordRtsp(withToken(port, "camera", VIEWER), "tcp", 4, watched);
                assertThat(r.succeeded()).as(r.describe()).isTrue();
                judgeWatched(watched, 4, "aac");
                JsonNode after = recorder.device("camera");
                assertThat(after.path("framesWritten").asLong() - writtenBefore).as("recording went on")
                        .isGreaterThan(75);
                assertThat(after.path("framesDropped").asLong()).as("the recording lost nothing").isZero();
                assertThat(after.path("state").asText()).isEqualTo("RECORDING");
                System.out.printf("restream: a player that stopped reading lost %.0f frames; recording and "
                        + "another player unaffected%n", dropped);
            }
            recorder.post("/record/off", null);
            recorder.awaitDevice("camera", inState("IDLE"), Duration.ofSeconds(15));
            recorder.assertAllDecodeCleanly();
        }
    }

    /**
     * 50 players of one camera (the default limit) for 20 s while it records (60 s and more with
     * {@code RESTREAM_CROWD_SECONDS=60} in the environment, as for the figures in docs/watch.md): each receives
     * every RTP packet of the video (no sequence gap, frames counted at the player), the camera sees one session, the
     * recording loses nothing. Prints the service's CPU per player (the test's own JVM, players' reading included).
     */
    static final int CROWD = 50;
    static final int CROWD_SECONDS = Integer.parseInt(System.getenv().getOrDefault("RESTREAM_CROWD_SECONDS", "20"));

    @Test
    void fiftyPlayersEachGetEveryFrameWhileTheCameraSeesOneSession() throws Exception {
        try (MockCamera camera = mockCamera();
             RecorderHarness recorder = start(camera.url("/cam"), Map.of())) {
            recorder.awaitDevice("camera", inState("RECORDING"), TO_RECORDING);
            int port = recorder.service.rtspPort();
            double idleCpu = cpuSecondsOver(Duration.ofSeconds(5));
            List<CountingPlayer> players = new ArrayList<>();
            try {
                for (int i = 0; i < CROWD; i++) {
                    players.add(CountingPlayer.start(port, "camera"));
                }
                assertThat(recorder.device("camera").path("restream").path("viewers").asInt()).isEqualTo(CROWD);
                double crowdCpu = cpuSecondsOver(Duration.ofSeconds(CROWD_SECONDS));
                assertThat(camera.status().get(0).clients()).as("the camera sees one session").isEqualTo(1);
                for (CountingPlayer p : players) {
                    p.stop();
                }
                long least = Long.MAX_VALUE;
                long most = 0;
                for (CountingPlayer p : players) {
                    assertThat(p.failure).as("player failure").isNull();
                    assertThat(p.sequenceGaps).as("RTP packets a player missed").isZero();
                    least = Math.min(least, p.videoFrames);
                    most = Math.max(most, p.videoFrames);
                }
                assertThat(least).as("video frames at the slowest-starting player").isGreaterThan(CROWD_SECONDS * 25L
                        - 50);
                assertThat(droppedFrames(recorder)).as("frames the players lost").isZero();
                double perPlayer = (crowdCpu / CROWD_SECONDS - idleCpu / 5) / CROWD;
                System.out.printf("restream: %d players for %d s, video frames per player %d to %d, none lost; "
                        + "CPU %.3f s/s recording alone, %.3f s/s with the players: %.2f ms of CPU per player per "
                        + "second (players' reading included)%n", CROWD, CROWD_SECONDS, least, most, idleCpu / 5,
                        crowdCpu / CROWD_SECONDS, perPlayer * 1000);
            } finally {
                for (CountingPlayer p : players) {
                    p.stop();
                }
            }
            JsonNode after = recorder.device("camera");
            assertThat(after.path("framesDropped").asLong()).as("the recording lost nothing").isZero();
            assertThat(after.path("reconnects").asLong()).isZero();
            recorder.post("/record/off", null);
            recorder.awaitDevice("camera", inState("IDLE"), Duration.ofSeconds(15));
            recorder.assertAllDecodeCleanly();
        }
    }

    /** CPU seconds this process used over {@code d}. */
    private static double cpuSecondsOver(Duration d) throws InterruptedException {
        double before = MockCamera.processCpuSeconds();
        Thread.sleep(d.toMillis());
        return MockCamera.processCpuSeconds() - before;
    }

    /**
     * A player over TCP that sets up video and audio, plays, and counts what arrives on the video channel: frames
     * (packets with the marker bit) and gaps in the sequence numbers. Reads on its own virtual thread.
     */
    static final class CountingPlayer {
        /** Players keep their session alive as VLC and ffmpeg do; the server drops a silent one after 60 s. */
        static final long KEEPALIVE_NANOS = Duration.ofSeconds(20).toNanos();
        final RtspTestClient client;
        final String url;
        final String session;
        final Thread reader;
        volatile boolean stopping;
        volatile long videoFrames;
        volatile long sequenceGaps;
        volatile String failure;

        private CountingPlayer(RtspTestClient client, String url, String session) {
            this.client = client;
            this.url = url;
            this.session = session;
            this.reader = Thread.ofVirtual().start(this::read);
        }

        static CountingPlayer start(int port, String camera) throws IOException {
            String url = "rtsp://127.0.0.1:" + port + "/" + camera;
            String auth = VIEWER_AUTH;
            RtspTestClient c = RtspTestClient.connect("127.0.0.1", port, Duration.ofSeconds(10));
            assertThat(c.request("DESCRIBE", url, auth).status()).isEqualTo(200);
            RtspTestClient.Response video = c.request("SETUP", url + "/trackID=0", auth,
                    "Transport: RTP/AVP/TCP;unicast;interleaved=0-1");
            assertThat(video.status()).isEqualTo(200);
            assertThat(c.request("SETUP", url + "/trackID=1", auth, "Session: " + video.session(),
                    "Transport: RTP/AVP/TCP;unicast;interleaved=2-3").status()).isEqualTo(200);
            assertThat(c.request("PLAY", url, auth, "Session: " + video.session()).status()).isEqualTo(200);
            return new CountingPlayer(c, url, video.session());
        }

        private void read() {
            int last = -1;
            long keepAliveAt = System.nanoTime() + KEEPALIVE_NANOS;
            try {
                while (!stopping) {
                    if (System.nanoTime() - keepAliveAt >= 0) {
                        client.send("GET_PARAMETER", url, VIEWER_AUTH, "Session: " + session);
                        keepAliveAt = System.nanoTime() + KEEPALIVE_NANOS;
                    }
                    if (client.read() instanceof RtspTestClient.Interleaved f && f.channel() == 0) {
                        byte[] p = f.payload();
                        int seq = ((p[2] & 0xFF) << 8) | (p[3] & 0xFF);
                        if (last >= 0 && seq != ((last + 1) & 0xFFFF)) {
                            sequenceGaps++;
                        }
                        last = seq;
                        if ((p[1] & 0x80) != 0) {
                            videoFrames++;
                        }
                    }
                }
            } catch (IOException e) {
                if (!stopping) {
                    failure = e.toString();
                }
            }
        }

        void stop() throws IOException, InterruptedException {
            if (stopping) {
                return;
            }
            stopping = true;
            client.close();
            reader.join(5000);
        }
    }

    @Test
    void viewersAreLimitedAndAnUnconnectedCameraIsExplained() throws Exception {
        try (MockCamera camera = mockCamera();
             RecorderHarness recorder = start(camera.url("/cam"), Map.of(
                     ConfigLoader.RESTREAM_MAX_VIEWERS_PER_CAMERA, "1", ConfigLoader.RESTREAM_MAX_VIEWERS, "1"))) {
            recorder.awaitDevice("camera", inState("RECORDING"), TO_RECORDING);
            int port = recorder.service.rtspPort();
            String base = "rtsp://127.0.0.1:" + port + "/camera";
            String auth = VIEWER_AUTH;
            try (RtspTestClient first = RtspTestClient.connect("127.0.0.1", port, Duration.ofSeconds(10));
                 RtspTestClient second = RtspTestClient.connect("127.0.0.1", port, Duration.ofSeconds(10))) {
                assertThat(first.request("DESCRIBE", base, auth).status()).isEqualTo(200);
                RtspTestClient.Response setup = first.request("SETUP", base + "/trackID=0", auth,
                        "Transport: RTP/AVP/TCP;unicast;interleaved=0-1");
                assertThat(setup.status()).isEqualTo(200);
                RtspTestClient.Response play = first.request("PLAY", base, auth, "Session: " + setup.session());
                assertThat(play.status()).isEqualTo(200);
                assertThat(play.header("rtp-info")).isPresent();
                assertThat(first.read()).as("media follows").isInstanceOf(RtspTestClient.Interleaved.class);

                RtspTestClient.Response full = second.request("DESCRIBE", base, auth);
                assertThat(full.status()).isEqualTo(503);
                assertThat(full.statusLine()).contains("Too Many Viewers");
                assertThat(second.request("DESCRIBE", "rtsp://127.0.0.1:" + port + "/nobody", auth).status())
                        .isEqualTo(404);
                assertThat(second.request("DESCRIBE", base).status()).as("no token").isEqualTo(401);
            }
            // connections are bounded too: the viewer limit plus 32 that describe, set up or idle
            List<Socket> idle = new ArrayList<>();
            try {
                for (int i = 0; i < 33; i++) {
                    idle.add(new Socket("127.0.0.1", port));
                }
                try (Socket over = new Socket("127.0.0.1", port)) {
                    over.setSoTimeout(5000);
                    assertThat(over.getInputStream().read()).as("one connection too many is closed").isEqualTo(-1);
                }
                idle.remove(0).close();
                Thread.sleep(500);
                try (RtspTestClient again = RtspTestClient.connect("127.0.0.1", port, Duration.ofSeconds(10))) {
                    assertThat(again.request("DESCRIBE", base, auth).status()).as("room again").isEqualTo(200);
                }
            } finally {
                for (Socket s : idle) {
                    s.close();
                }
            }
            recorder.post("/record/off", null);
            recorder.awaitDevice("camera", inState("IDLE"), Duration.ofSeconds(15));
            try (RtspTestClient client = RtspTestClient.connect("127.0.0.1", port, Duration.ofSeconds(10))) {
                RtspTestClient.Response off = client.request("DESCRIBE", base, auth);
                assertThat(off.status()).isEqualTo(503);
                assertThat(off.statusLine()).contains("Camera Not Connected");
            }
        }
    }

    /** Decodes cleanly, starts at a keyframe, holds about {@code seconds} of 25 fps video and the audio. */
    private void judgeWatched(Path file, int seconds, String audio) {
        assertThat(oracle.decodeErrors(file)).as("decode errors in %s", file).isEmpty();
        ProbeResult p = oracle.probe(file, true);
        assertThat(p.video()).isPresent();
        assertThat(p.audio()).get().extracting(s -> s.codecName()).isEqualTo(audio);
        List<PacketInfo> video = oracle.packets(file, "v");
        assertThat(video.get(0).keyframe()).as("the player starts at a keyframe").isTrue();
        assertThat(video.size()).as("video frames of %d s at 25 fps", seconds).isBetween(seconds * 25 - 15,
                seconds * 25 + 30);
    }

    private MockCamera mockCamera() throws IOException {
        return MockCamera.start(MockCameraConfig.loopback(List.of(MountConfig.bundled("/cam",
                "h264-aac-640x360-25fps.mp4"))).withPorts(0, -1));
    }

    private RecorderHarness start(String cameraUrl, Map<String, String> extra) throws Exception {
        Map<String, String> env = new HashMap<>(extra);
        env.put(ConfigLoader.SERVER_ADDRESS, cameraUrl);
        env.put(ConfigLoader.API_TOKEN, OPERATOR);
        env.put(ConfigLoader.VIEWER_TOKEN, VIEWER);
        env.put(ConfigLoader.RTSP_PORT, Integer.toString(freePort()));
        env.put(ConfigLoader.RTSP_ADDRESS, "127.0.0.1");
        Files.createDirectories(dir.resolve("save"));
        return RecorderHarness.start(dir.resolve("save"), env).withToken(OPERATOR);
    }

    private static String withToken(int port, String camera, String token) {
        return "rtsp://viewer:" + token + "@127.0.0.1:" + port + "/" + camera;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** {@code recorder_restream_frames_dropped_total{device="camera"}} from {@code /metrics}. */
    private static double droppedFrames(RecorderHarness recorder) {
        Matcher m = Pattern.compile("(?m)^recorder_restream_frames_dropped_total\\{device=\"camera\"[^}]*} (\\S+)$")
                .matcher(recorder.get("/metrics").body());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    /**
     * A player with a tiny receive buffer that sets up the video track over TCP, sends PLAY and never reads again.
     */
    private static Socket stuckPlayer(int port, String camera) throws IOException {
        Socket s = new Socket();
        s.setReceiveBufferSize(4096);
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        s.setSoTimeout(10_000);
        String url = "rtsp://127.0.0.1:" + port + "/" + camera;
        String auth = VIEWER_AUTH + "\r\n";
        OutputStream out = s.getOutputStream();
        InputStream in = s.getInputStream();
        out.write(("DESCRIBE " + url + " RTSP/1.0\r\nCSeq: 1\r\n" + auth + "\r\n").getBytes(StandardCharsets.UTF_8));
        assertThat(readResponse(in)).startsWith("RTSP/1.0 200");
        out.write(("SETUP " + url + "/trackID=0 RTSP/1.0\r\nCSeq: 2\r\n" + auth
                + "Transport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        String setup = readResponse(in);
        Matcher session = Pattern.compile("(?im)^Session: *([^;\\r\\n]+)").matcher(setup);
        assertThat(session.find()).as(setup).isTrue();
        out.write(("PLAY " + url + " RTSP/1.0\r\nCSeq: 3\r\n" + auth + "Session: " + session.group(1)
                + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return s;
    }

    /** One response's head and body, read byte by byte (nothing beyond it is consumed). */
    private static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0 || head.size() > 16_384) {
                throw new IOException("no complete response: " + head.toString(StandardCharsets.ISO_8859_1));
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        Matcher length = Pattern.compile("(?im)^Content-Length: *(\\d+)").matcher(text);
        int body = length.find() ? Integer.parseInt(length.group(1)) : 0;
        return text + new String(in.readNBytes(body), StandardCharsets.ISO_8859_1);
    }
}
