package io.rtsprecorder.recorder.discovery;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the {@code EdgeDevice} objects of one namespace (fabric8's informer: a list, then a watch that is
 * re-established when it breaks) and turns them into {@link CameraEvents}: an object that asks to be recorded
 * ({@link EdgeDevices#camera}) appears, one whose address or Secret changes has changed, and one that is deleted or
 * stops asking is gone. Events are delivered on one thread of their own, so a slow consumer (switching a camera off
 * waits for its file to close) never holds up the watch.
 */
public final class ShifuDiscovery implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ShifuDiscovery.class);

    private final CameraEvents events;
    private final ExecutorService delivery = Executors.newSingleThreadExecutor(r -> Thread.ofVirtual()
            .name("shifu-discovery").unstarted(r));
    /** The cameras reported and not gone, by name; touched on the delivery thread only. */
    private final Map<String, DiscoveredCamera> known = new HashMap<>();
    private final SharedIndexInformer<GenericKubernetesResource> informer;

    private ShifuDiscovery(KubernetesClient client, String namespace, CameraEvents events) {
        this.events = events;
        this.informer = client.genericKubernetesResources(EdgeDevices.CONTEXT).inNamespace(namespace)
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(GenericKubernetesResource obj) {
                        seen(obj);
                    }

                    @Override
                    public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource after) {
                        seen(after);
                    }

                    @Override
                    public void onDelete(GenericKubernetesResource obj, boolean finalStateUnknown) {
                        String name = obj.getMetadata().getName();
                        delivery.execute(() -> forget(name));
                    }
                });
        log.info("watching Shifu EdgeDevices in namespace {} for the annotation {}: \"true\"", namespace,
                EdgeDevices.RECORD);
    }

    /** Starts watching {@code namespace}; returns once the first list was read (and its cameras reported). */
    public static ShifuDiscovery start(KubernetesClient client, String namespace, CameraEvents events) {
        return new ShifuDiscovery(client, namespace, events);
    }

    private void seen(GenericKubernetesResource obj) {
        String name = obj.getMetadata().getName();
        DiscoveredCamera camera = EdgeDevices.camera(obj);
        delivery.execute(() -> {
            if (camera == null) {
                forget(name);
                return;
            }
            DiscoveredCamera before = known.put(name, camera);
            try {
                if (before == null) {
                    events.appeared(camera);
                } else if (!Objects.equals(before, camera)) {
                    events.changed(camera);
                }
            } catch (RuntimeException e) {
                log.warn("EdgeDevice {}: {}", name, e.getMessage());
            }
        });
    }

    private void forget(String name) {
        if (known.remove(name) != null) {
            try {
                events.gone(name);
            } catch (RuntimeException e) {
                log.warn("EdgeDevice {}: {}", name, e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        informer.close();
        delivery.shutdown();
    }
}
