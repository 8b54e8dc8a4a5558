package io.rtsprecorder.testsupport;

import static io.rtsprecorder.testsupport.PeerAssertions.assertNoProcessSurvives;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/** gst-rtsp-server as the launcher starts it: every preset as ffprobe sees it, and what a finite stream does. */
@Execution(ExecutionMode.CONCURRENT)
class GstRtspServerTest {

    @TempDir
    Path dir;

    private final MediaOracle oracle = MediaOracle.get();

    @Test
    void everyPresetIsReadByFfprobeOverTcpWithItsCodecsAndPictureSize() throws Exception {
        List<ProcessHandle> processes;
        try (GstRtspServer server = GstRtspServer.start(dir, GstPreset.values());
             var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Map<GstPreset, CompletableFuture<ProbeResult>> probes = new EnumMap<>(GstPreset.class);
            for (GstPreset p : GstPreset.values()) {
                probes.put(p, CompletableFuture.supplyAsync(
                        () -> oracle.probeRtsp(server.url(p), "tcp", Duration.ofSeconds(15)), pool));
            }
            for (GstPreset p : GstPreset.values()) {
                ProbeResult probe = probes.get(p).join();
                StreamInfo video = probe.video().orElseThrow(() -> new AssertionError(p + ": no video"));
                StreamInfo audio = probe.audio().orElseThrow(() -> new AssertionError(p + ": no audio"));
                assertThat(video.codecName()).as("%s video", p).isEqualTo(p.videoCodec());
                assertThat(video.width()).as("%s width", p).isEqualTo(p.width());
                assertThat(video.height()).as("%s height", p).isEqualTo(p.height());
                assertThat(audio.codecName()).as("%s audio", p).isEqualTo(p.audioCodec());
                assertThat(audio.sampleRate()).as("%s sample rate", p).isEqualTo(p.sampleRate());
                assertThat(audio.channels()).as("%s channels", p).isEqualTo(1);
            }
            assertThat(probes.get(GstPreset.H264_BFRAMES).join().video().orElseThrow().hasBFrames())
                    .as("B-frames announced by the H264_BFRAMES stream").isGreaterThan(0);
            assertThat(probes.get(GstPreset.H264_AAC).join().video().orElseThrow().hasBFrames())
                    .as("no B-frames in H264_AAC").isEqualTo(0);
            server.checkAlive();
            processes = server.processes();
        }
        assertNoProcessSurvives(processes);
    }

    @Test
    void resolutionChangePresetSwitchesTo320x180InBandFourSecondsIntoTheSession() throws Exception {
        List<ProcessHandle> processes;
        Path recorded = dir.resolve("resize.ts");
        try (GstRtspServer server = GstRtspServer.start(dir, GstPreset.H264_RESOLUTION_CHANGE)) {
            ProcessResult r = oracle.recordRtsp(server.url(GstPreset.H264_RESOLUTION_CHANGE), "tcp", 7, recorded);
            assertThat(r.succeeded()).as(r.describe()).isTrue();
            processes = server.processes();
        }
        assertNoProcessSurvives(processes);
        ProcessResult frames = oracle.ffprobe(Duration.ofSeconds(60), "-v", "error", "-select_streams", "v",
                "-show_entries", "frame=width,height", "-of", "csv=p=0", recorded.toString());
        assertThat(frames.succeeded()).as(frames.describe()).isTrue();
        // "w,h", sometimes with a trailing comma for a frame's side data
        List<String> sizes = frames.stdout().lines().map(String::strip).filter(l -> !l.isEmpty())
                .map(l -> String.join(",", List.of(l.split(",")).subList(0, 2))).toList();
        List<String> runs = new ArrayList<>();
        for (String s : sizes) {
            if (runs.isEmpty() || !runs.get(runs.size() - 1).equals(s)) {
                runs.add(s);
            }
        }
        assertThat(runs).as("picture sizes in order (of %d frames)", sizes.size())
                .containsExactly("640,360", "320,180");
        long before = sizes.stream().filter("640,360"::equals).count();
        assertThat(before).as("frames at 640x360: about 4 s at 25 fps").isBetween(75L, 105L);
        assertThat(oracle.decodeErrors(recorded)).isEmpty();
    }

