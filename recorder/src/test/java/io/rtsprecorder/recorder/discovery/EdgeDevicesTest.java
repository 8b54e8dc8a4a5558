package io.rtsprecorder.recorder.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which EdgeDevices ask to be recorded, and the address each is recorded from. */
class EdgeDevicesTest {

    private static GenericKubernetesResource device(String name, Map<String, String> annotations) {
        GenericKubernetesResource r = new GenericKubernetesResource();
        r.setMetadata(new ObjectMetaBuilder().withName(name).withAnnotations(annotations).build());
        return r;
    }

    @Test
    void theShippedExampleIsRecordedThroughItsDeviceShifuService() {
        DiscoveredCamera c = EdgeDevices.camera(device("edgedevice-camera", Map.of(EdgeDevices.RECORD, "true",
                EdgeDevices.PATH, "Streaming/Channels/101", EdgeDevices.SECRET, "camera-credentials")));
        assertThat(c).isEqualTo(new DiscoveredCamera("edgedevice-camera",
                "rtsp://deviceshifu-camera.deviceshifu.svc:554/Streaming/Channels/101", "camera-credentials"));
    }

    @Test
    void aNameWithoutThePrefixPortAndNamespaceAnnotationsAndTheUrlOverride() {
        assertThat(EdgeDevices.camera(device("gate", Map.of(EdgeDevices.RECORD, "TRUE", EdgeDevices.PORT, "8554",
                EdgeDevices.SERVICE_NAMESPACE, "cams"))).url()).isEqualTo("rtsp://deviceshifu-gate.cams.svc:8554");
        assertThat(EdgeDevices.camera(device("gate", Map.of(EdgeDevices.RECORD, "true", EdgeDevices.URL,
                "rtsp://10.1.2.3:554/live"))).url()).isEqualTo("rtsp://10.1.2.3:554/live");
    }

    @Test
    void withoutTheAnnotationOrWithAnotherValueNothingIsRecorded() {
        assertThat(EdgeDevices.camera(device("gate", null))).isNull();
        assertThat(EdgeDevices.camera(device("gate", Map.of(EdgeDevices.URL, "rtsp://x/y")))).isNull();
        assertThat(EdgeDevices.camera(device("gate", Map.of(EdgeDevices.RECORD, "false")))).isNull();
    }
}
