package io.rtsprecorder.recorder.discovery;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.Locale;
import java.util.Map;

/**
 * How an {@code EdgeDevice} (Shifu, {@code shifu.edgenesis.io/v1alpha1}) says it wants recording, and where it is
 * recorded from. Everything is in annotations, so no Shifu field is given a meaning it does not have:
 * <ul>
 *   <li>{@value #RECORD}: {@code "true"} to record it; anything else, or none, is not recorded.</li>
 *   <li>{@value #URL}: the full RTSP address, overriding everything below.</li>
 *   <li>otherwise {@code rtsp://deviceshifu-<n>.<namespace>.svc:<port>/<path>}, the deviceShifu Service Shifu makes
 *       for the device: {@code <n>} is the EdgeDevice's name without a leading {@code edgedevice-} (Shifu's
 *       naming: EdgeDevice {@code edgedevice-camera}, Service {@code deviceshifu-camera}), {@code <namespace>}
 *       {@value #SERVICE_NAMESPACE} or {@value #DEFAULT_SERVICE_NAMESPACE}, {@code <port>} {@value #PORT} or
 *       {@value #DEFAULT_PORT}, {@code <path>} {@value #PATH} or none.</li>
 *   <li>{@value #SECRET}: the Secret (in the recorder's namespace) with {@code username} and {@code password}.</li>
 * </ul>
 */
public final class EdgeDevices {

    public static final String RECORD = "rtsp-recorder.io/record";
    public static final String URL = "rtsp-recorder.io/url";
    public static final String PATH = "rtsp-recorder.io/path";
    public static final String PORT = "rtsp-recorder.io/port";
    public static final String SERVICE_NAMESPACE = "rtsp-recorder.io/service-namespace";
    public static final String SECRET = "rtsp-recorder.io/secret";
    public static final String DEFAULT_SERVICE_NAMESPACE = "deviceshifu";
    public static final int DEFAULT_PORT = 554;

    /** The resource, for fabric8's generic client: no generated model of Shifu's types is needed. */
    public static final ResourceDefinitionContext CONTEXT = new ResourceDefinitionContext.Builder()
            .withGroup("shifu.edgenesis.io").withVersion("v1alpha1").withKind("EdgeDevice").withPlural("edgedevices")
            .withNamespaced(true).build();

    private EdgeDevices() {
    }

    /** The camera {@code device} asks to be recorded as, or null when it does not ask (or asks unreadably). */
    public static DiscoveredCamera camera(GenericKubernetesResource device) {
        Map<String, String> a = device.getMetadata().getAnnotations();
        if (a == null || !"true".equals(a.getOrDefault(RECORD, "").strip().toLowerCase(Locale.ROOT))) {
            return null;
        }
        String name = device.getMetadata().getName();
        String url = a.get(URL);
        if (url == null || url.isBlank()) {
            String service = "deviceshifu-" + (name.startsWith("edgedevice-") ? name.substring(11) : name);
            String namespace = a.getOrDefault(SERVICE_NAMESPACE, DEFAULT_SERVICE_NAMESPACE).strip();
            String port = a.getOrDefault(PORT, Integer.toString(DEFAULT_PORT)).strip();
            String path = a.getOrDefault(PATH, "").strip();
            url = "rtsp://" + service + "." + namespace + ".svc:" + port + (path.startsWith("/") || path.isEmpty()
                    ? path : "/" + path);
        }
        String secret = a.get(SECRET);
        return new DiscoveredCamera(name, url.strip(), secret == null || secret.isBlank() ? null : secret.strip());
    }
}