    /**
     * The capture docs/compatibility.md reports: at the end of a finite stream gst-rtsp-server sends an RTCP BYE on
     * each track, then neither RTP nor RTCP, but the session and the connection stay and keep-alives are answered;
     * a new session gets a new stream from its start.
     */
    @Test
    void endingPresetSendsByeOnEveryTrackThenNothingWhileKeepAlivesAreStillAnswered() throws Exception {
        List<ProcessHandle> processes;
        try (GstRtspServer server = GstRtspServer.start(dir, GstPreset.H264_ENDING)) {
            String url = server.url(GstPreset.H264_ENDING);
            try (RtspTestClient c = RtspTestClient.connect("127.0.0.1", server.port(), Duration.ofSeconds(1))) {
                String session = RtspSessions.playInterleaved(c, url);
                Map<Integer, Long> firstTs = new HashMap<>();
                Map<Integer, Long> lastTs = new HashMap<>();
                Map<Integer, List<Integer>> rtcpTypes = new HashMap<>();
                long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
                while (!(byeOn(rtcpTypes, 1) && byeOn(rtcpTypes, 3)) && System.nanoTime() < deadline) {
                    RtspTestClient.Message m = readOrNull(c);
                    if (m instanceof RtspTestClient.Interleaved f) {
                        if (f.channel() % 2 == 0) {
                            long ts = RtspSessions.rtpTimestamp(f.payload());
                            firstTs.putIfAbsent(f.channel(), ts);
                            lastTs.put(f.channel(), ts);
                        } else {
                            rtcpTypes.computeIfAbsent(f.channel(), k -> new ArrayList<>())
                                    .addAll(RtspTestClient.rtcpPacketTypes(f.payload()));
                        }
                    }
                }
                assertThat(byeOn(rtcpTypes, 1)).as("BYE on the video RTCP channel; RTCP seen: %s", rtcpTypes).isTrue();
                assertThat(byeOn(rtcpTypes, 3)).as("BYE on the audio RTCP channel; RTCP seen: %s", rtcpTypes).isTrue();
                double videoSeconds = (lastTs.get(0) - firstTs.get(0)) / 90_000.0;
                assertThat(videoSeconds).as("media time of the video before BYE").isBetween(3.5, 4.1);
                assertThat(server.streamEnds(GstPreset.H264_ENDING)).as("end of stream in the server's log")
                        .isNotEmpty();

                // after BYE: keep-alives for 3 s; count everything else that arrives
                int answered = 0;
                List<String> framesAfterBye = new ArrayList<>();
                long byeSeen = System.nanoTime();
                for (int i = 0; i < 3; i++) {
                    c.send("GET_PARAMETER", url, "Session: " + session);
                    long until = System.nanoTime() + Duration.ofSeconds(1).toNanos();
                    while (System.nanoTime() < until) {
                        RtspTestClient.Message m = readOrNull(c);
                        if (m instanceof RtspTestClient.Response r && r.status() == 200) {
                            answered++;
                        } else if (m instanceof RtspTestClient.Interleaved f) {
                            framesAfterBye.add(String.format(java.util.Locale.ROOT, "%.2f s: channel %d %s",
                                    (System.nanoTime() - byeSeen) / 1e9, f.channel(), f.channel() % 2 == 0
                                            ? "RTP ts " + RtspSessions.rtpTimestamp(f.payload())
                                            : "RTCP " + RtspTestClient.rtcpPacketTypes(f.payload())));
                        }
                    }
                }
                assertThat(answered).as("keep-alives answered 200 after BYE").isEqualTo(3);
                assertThat(framesAfterBye).as("RTP or RTCP frames in the 3 s after BYE (video RTP ended at ts %d)",
                        lastTs.get(0)).isEmpty();
                RtspTestClient.Response options = c.request("OPTIONS", url, "Session: " + session);
                assertThat(options.status()).isEqualTo(200);
            }
            try (RtspTestClient again = RtspTestClient.connect("127.0.0.1", server.port(), Duration.ofSeconds(5))) {
                RtspSessions.playInterleaved(again, url);
                assertThat(firstRtp(again)).as("a new session gets a fresh stream").isNotNull();
            }
            processes = server.processes();
        }
        assertNoProcessSurvives(processes);
    }

    private static boolean byeOn(Map<Integer, List<Integer>> rtcpTypes, int channel) {
        return rtcpTypes.getOrDefault(channel, List.of()).contains(203);
    }

    private static RtspTestClient.Message readOrNull(RtspTestClient c) throws IOException {
        try {
            return c.read();
        } catch (SocketTimeoutException e) {
            return null;
        }
    }

    private static RtspTestClient.Interleaved firstRtp(RtspTestClient c) throws IOException {
        for (int i = 0; i < 1000; i++) {
            if (c.read() instanceof RtspTestClient.Interleaved f && f.channel() == 0) {
                return f;
            }
        }
        return null;
    }
}
