package io.rtsprecorder.recorder.config;

/**
 * Whether cameras are found as Shifu {@code EdgeDevice} objects carrying {@code rtsp-recorder.io/record: "true"}
 * (see {@code docs/shifu.md}), and in which namespace they are watched (the pod's own when not given). Off by
 * default: the recorder then never calls the Kubernetes API for devices.
 */
public record DiscoveryConfig(boolean shifu, String namespace) {

    public static DiscoveryConfig off() {
        return new DiscoveryConfig(false, null);
    }
}
