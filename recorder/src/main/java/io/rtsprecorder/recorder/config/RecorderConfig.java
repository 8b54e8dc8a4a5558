package io.rtsprecorder.recorder.config;

import io.rtsprecorder.recorder.access.AccessConfig;
import io.rtsprecorder.recorder.model.CameraDefinition;
import io.rtsprecorder.recorder.model.RecordingDefaults;
import io.rtsprecorder.recorder.model.RestreamConfig;
import io.rtsprecorder.recorder.storage.RetentionPolicy;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Everything the service starts with. {@code cameras} are those from the environment and the YAML file; cameras
 * registered through the API come from the state file on the volume. {@code access} says how the API is protected
 * (tokens per role; closed by default). {@code defaultCamera} is the camera {@code /record/on} acts on
 * without {@code ?device=}: the environment's camera, else the only configured one, else null. {@code restream} is
 * where the cameras are served to RTSP players (off when its port is -1). {@code federation} names the other
 * replicas whose footage listings and downloads include (none by default); {@code discovery} whether cameras are
 * also found as Shifu EdgeDevices (off by default).
 */
public record RecorderConfig(Path savePath, String bindAddress, int httpPort, AccessConfig access,
                             RecordingDefaults defaults, List<CameraDefinition> cameras, String defaultCamera,
                             RetentionPolicy retention, RestreamConfig restream, FederationConfig federation,
                             DiscoveryConfig discovery) {

    public RecorderConfig(Path savePath, String bindAddress, int httpPort, AccessConfig access,
                          RecordingDefaults defaults, List<CameraDefinition> cameras, String defaultCamera,
                          RetentionPolicy retention, RestreamConfig restream) {
        this(savePath, bindAddress, httpPort, access, defaults, cameras, defaultCamera, retention, restream, null,
                null);
    }

    public RecorderConfig {
        Objects.requireNonNull(savePath, "savePath");
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(defaults, "defaults");
        retention = retention == null ? RetentionPolicy.standard() : retention;
        access = access == null ? AccessConfig.standard() : access;
        cameras = List.copyOf(cameras);
        restream = restream == null ? RestreamConfig.off() : restream;
        federation = federation == null ? FederationConfig.off() : federation;
        discovery = discovery == null ? DiscoveryConfig.off() : discovery;
    }

    public RecorderConfig withSavePath(Path path) {
        return new RecorderConfig(path, bindAddress, httpPort, access, defaults, cameras, defaultCamera, retention,
                restream, federation, discovery);
    }

    public RecorderConfig withHttp(String address, int port) {
        return new RecorderConfig(savePath, address, port, access, defaults, cameras, defaultCamera, retention,
                restream, federation, discovery);
    }

    public RecorderConfig withDefaults(RecordingDefaults d) {
        return new RecorderConfig(savePath, bindAddress, httpPort, access, d, cameras, defaultCamera, retention,
                restream, federation, discovery);
    }

    @Override
    public String toString() {
        return "RecorderConfig[savePath=" + savePath + ", http=" + bindAddress + ":" + httpPort + ", access="
                + access + ", defaults=" + defaults + ", cameras=" + cameras + ", retention=" + retention
                + ", restream=" + restream + ", federation=" + federation + ", discovery=" + discovery + "]";
    }
}
