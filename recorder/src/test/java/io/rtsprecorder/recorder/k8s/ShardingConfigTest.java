package io.rtsprecorder.recorder.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rtsprecorder.recorder.config.ConfigException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code CameraSource} and the Lease settings from the environment. */
class ShardingConfigTest {

    @Test
    void withoutCameraSourceTheSinglePodModesStay() throws Exception {
        assertThat(ShardingConfig.fromEnvironment(Map.of()).enabled()).isFalse();
        assertThat(ShardingConfig.fromEnvironment(Map.of("CameraSource", "local")).enabled()).isFalse();
    }

    @Test
    void kubernetesTakesThePodNameNamespaceAndLeaseTiming() throws Exception {
        ShardingConfig c = ShardingConfig.fromEnvironment(Map.of("CameraSource", "Kubernetes", "POD_NAME",
                "rtsp-recorder-2", "POD_NAMESPACE", "cams", "LeaseDuration", "6s"));
        assertThat(c.enabled()).isTrue();
        assertThat(c.replica()).isEqualTo("rtsp-recorder-2");
        assertThat(c.namespace()).isEqualTo("cams");
        assertThat(c.timing().duration()).isEqualTo(Duration.ofSeconds(6));
        assertThat(c.timing().renewInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.timing().recordingAllowance()).isEqualTo(Duration.ofMillis(4800));
        ShardingConfig standard = ShardingConfig.fromEnvironment(Map.of("CameraSource", "kubernetes", "POD_NAME",
                "r-0"));
        assertThat(standard.timing().duration()).isEqualTo(Duration.ofSeconds(15));
        assertThat(standard.timing().renewInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(standard.timing().fencingMargin()).isEqualTo(Duration.ofSeconds(3));
        assertThat(standard.namespace()).isNull();
    }

    @Test
    void everyBadValueIsListed() {
        assertThatThrownBy(() -> ShardingConfig.fromEnvironment(Map.of("CameraSource", "etcd")))
                .isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> ShardingConfig.fromEnvironment(Map.of("CameraSource", "kubernetes", "POD_NAME",
                "Not_A_Name", "LeaseDuration", "1500ms")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).hasSize(2)
                        .anySatisfy(p -> assertThat(p).contains("POD_NAME"))
                        .anySatisfy(p -> assertThat(p).contains("whole seconds")));
        assertThatThrownBy(() -> ShardingConfig.fromEnvironment(Map.of("CameraSource", "kubernetes", "POD_NAME",
                "r-0", "LeaseDuration", "6s", "LeaseRenewInterval", "3s")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
                        .asString().contains("at most"));
    }
}
