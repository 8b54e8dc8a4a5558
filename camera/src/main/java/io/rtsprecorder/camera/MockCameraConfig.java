package io.rtsprecorder.camera;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

/**
 * Everything the mock camera needs to start. {@code rtspPort}/{@code adminPort} 0 choose free ports (tests);
 * {@code adminPort} -1 disables the admin endpoint.
 */
public record MockCameraConfig(InetAddress bindAddress, int rtspPort, int adminPort, Duration sessionTimeout,
                               List<MountConfig> mounts, int maxQueuedFramesPerClient) {

    public MockCameraConfig {
        if (mounts.isEmpty()) {
            throw new IllegalArgumentException("the camera needs at least one mount");
        }
        mounts = List.copyOf(mounts);
        long distinct = mounts.stream().map(MountConfig::path).distinct().count();
        if (distinct != mounts.size()) {
            throw new IllegalArgumentException("two mounts share a path");
        }
    }

    /** A loopback camera on free ports with the given mounts: what tests and the demo use. */
    public static MockCameraConfig loopback(List<MountConfig> mounts) {
        return new MockCameraConfig(InetAddress.getLoopbackAddress(), 0, 0, Duration.ofSeconds(60), mounts, 500);
    }

    /** The bundled samples at /h264, /h264-bframes and /h265. */
    public static List<MountConfig> bundledMounts() {
        return List.of(MountConfig.bundled("/h264", "h264-aac-640x360-25fps.mp4"),
                MountConfig.bundled("/h264-bframes", "h264-bframes-aac-640x360-25fps.mp4"),
                MountConfig.bundled("/h265", "h265-pcma-640x360-25fps.mov"));
    }

    public MockCameraConfig withSessionTimeout(Duration timeout) {
        return new MockCameraConfig(bindAddress, rtspPort, adminPort, timeout, mounts, maxQueuedFramesPerClient);
    }

    public MockCameraConfig withPorts(int rtsp, int admin) {
        return new MockCameraConfig(bindAddress, rtsp, admin, sessionTimeout, mounts, maxQueuedFramesPerClient);
    }
}
