package io.rtsprecorder.recorder.discovery;

/**
 * A camera found as a Shifu {@code EdgeDevice}: its name (the EdgeDevice's), the RTSP address it is recorded
 * from, and the Secret holding its credentials (null: none). Holds no password: the Secret is read when the camera
 * connects, as for cameras registered with a {@code secretName}.
 */
public record DiscoveredCamera(String name, String url, String secretName) {

    @Override
    public String toString() {
        return "DiscoveredCamera[name=" + name + ", url=" + url + ", secretName=" + secretName + "]";
    }
}
