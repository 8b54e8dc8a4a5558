package io.rtsprecorder.recorder.model;

/**
 * The RTSP restream's settings: where it listens ({@code port} -1 when it is off) and how many viewers it takes,
 * per camera and in all. Each viewer costs a queue (up to a GOP of frames) and a socket's worth of buffers, and the
 * cameras themselves are never asked for more than one session whatever the number of viewers.
 */
public record RestreamConfig(String bindAddress, int port, int maxViewersPerCamera, int maxViewers) {

    public static final int DEFAULT_PORT = 8554;
    public static final int DEFAULT_MAX_VIEWERS_PER_CAMERA = 50;
    public static final int DEFAULT_MAX_VIEWERS = 200;

    public RestreamConfig {
        if (maxViewersPerCamera < 1 || maxViewers < 1) {
            throw new IllegalArgumentException("viewer limits must be at least 1");
        }
    }

    /** Off: no RTSP port is opened. */
    public static RestreamConfig off() {
        return new RestreamConfig("0.0.0.0", -1, DEFAULT_MAX_VIEWERS_PER_CAMERA, DEFAULT_MAX_VIEWERS);
    }

    public boolean enabled() {
        return port >= 0;
    }
}
