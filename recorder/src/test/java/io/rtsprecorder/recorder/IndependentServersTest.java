package io.rtsprecorder.recorder;

import static io.rtsprecorder.recorder.RecorderHarness.inState;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtsprecorder.recorder.config.ConfigLoader;
import io.rtsprecorder.testsupport.FixtureSpec;
import io.rtsprecorder.testsupport.GstPreset;
import io.rtsprecorder.testsupport.GstRtspServer;
import io.rtsprecorder.testsupport.IsolatedRtspServer;
import io.rtsprecorder.testsupport.MediaOracle;
import io.rtsprecorder.testsupport.PacketInfo;
import io.rtsprecorder.testsupport.ProbeResult;
import io.rtsprecorder.testsupport.ProcessResult;
import io.rtsprecorder.testsupport.StreamInfo;
import io.rtsprecorder.testsupport.TestCertificates;
import io.rtsprecorder.testsupport.TlsFront;
import io.rtsprecorder.testsupport.VlcRtspServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The recorder against RTSP servers nobody on the team wrote (gst-rtsp-server, VLC; see docs/compatibility.md),
 * one row per server, stream and container. The promise each row checks: every second the camera sent is in a
 * clean file, or in a reported gap with a reason.
 *
 * <p>Every file under the save path is judged by the oracle: it is not empty, decodes without a single error, has
 * the expected streams and codecs, its DTS rise strictly per stream (video by at least a quarter frame), its
 * video frame count matches its time span
 * (within {@value #FRAME_SLACK} frames: no hole, no duplicate), the audio covers the video (within
 * {@value #AUDIO_SLACK_SECONDS} s), and together the files cover the time the camera was RECORDING (from a GOP plus
 * {@value #SPAN_SLACK_SECONDS} s less, a camera is joined mid-GOP, to {@value #SPAN_SLACK_SECONDS} s more than
 * the recorder ran).
 *
 * <p>Rows run side by side (each its own server and recorder on free loopback ports and its own save path), so the
 * class takes about as long as its longest rows. Over TCP unless the row says otherwise.
 */
@Execution(ExecutionMode.CONCURRENT)
class IndependentServersTest {

    static final int FRAME_SLACK = 2;
    static final double AUDIO_SLACK_SECONDS = 0.5;
    static final double SPAN_SLACK_SECONDS = 1.0;
    /** How long each row records once the camera is RECORDING. */
    static final Duration RECORD = Duration.ofSeconds(6);
    static final Duration TO_RECORDING = Duration.ofSeconds(10);

    /** The clip VLC loops: H.264 640x360 25 fps, 1 s GOP, + AAC 48 kHz mono, 4 s (100 frames). */
    static final FixtureSpec VLC_CLIP = FixtureSpec.h264Aac().withDuration(4);

    @TempDir
    Path dir;

    private final MediaOracle oracle = MediaOracle.get();
    /** When this row's recorder was started ({@link System#nanoTime()}): no footage can be older. */
    private long recorderStarted;

    /** What every file of a row holds. {@code audio} null: no audio stream. Sizes -1: not checked per file. */
    record Expected(String video, String audio, int width, int height, int fps, double gopSeconds) {
        static Expected of(GstPreset p, String audioInFile, double gopSeconds) {
            return new Expected(p.videoCodec(), audioInFile, p.width(), p.height(), p.fps(), gopSeconds);
        }
    }

    // ---- GStreamer H.264 + AAC ------------------------------------------------------------------------------

    @Test
    void gstreamerH264AacIntoFragmentedMp4() throws Exception {
        recordGstreamer("gst-h264-mp4", GstPreset.H264_AAC, "mp4", Expected.of(GstPreset.H264_AAC, "aac", 2));
    }

    @Test
    void gstreamerH264AacIntoFlv() throws Exception {
        recordGstreamer("gst-h264-flv", GstPreset.H264_AAC, "flv", Expected.of(GstPreset.H264_AAC, "aac", 2));
    }

    @Test
    void gstreamerH264AacIntoMpegTs() throws Exception {
        recordGstreamer("gst-h264-ts", GstPreset.H264_AAC, "ts", Expected.of(GstPreset.H264_AAC, "aac", 2));
    }

    // ---- GStreamer H.265 + G.711 A-law ----------------------------------------------------------------------

    /** MP4 has no G.711 entry players agree on: the A-law is stored as 16-bit PCM. */
    @Test
    void gstreamerH265PcmaIntoMp4KeepsTheAudioAs16BitPcm() throws Exception {
        recordGstreamer("gst-h265-mp4", GstPreset.H265_PCMA, "mp4", Expected.of(GstPreset.H265_PCMA, "pcm_s16le", 2));
    }

    /** MPEG-TS cannot carry G.711: the video is recorded and the audio track is reported as skipped, with why. */
    @Test
    void gstreamerH265PcmaIntoMpegTsRecordsTheVideoAndReportsTheSkippedAudio() throws Exception {
        JsonNode status = recordGstreamer("gst-h265-ts", GstPreset.H265_PCMA, "ts",
                Expected.of(GstPreset.H265_PCMA, null, 2));
        JsonNode skipped = status.path("skippedTracks");
        assertThat(skipped.isArray() && !skipped.isEmpty()).as("skippedTracks in %s", status).isTrue();
        JsonNode pcma = null;
        for (JsonNode t : skipped) {
            String codec = t.path("codec").asText("").toLowerCase(Locale.ROOT);
            if (codec.contains("pcma") || codec.contains("alaw") || codec.contains("711")) {
                pcma = t;
            }
        }
        assertThat(pcma).as("the A-law track among skippedTracks %s", skipped).isNotNull();
        assertThat(pcma.path("reason").asText("")).as("reason of %s", pcma).isNotBlank();
    }

    /** FLV carries G.711 natively; H.265 goes in as enhanced FLV. */
    @Test
    void gstreamerH265PcmaIntoFlv() throws Exception {
        recordGstreamer("gst-h265-flv", GstPreset.H265_PCMA, "flv", Expected.of(GstPreset.H265_PCMA, "pcm_alaw", 2));
    }

    // ---- GStreamer special streams ----------------------------------------------------------------------------

    @Test
    void gstreamerH264WithBFramesKeepsPtsApartFromMonotonicDts() throws Exception {
        recordGstreamer("gst-bframes", GstPreset.H264_BFRAMES, "mp4", Expected.of(GstPreset.H264_BFRAMES, "aac", 2));
        for (Path f : mediaFiles(dir.resolve("gst-bframes"))) {
            List<PacketInfo> video = oracle.packets(f, "v:0");
            assertThat(video.stream().filter(p -> Math.abs(p.ptsTime() - p.dtsTime()) > 1e-6).count())
                    .as("packets with PTS != DTS in %s", f).isGreaterThan(video.size() / 3);
            assertThat(oracle.probe(f).video().orElseThrow().hasBFrames()).as("has_b_frames of %s", f).isGreaterThan(0);
        }
    }

    /** The picture size changes 4 s into the session: a new segment starts there, each has one size. */
    @Test
    void gstreamerResolutionChangeStartsANewSegmentAndEachSegmentHasOneSize() throws Exception {
        GstPreset preset = GstPreset.H264_RESOLUTION_CHANGE;
        Path save = dir.resolve("gst-resize");
        try (GstRtspServer server = GstRtspServer.start(dir.resolve("servers"), preset);
             RecorderHarness recorder = startRecorder(save, "gst-resize", server.url(preset), Map.of())) {
            recorder.awaitDevice("gst-resize", inState("RECORDING"), TO_RECORDING);
            long t0 = System.nanoTime();
            Thread.sleep(preset.changeAfter().plusSeconds(4).toMillis());
            Recorded recorded = stop(recorder, "gst-resize", t0);
            List<Path> files = mediaFiles(save);
            assertThat(files).as("segments").hasSizeGreaterThanOrEqualTo(2);
            List<String> sizes = new ArrayList<>();
            for (Path f : files) {
                judgeFile(f, new Expected("h264", "aac", -1, -1, preset.fps(), 1));
                List<String> inFile = frameSizes(f);
                assertThat(inFile.stream().distinct().toList()).as("picture sizes in %s", f).hasSize(1);
                sizes.add(inFile.get(0));
            }
            assertThat(sizes.get(0)).isEqualTo(preset.width() + "x" + preset.height());
            assertThat(sizes.get(sizes.size() - 1)).isEqualTo(preset.changedWidth() + "x" + preset.changedHeight());
            assertCoverage(files, recorded, 1);
            assertNoZeroByteFile(save);
        }
    }

    /**
     * gst-rtsp-server ends a finite stream with RTCP BYE and keeps answering keep-alives. The camera must leave
     * RECORDING within StreamTimeout + 2 s of the end, the open segment must be closed and clean, and when the
     * server offers the stream again (every new session gets a fresh one) the recorder records it in a new segment.
     * Last, {@code lastError} must name the BYE: a recorder that only times out would stay RECORDING forever with
     * a StreamTimeout longer than its keep-alive interval (half the server's 60 s session timeout).
     */
    @Test
    void gstreamerStreamEndingWithByeIsNoticedAndRecordedAgainWhenOffered() throws Exception {
        GstPreset preset = GstPreset.H264_ENDING;
        Path save = dir.resolve("gst-ending");
        try (GstRtspServer server = GstRtspServer.start(dir.resolve("servers"), preset);
             RecorderHarness recorder = startRecorder(save, "gst-ending", server.url(preset),
                     Map.of(ConfigLoader.STREAM_TIMEOUT, "4s"))) {
            JsonNode recording = recorder.awaitDevice("gst-ending", inState("RECORDING")
                    .and(d -> !d.path("currentFile").isNull()), TO_RECORDING);
            String firstFile = recording.path("currentFile").asText();
            long recordingSeen = System.nanoTime();
            long endsBy = System.nanoTime() + preset.endsAfter().plusSeconds(5).toNanos();
            while (server.streamEnds(preset).isEmpty() && System.nanoTime() < endsBy) {
                Thread.sleep(50);
            }
            assertThat(server.streamEnds(preset)).as("the stream's end in the server log").isNotEmpty();
            long end = server.streamEnds(preset).get(0);
            System.out.printf("gst-ending: the stream ended %.2f s after RECORDING was seen%n",
                    (end - recordingSeen) / 1e9);
            Duration allowed = Duration.ofSeconds(4 + 2);
            long deadline = end + allowed.toNanos();
            JsonNode after = recorder.device("gst-ending");
            long lastGrowth = end;
            long frames = after.path("framesWritten").asLong();
            while (after.path("state").asText().equals("RECORDING")
                    && after.path("currentFile").asText().equals(firstFile) && System.nanoTime() < deadline) {
                Thread.sleep(50);
                after = recorder.device("gst-ending");
                if (after.path("framesWritten").asLong() != frames) {
                    frames = after.path("framesWritten").asLong();
                    lastGrowth = System.nanoTime();
                }
            }
            boolean left = !after.path("state").asText().equals("RECORDING")
                    || !after.path("currentFile").asText().equals(firstFile);
            assertThat(left).as("the first session over %s s after the stream ended (frames last written %.2f s"
                    + " after the end): %s", allowed.toSeconds(), (lastGrowth - end) / 1e9, after).isTrue();
            // the file closes a moment before the session's end is reported: wait for the report, not a transient
            after = recorder.awaitDevice("gst-ending", d -> !d.path("lastError").isNull()
                    || d.path("reconnects").asLong() > 0, Duration.ofSeconds(3));
            System.out.printf("gst-ending: left the first session %.2f s after the stream ended: %s%n",
                    (System.nanoTime() - end) / 1e9, after);
            Path first = save.resolve(firstFile);
            assertThat(oracle.decodeErrors(first)).as("decode errors in the closed segment %s", first).isEmpty();

            long framesAfterFirst = after.path("framesWritten").asLong();
            recorder.awaitDevice("gst-ending", inState("RECORDING").and(
                    d -> !d.path("currentFile").isNull() && !d.path("currentFile").asText().equals(firstFile)),
                    Duration.ofSeconds(10));
            recorder.awaitDevice("gst-ending", d -> d.path("framesWritten").asLong() > framesAfterFirst + 25,
                    Duration.ofSeconds(5));
            stop(recorder, "gst-ending");
            List<Path> files = mediaFiles(save);
            assertThat(files).as("segments: the first session's and the second's").hasSizeGreaterThanOrEqualTo(2);
            for (Path f : files) {
                judgeFile(f, Expected.of(preset, "aac", 1));
            }
            assertNoZeroByteFile(save);
            // RTCP BYE ends a stream (docs/compatibility.md): the reason shown is the camera's end, not a timeout
            assertThat(after.path("lastError").asText("")).as("lastError once the first session ended: %s", after)
                    .containsIgnoringCase("BYE");
        }
    }

    // ---- GStreamer behind a TLS front: rtsps:// -------------------------------------------------------------

    /**
     * RTSP over TLS against a server nobody on the team wrote: gst-rtsp-server behind {@link TlsFront} with a
     * self-signed certificate, pinned by its fingerprint; the request URIs say {@code rtsps://}.
     */
    @Test
    void gstreamerBehindATlsFrontIsRecordedOverRtspsWithAPinnedCertificate() throws Exception {
        String device = "gst-rtsps";
        Path save = dir.resolve(device);
        TestCertificates.ServerIdentity identity = TestCertificates.create(dir.resolve("certificates"))
                .selfSigned("gst-rtsp-server");
        try (GstRtspServer server = GstRtspServer.start(dir.resolve("servers"), GstPreset.H264_AAC);
             TlsFront front = TlsFront.start(identity, server.port());
             RecorderHarness recorder = startRecorder(save, device, server.url(GstPreset.H264_AAC)
                     .replace("rtsp://127.0.0.1:" + server.port(), "rtsps://127.0.0.1:" + front.port()),
                     Map.of(ConfigLoader.TLS_FINGERPRINT, identity.fingerprint()))) {
            Recorded recorded = recordFor(recorder, device, "tcp");
            judgeAll(save, Expected.of(GstPreset.H264_AAC, "aac", 2), recorded);
            assertThat(front.handshakes()).isEqualTo(1);
            // gst answers with a Content-Base of rtsp://: SETUP and PLAY name those URLs, on the same TLS connection
            assertThat(front.receivedFromClients()).contains("DESCRIBE rtsps://127.0.0.1:" + front.port())
                    .contains("PLAY rtsp://127.0.0.1:" + front.port());
            server.checkAlive();
        }
    }

    // ---- GStreamer in its own network namespace, behind the TCP forwarder -------------------------------------

    @Test
    void isolatedGstreamerBehindTheForwarderIsRecordedOverTcp() throws Exception {
        Path save = dir.resolve("isolated-tcp");
        try (IsolatedRtspServer server = IsolatedRtspServer.start(dir.resolve("servers"), GstPreset.H264_AAC);
             RecorderHarness recorder = startRecorder(save, "isolated-tcp",
                     server.url(GstPreset.H264_AAC), Map.of())) {
            Recorded recorded = recordFor(recorder, "isolated-tcp", "tcp");
            judgeAll(save, Expected.of(GstPreset.H264_AAC, "aac", 2), recorded);
            assertThat(server.forwarder().bytesForwarded()).isGreaterThan(100_000);
        }
    }

    /** No UDP route back through a TCP forwarder: the camera must not look RECORDING, and /status must say why. */
    @Test
    void isolatedGstreamerOverUdpNeverRecordsAndStatusSaysWhy() throws Exception {
        Path save = dir.resolve("isolated-udp");
        try (IsolatedRtspServer server = IsolatedRtspServer.start(dir.resolve("servers"), GstPreset.H264_AAC);
             RecorderHarness recorder = startRecorder(save, "isolated-udp",
                     server.url(GstPreset.H264_AAC), Map.of(ConfigLoader.TRANSPORT, "udp",
                             ConfigLoader.STREAM_TIMEOUT, "4s"))) {
            List<String> states = new ArrayList<>();
            long until = System.nanoTime() + Duration.ofSeconds(4 + 4).toNanos();
            JsonNode last = recorder.device("isolated-udp");
            while (System.nanoTime() < until) {
                last = recorder.device("isolated-udp");
                String s = last.path("state").asText();
                if (states.isEmpty() || !states.get(states.size() - 1).equals(s)) {
                    states.add(s);
                }
                Thread.sleep(50);
            }
            System.out.printf("isolated-udp: states %s, last %s%n", states, last);
            assertThat(states).as("states over 8 s").doesNotContain("RECORDING");
            assertThat(last.path("lastError").asText("")).as("lastError of %s", last)
                    .containsIgnoringCase("udp");
            assertThat(server.forwarder().connectionsAccepted()).as("the recorder tried").isGreaterThan(0);
            assertNoZeroByteFile(save);
        }
    }

    /** {@code auto}: UDP first; no UDP packet arrives, so it falls back to TCP and records. */
    @Test
    void isolatedGstreamerWithAutoTransportFallsBackToTcpAndRecords() throws Exception {
        Path save = dir.resolve("isolated-auto");
        try (IsolatedRtspServer server = IsolatedRtspServer.start(dir.resolve("servers"), GstPreset.H264_AAC);
             RecorderHarness recorder = startRecorder(save, "isolated-auto",
                     server.url(GstPreset.H264_AAC), Map.of(ConfigLoader.TRANSPORT, "auto"))) {
            Recorded recorded = recordFor(recorder, "isolated-auto", "tcp");
            judgeAll(save, Expected.of(GstPreset.H264_AAC, "aac", 2), recorded);
        }
    }

    // ---- VLC ---------------------------------------------------------------------------------------------------

    /** VLC's RTSP output is UDP only (461 for interleaved TCP): {@code udp} records it. */
    @Test
    void vlcLoopingClipOverUdpHasMonotonicDtsAcrossTheLoopSeams() throws Exception {
        recordVlc("vlc-udp", "udp");
    }

    /** {@code auto} tries UDP first, which VLC serves. */
    @Test
    void vlcLoopingClipWithAutoTransportHasMonotonicDtsAcrossTheLoopSeams() throws Exception {
        recordVlc("vlc-auto", "auto");
    }

    // ---- rows ------------------------------------------------------------------------------------------------

    /**
     * Records {@code preset} into {@code container} for {@link #RECORD}; judges every file; returns the last status.
     */
    private JsonNode recordGstreamer(String device, GstPreset preset, String container, Expected expected)
            throws Exception {
        Path save = dir.resolve(device);
        try (GstRtspServer server = GstRtspServer.start(dir.resolve("servers"), preset);
             RecorderHarness recorder = startRecorder(save, device, server.url(preset),
                     Map.of(ConfigLoader.CONTAINER, container))) {
            JsonNode[] status = new JsonNode[1];
            Recorded recorded = recordFor(recorder, device, "tcp", status);
            judgeAll(save, expected, recorded);
            for (Path f : mediaFiles(save)) {
                assertThat(f.getFileName().toString()).endsWith("." + container);
            }
            server.checkAlive();
            return status[0];
        }
    }

    private void recordVlc(String device, String transport) throws Exception {
        Path clip = oracle.fixture(VLC_CLIP, Path.of("target", "fixtures"));
        Path save = dir.resolve(device);
        try (VlcRtspServer server = VlcRtspServer.start(dir.resolve("servers"), clip);
             RecorderHarness recorder = startRecorder(save, device, server.url(),
                     Map.of(ConfigLoader.TRANSPORT, transport))) {
            recorder.awaitDevice(device, inState("RECORDING"), TO_RECORDING);
            // VLC sends a loop of the 4 s clip about every 2.9 s (see docs/compatibility.md): 9 s hold 3 seams
            Thread.sleep(9000);
            JsonNode during = recorder.device(device);
            assertThat(during.path("transport").asText()).as("transport while recording").isEqualTo("udp");
            stop(recorder, device);
            List<Path> files = mediaFiles(save);
            assertThat(files).isNotEmpty();
            long frames = 0;
            for (Path f : files) {
                judgeFileWithoutSpan(f, new Expected("h264", "aac", VLC_CLIP.width(), VLC_CLIP.height(),
                        VLC_CLIP.fps(), VLC_CLIP.gopSeconds()));
                frames += oracle.packets(f, "v:0").size();
            }
            assertThat(frames).as("video frames recorded: more than the clip's %d, so a loop seam is inside",
                    VLC_CLIP.videoFrameCount()).isGreaterThan(VLC_CLIP.videoFrameCount());
            assertNoZeroByteFile(save);
        }
    }

    /** A recorder for one camera named {@code device} at {@code url}, saving under {@code save}. */
    private RecorderHarness startRecorder(Path save, String device, String url, Map<String, String> extra)
            throws Exception {
        Files.createDirectories(save);
        recorderStarted = System.nanoTime();
        Map<String, String> env = new HashMap<>(Map.of(ConfigLoader.SERVER_ADDRESS, url,
                ConfigLoader.DEVICE_NAME, device));
        env.putAll(extra);
        return RecorderHarness.start(save, env);
    }

    /**
     * How many seconds of footage the camera can have sent: at least from when RECORDING was seen to when
     * /record/off was asked; at most from the recorder's start to /record/off's answer (RECORDING is first seen
     * late when the machine is busy, so it cannot bound the footage from above).
     */
    record Recorded(double least, double most) {
    }

    private Recorded recordFor(RecorderHarness recorder, String device, String transport) throws Exception {
        return recordFor(recorder, device, transport, new JsonNode[1]);
    }

    /** Waits for RECORDING, records {@link #RECORD}, stops. {@code lastStatus[0]}: the status just before the stop. */
    private Recorded recordFor(RecorderHarness recorder, String device, String transport, JsonNode[] lastStatus)
            throws Exception {
        recorder.awaitDevice(device, inState("RECORDING"), TO_RECORDING);
        long t0 = System.nanoTime();
        Thread.sleep(RECORD.toMillis());
        JsonNode during = recorder.device(device);
        lastStatus[0] = during;
        assertThat(during.path("state").asText()).as("state after %s s: %s", RECORD.toSeconds(), during)
                .isEqualTo("RECORDING");
        assertThat(during.path("transport").asText()).as("transport").isEqualTo(transport);
        return stop(recorder, device, t0);
    }

    /** /record/off; {@code t0}: when RECORDING was seen. */
    private Recorded stop(RecorderHarness recorder, String device, long t0) {
        double least = (System.nanoTime() - t0) / 1e9;
        stop(recorder, device);
        return new Recorded(least, (System.nanoTime() - recorderStarted) / 1e9);
    }

    private static void stop(RecorderHarness recorder, String device) {
        var off = recorder.post("/record/off?device=" + device, null);
        assertThat(off.statusCode()).as(off.body()).isEqualTo(200);
    }

    // ---- the oracle's judgement --------------------------------------------------------------------------------

    private void judgeAll(Path save, Expected expected, Recorded recorded) throws IOException {
        List<Path> files = mediaFiles(save);
        assertThat(files).as("segments under %s", save).isNotEmpty();
        for (Path f : files) {
            judgeFile(f, expected);
        }
        assertCoverage(files, recorded, expected.gopSeconds());
        assertNoZeroByteFile(save);
    }

    /** Every check of the class comment for one file, including frame count against time span. */
    private void judgeFile(Path f, Expected e) throws IOException {
        double span = judgeFileWithoutSpan(f, e);
        List<PacketInfo> video = oracle.packets(f, "v:0");
        double expectedFrames = span * e.fps();
        assertThat((double) video.size()).as("video frames in %s over %.3f s at %d fps", f, span, e.fps())
                .isBetween(expectedFrames - FRAME_SLACK, expectedFrames + FRAME_SLACK);
    }

    /** The checks that hold for any stream, VLC's compressed loop timing included; returns the video span. */
    private double judgeFileWithoutSpan(Path f, Expected e) throws IOException {
        assertThat(Files.size(f)).as("size of %s", f).isGreaterThan(0);
        ProbeResult probe = oracle.probe(f);
        StreamInfo video = probe.video().orElseThrow(() -> new AssertionError("no video in " + f + ": " + probe));
        assertThat(video.codecName()).as("video codec of %s", f).isEqualTo(e.video());
        if (e.width() > 0) {
            assertThat(video.width() + "x" + video.height()).as("picture size of %s", f)
                    .isEqualTo(e.width() + "x" + e.height());
        }
        if (e.audio() == null) {
            assertThat(probe.audio()).as("audio in %s", f).isEmpty();
        } else {
            assertThat(probe.audio().map(StreamInfo::codecName).orElse("none")).as("audio codec of %s", f)
                    .isEqualTo(e.audio());
        }
        List<PacketInfo> v = oracle.packets(f, "v:0");
        assertThat(v).as("video packets in %s", f).isNotEmpty();
        assertStrictlyRisingDts(f, "video", v);
        assertVideoDtsStepsAtLeast(f, v, 0.25 / e.fps());
        double videoSpan = span(v, 1.0 / e.fps());
        if (e.audio() != null) {
            List<PacketInfo> a = oracle.packets(f, "a:0");
            assertStrictlyRisingDts(f, "audio", a);
            assertThat(span(a, 0)).as("audio span in %s against video %.3f s", f, videoSpan)
                    .isGreaterThan(videoSpan - AUDIO_SLACK_SECONDS);
        }
        assertThat(oracle.decodeErrors(f)).as("decode errors in %s", f).isEmpty();
        return videoSpan;
    }

    private static void assertStrictlyRisingDts(Path f, String kind, List<PacketInfo> packets) {
        List<String> problems = new ArrayList<>();
        for (int i = 1; i < packets.size() && problems.size() < 5; i++) {
            double prev = packets.get(i - 1).dtsTime();
            double cur = packets.get(i).dtsTime();
            if (Double.isNaN(cur) || !(cur > prev)) {
                problems.add(String.format(Locale.ROOT, "#%d %.6f after %.6f", i, cur, prev));
            }
        }
        assertThat(problems).as("%s DTS not strictly rising in %s", kind, f).isEmpty();
    }

    /**
     * A DTS that rises by a tick per frame is "monotonic" but says nothing: frames are a frame duration apart, so
     * every step must be at least {@code minStep} seconds (a quarter frame).
     */
    private static void assertVideoDtsStepsAtLeast(Path f, List<PacketInfo> packets, double minStep) {
        List<String> problems = new ArrayList<>();
        for (int i = 1; i < packets.size() && problems.size() < 5; i++) {
            double step = packets.get(i).dtsTime() - packets.get(i - 1).dtsTime();
            if (step < minStep) {
                problems.add(String.format(Locale.ROOT, "#%d DTS %.6f after %.6f (PTS %.6f)", i,
                        packets.get(i).dtsTime(), packets.get(i - 1).dtsTime(), packets.get(i).ptsTime()));
            }
        }
        assertThat(problems).as("video DTS steps under %.3f s in %s", minStep, f).isEmpty();
    }

    /** First to last presentation time, plus one frame. */
    private static double span(List<PacketInfo> packets, double frameSeconds) {
        double min = packets.stream().mapToDouble(PacketInfo::ptsTime).min().orElse(0);
        double max = packets.stream().mapToDouble(PacketInfo::ptsTime).max().orElse(0);
        return max - min + frameSeconds;
    }

    /** Together the files cover the time the camera was RECORDING, within the class comment's slack. */
    private void assertCoverage(List<Path> files, Recorded recorded, double gopSeconds) {
        double total = 0;
        for (Path f : files) {
            List<PacketInfo> v = oracle.packets(f, "v:0");
            total += span(v, 0);
        }
        assertThat(total).as("seconds of video in %s against %.2f s RECORDING, %.2f s since start", files,
                recorded.least(),
                recorded.most()).isBetween(recorded.least() - gopSeconds - SPAN_SLACK_SECONDS,
                recorded.most() + SPAN_SLACK_SECONDS);
    }

    private List<String> frameSizes(Path f) {
        ProcessResult r = oracle.ffprobe(Duration.ofSeconds(60), "-v", "error", "-select_streams", "v:0",
                "-show_entries", "frame=width,height", "-of", "csv=p=0", f.toString());
        assertThat(r.succeeded()).as(r.describe()).isTrue();
        return r.stdout().lines().map(String::strip).filter(l -> !l.isEmpty())
                .map(l -> l.split(",")).map(p -> p[0] + "x" + p[1]).toList();
    }

    private static List<Path> mediaFiles(Path save) throws IOException {
        return RecorderHarness.segmentFiles(save).stream()
                .filter(p -> p.toString().matches(".*\\.(mp4|flv|ts)$")).toList();
    }

    /** No file at all under the save path is empty (the recorder's own state included). */
    private static void assertNoZeroByteFile(Path save) throws IOException {
        if (!Files.exists(save)) {
            return;
        }
        try (Stream<Path> s = Files.walk(save)) {
            List<Path> empty = s.filter(Files::isRegularFile).filter(p -> {
                try {
                    return Files.size(p) == 0;
                } catch (IOException e) {
                    return false;
                }
            }).toList();
            assertThat(empty).as("zero-byte files under %s", save).isEmpty();
        }
    }
}
