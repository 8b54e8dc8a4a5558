package io.rtsprecorder.testsupport;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The streams {@link GstRtspServer} can serve: each a gst-launch pipeline for one mount, with the facts a test
 * checks against (codecs as ffprobe names them, picture size, audio rate). Frames are small and encoders on
 * their fastest settings, so several servers fit on a 2-core machine next to the recorder.
 *
 * <p>x264 runs with {@code threads=1}: one slice per picture. With {@code tune=zerolatency} alone it uses sliced
 * threads, several slices per picture, and {@code rtph264pay config-interval=-1} then repeats SPS/PPS before
 * <em>every</em> IDR slice, i.e. in the middle of an access unit, which H.264 reads as the start of a new one (ffmpeg's
 * RTSP client then writes two packets with the same DTS). That quirk is recorded in {@code docs/compatibility.md};
 * the presets keep to conforming streams.
 *
 * <p>Continuous presets are <em>shared</em>: one pipeline runs for every client, and a client joins it mid-GOP, as
 * it would join a real camera. {@link #H264_RESOLUTION_CHANGE} and {@link #H264_ENDING} are not shared: each RTSP
 * session gets a pipeline of its own that starts at its DESCRIBE, so the change (or the end) comes at a known
 * time into the session, and a client that connects again after the end gets a fresh stream.
 */
public enum GstPreset {

    /** H.264 constrained baseline 640x360 25 fps, 2 s GOP, + AAC-LC 48 kHz mono; SPS/PPS in SDP and before each IDR. */
    H264_AAC("/h264-aac", true, "h264", "aac", 640, 360, 25, 48_000, null, null,
            pipeline(h264(640, 360, 25, 50, 0), aac(0))),

    /** H.265 main 320x180 15 fps, 2 s GOP, + G.711 A-law 8 kHz mono ({@code rtppcmapay}, static payload type 8). */
    H265_PCMA("/h265-pcma", true, "hevc", "pcm_alaw", 320, 180, 15, 8_000, null, null,
            pipeline(videoSource(320, 180, 15, 0) + " ! x265enc tune=zerolatency speed-preset=ultrafast key-int-max=30"
                    + " bitrate=300 ! video/x-h265,profile=main ! rtph265pay name=pay0 pt=96 config-interval=-1",
                    "audiotestsrc is-live=true samplesperbuffer=160 ! audio/x-raw,rate=8000,channels=1 ! alawenc"
                            + " ! rtppcmapay name=pay1 pt=8")),

    /** H.264 main with two B-frames between references (PTS != DTS), 640x360 25 fps, 2 s GOP, + AAC. */
    H264_BFRAMES("/h264-bframes", true, "h264", "aac", 640, 360, 25, 48_000, null, null,
            pipeline(videoSource(640, 360, 25, 0) + " ! x264enc speed-preset=ultrafast threads=1 bframes=2"
                    + " b-adapt=false key-int-max=50 bitrate=800 ! video/x-h264,profile=main"
                    + " ! rtph264pay name=pay0 pt=96 config-interval=-1", aac(0))),

    /**
     * H.264 + AAC that starts at 640x360 and switches to {@link #changedWidth()}x{@link #changedHeight()}
     * {@link #changeAfter()} into the session: the Python side sets the caps filter {@code res}, the encoder
     * restarts and sends new SPS/PPS in band (the SDP keeps the first ones). 1 s GOP.
     */
    H264_RESOLUTION_CHANGE("/h264-resize", false, "h264", "aac", 640, 360, 25, 48_000,
            new SizeChange(Duration.ofSeconds(4), 320, 180), null,
            pipeline("videotestsrc is-live=true pattern=ball ! video/x-raw,width=640,height=360,framerate=25/1"
                    + " ! videoscale ! capsfilter name=" + SizeChange.ELEMENT
                    + " caps=video/x-raw,width=640,height=360,pixel-aspect-ratio=1/1"
                    + " ! " + h264Encoder(25), aac(0))),

    /**
     * H.264 + AAC that ends after {@link #endsAfter()} ({@code num-buffers}): gst-rtsp-server then sends RTCP BYE
     * on each stream and keeps the session (keep-alives are still answered). 1 s GOP. Every session gets a fresh
     * stream of the same length.
     */
    H264_ENDING("/h264-ending", false, "h264", "aac", 640, 360, 25, 48_000, null, Duration.ofSeconds(4),
            pipeline(h264(640, 360, 25, 25, 4 * 25), aac(4 * 50)));

    private final String path;
    private final boolean shared;
    private final String videoCodec;
    private final String audioCodec;
    private final int width;
    private final int height;
    private final int fps;
    private final int sampleRate;
    private final SizeChange change;
    private final Duration endsAfter;
    private final String launch;

    /**
     * A caps change the Python side applies to the caps filter {@link #ELEMENT} {@code after} the media is configured.
     */
    record SizeChange(Duration after, int width, int height) {
        static final String ELEMENT = "res";

        String caps() {
            return String.format(Locale.ROOT, "video/x-raw,width=%d,height=%d,pixel-aspect-ratio=1/1", width, height);
        }
    }

    GstPreset(String path, boolean shared, String videoCodec, String audioCodec, int width, int height, int fps,
              int sampleRate, SizeChange change, Duration endsAfter, String launch) {
        this.path = path;
        this.shared = shared;
        this.videoCodec = videoCodec;
        this.audioCodec = audioCodec;
        this.width = width;
        this.height = height;
        this.fps = fps;
        this.sampleRate = sampleRate;
        this.change = change;
        this.endsAfter = endsAfter;
        this.launch = launch;
    }

    /** The mount path, e.g. {@code /h264-aac}. */
    public String path() {
        return path;
    }

    /** Video codec as ffprobe names it: {@code h264} or {@code hevc}. */
    public String videoCodec() {
        return videoCodec;
    }

    /** Audio codec as ffprobe names it: {@code aac} or {@code pcm_alaw}. */
    public String audioCodec() {
        return audioCodec;
    }

    /** Picture width at the start of a session. */
    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int fps() {
        return fps;
    }

    public int sampleRate() {
        return sampleRate;
    }

    /** Whether all clients share one running pipeline (a camera) or each session gets its own (see the class). */
    public boolean shared() {
        return shared;
    }

    /** How long into a session the size changes; {@code null} for presets that keep their size. */
    public Duration changeAfter() {
        return change == null ? null : change.after();
    }

    /** Width after the change; -1 for presets that keep their size. */
    public int changedWidth() {
        return change == null ? -1 : change.width();
    }

    public int changedHeight() {
        return change == null ? -1 : change.height();
    }

    /** Media length of a session for a finite stream; {@code null} for streams that run until the server stops. */
    public Duration endsAfter() {
        return endsAfter;
    }

    /** The gst-launch description (payloaders named {@code pay0}, {@code pay1}, as gst-rtsp-server wants). */
    public String launch() {
        return launch;
    }

    SizeChange sizeChange() {
        return change;
    }

    /** GStreamer elements the pipeline needs: every word of the launch line that is neither a property nor caps. */
    Set<String> elements() {
        Set<String> result = new LinkedHashSet<>();
        for (String token : launch.split("\\s+")) {
            if (!token.isEmpty() && !token.contains("=") && !token.contains("/") && !List.of("(", ")", "!")
                    .contains(token)) {
                result.add(token);
            }
        }
        return result;
    }

    private static String pipeline(String video, String audio) {
        return "( " + video + " " + audio + " )";
    }

    private static String videoSource(int w, int h, int fps, int numBuffers) {
        return "videotestsrc is-live=true pattern=ball" + (numBuffers > 0 ? " num-buffers=" + numBuffers : "")
                + String.format(Locale.ROOT, " ! video/x-raw,width=%d,height=%d,framerate=%d/1", w, h, fps);
    }

    private static String h264Encoder(int keyInterval) {
        return "x264enc tune=zerolatency speed-preset=ultrafast threads=1 key-int-max=" + keyInterval
                + " bitrate=800 ! video/x-h264,profile=constrained-baseline"
                + " ! rtph264pay name=pay0 pt=96 config-interval=-1";
    }

    private static String h264(int w, int h, int fps, int keyInterval, int numBuffers) {
        return videoSource(w, h, fps, numBuffers) + " ! " + h264Encoder(keyInterval);
    }

    /** AAC-LC 48 kHz mono in 20 ms buffers (so {@code numBuffers} = 50 per second). */
    private static String aac(int numBuffers) {
        return "audiotestsrc is-live=true samplesperbuffer=960" + (numBuffers > 0 ? " num-buffers=" + numBuffers : "")
                + " ! audio/x-raw,rate=48000,channels=1 ! avenc_aac ! rtpmp4gpay name=pay1 pt=97";
    }
}
