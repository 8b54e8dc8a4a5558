package io.rtsprecorder.recorder.k8s;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.rtsprecorder.media.rtsp.CertificateFingerprint;
import io.rtsprecorder.recorder.device.CameraDirectory;
import io.rtsprecorder.recorder.device.DeviceException;
import io.rtsprecorder.recorder.model.CameraDefinition;
import io.rtsprecorder.recorder.model.CameraSecurity;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code Camera} resources ({@code rtsp-recorder.io/v1alpha1}, deploy/crd/camera.yaml) of one namespace: watched
 * through an informer (the camera list in sharded mode), written by the API ({@link CameraDirectory}), and given
 * their {@code status} by the replica that records them.
 */
final class CameraResources implements CameraDirectory, AutoCloseable {

    static final ResourceDefinitionContext CONTEXT = new ResourceDefinitionContext.Builder()
            .withGroup(CameraSchema.GROUP).withVersion(CameraSchema.VERSION).withKind(CameraSchema.KIND)
            .withPlural(CameraSchema.PLURAL).withNamespaced(true).build();
    private static final String API_VERSION = CameraSchema.GROUP + "/" + CameraSchema.VERSION;

    private static final Logger log = LoggerFactory.getLogger(CameraResources.class);
    private static final Pattern OBJECT_NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,61}[a-z0-9])?");

    private final KubernetesClient client;
    private final String namespace;
    private SharedIndexInformer<GenericKubernetesResource> informer;

    CameraResources(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    private MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList,
            Resource<GenericKubernetesResource>> cameras() {
        return client.genericKubernetesResources(CONTEXT);
    }

    /** Starts watching; {@code changed} runs after every added, changed or deleted Camera. */
    void watch(Runnable changed) {
        informer = cameras().inNamespace(namespace).inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(GenericKubernetesResource obj) {
                changed.run();
            }

            @Override
            public void onUpdate(GenericKubernetesResource oldObj, GenericKubernetesResource newObj) {
                if (!spec(oldObj).equals(spec(newObj))) {
                    changed.run();
                }
            }

            @Override
            public void onDelete(GenericKubernetesResource obj, boolean deletedFinalStateUnknown) {
                changed.run();
            }
        }, 0);
    }

    /** Whether the informer has read the list once. */
    boolean synced() {
        return informer != null && informer.hasSynced();
    }

    /** Every Camera of the namespace as the informer knows it; those that are not valid are logged and left out. */
    Map<String, CameraDefinition> definitions() {
        Map<String, CameraDefinition> all = new TreeMap<>();
        if (informer == null) {
            return all;
        }
        for (GenericKubernetesResource r : informer.getStore().list()) {
            try {
                CameraDefinition c = definition(r);
                all.put(c.name(), c);
            } catch (IllegalArgumentException e) {
                log.warn("Camera {} is not valid and is not recorded: {}", r.getMetadata().getName(), e.getMessage());
            }
        }
        return all;
    }

    /**
     * Writes {@code status} of Camera {@code name} (merge patch on the status subresource); false when it could
     * not (logged).
     */
    boolean writeStatus(String name, Map<String, Object> status) {
        try {
            cameras().inNamespace(namespace).withName(name).subresource("status").patch(PatchContext.of(
                    PatchType.JSON_MERGE), new GenericKubernetesResourceBuilder().withApiVersion(API_VERSION)
                    .withKind(CameraSchema.KIND).withNewMetadata().withName(name).endMetadata()
                    .addToAdditionalProperties("status", status).build());
            return true;
        } catch (KubernetesClientException e) {
            log.warn("cannot write the status of Camera {}: {}", name, e.getCode() > 0 ? "HTTP " + e.getCode()
                    : e.getClass().getSimpleName());
            return false;
        }
    }

    @Override
    public CameraDefinition create(CameraDefinition camera) {
        if (!OBJECT_NAME.matcher(camera.name()).matches()) {
            throw new DeviceException(DeviceException.Kind.INVALID, "camera name '" + camera.name() + "' must be a "
                    + "Kubernetes object name here (lower-case letters, digits, '-', '.'; at most 63)");
        }
        if (camera.credentials() != null || java.net.URI.create(camera.url()).getRawUserInfo() != null) {
            throw new DeviceException(DeviceException.Kind.INVALID, "a Camera resource holds no password: put it in "
                    + "a Secret and give its secretName");
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put(CameraSchema.URL, camera.url());
        spec.put(CameraSchema.RECORDING, !Boolean.FALSE.equals(camera.recording()));
        if (camera.secretName() != null) {
            spec.put(CameraSchema.SECRET_NAME, camera.secretName());
        }
        spec.putAll(securitySpec(camera.security()));
        GenericKubernetesResource r = new GenericKubernetesResourceBuilder().withApiVersion(API_VERSION)
                .withKind(CameraSchema.KIND).withNewMetadata().withName(camera.name()).withNamespace(namespace)
                .endMetadata().addToAdditionalProperties("spec", spec).build();
        try {
            return definition(cameras().inNamespace(namespace).resource(r).create());
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                throw new DeviceException(DeviceException.Kind.CONFLICT, "camera '" + camera.name()
                        + "' already exists; unregister it first or use /update");
            }
            throw failure("create Camera " + camera.name(), e);
        }
    }

    @Override
    public CameraDefinition delete(String name) {
        CameraDefinition c = definition(get(name));
        try {
            cameras().inNamespace(namespace).withName(name).delete();
        } catch (KubernetesClientException e) {
            throw failure("delete Camera " + name, e);
        }
        log.info("Camera {} deleted; its recordings are kept", name);
        return c;
    }

    @Override
    public CameraDefinition setRecording(String name, boolean on) {
        get(name);
        return patchSpec(name, Map.of(CameraSchema.RECORDING, on));
    }

    @Override
    public CameraDefinition redefine(String name, UnaryOperator<CameraSecurity> change) {
        CameraDefinition before = definition(get(name));
        CameraSecurity after = change.apply(before.security());
        try {
            before.withSecurity(after);
        } catch (IllegalArgumentException e) {
            throw new DeviceException(DeviceException.Kind.INVALID, e.getMessage());
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put(CameraSchema.CA_FILE, null);
        spec.put(CameraSchema.TLS_FINGERPRINT, null);
        spec.put(CameraSchema.ALLOW_BASIC_AUTH, null);
        spec.putAll(securitySpec(after));
        return patchSpec(name, spec);
    }

    private CameraDefinition patchSpec(String name, Map<String, Object> spec) {
        GenericKubernetesResource patch = new GenericKubernetesResourceBuilder().withApiVersion(API_VERSION)
                .withKind(CameraSchema.KIND).withNewMetadata().withName(name).endMetadata()
                .addToAdditionalProperties("spec", spec).build();
        try {
            return definition(cameras().inNamespace(namespace).withName(name).patch(PatchContext.of(
                    PatchType.JSON_MERGE), patch));
        } catch (KubernetesClientException e) {
            throw failure("change Camera " + name, e);
        }
    }

    private GenericKubernetesResource get(String name) {
        GenericKubernetesResource r;
        try {
            r = cameras().inNamespace(namespace).withName(name).get();
        } catch (KubernetesClientException e) {
            throw failure("read Camera " + name, e);
        }
        if (r == null) {
            throw new DeviceException(DeviceException.Kind.NOT_FOUND, "no camera named '" + name + "'");
        }
        return r;
    }

    private DeviceException failure(String what, KubernetesClientException e) {
        log.error("cannot {} in namespace {}: {}", what, namespace, e.getCode() > 0 ? "HTTP " + e.getCode()
                : e.getClass().getSimpleName());
        return new DeviceException(DeviceException.Kind.STORAGE, "cannot " + what + " in the Kubernetes API ("
                + (e.getCode() > 0 ? "HTTP " + e.getCode() : e.getClass().getSimpleName()) + "); nothing was changed");
    }

    private static Map<String, Object> securitySpec(CameraSecurity s) {
        Map<String, Object> spec = new LinkedHashMap<>();
        if (s.caFile() != null) {
            spec.put(CameraSchema.CA_FILE, s.caFile().toString());
        }
        if (!s.fingerprints().isEmpty()) {
            spec.put(CameraSchema.TLS_FINGERPRINT, s.fingerprintText());
        }
        if (s.allowBasicAuth()) {
            spec.put(CameraSchema.ALLOW_BASIC_AUTH, true);
        }
        return spec;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(GenericKubernetesResource r) {
        Object spec = r.getAdditionalProperties().get("spec");
        return spec instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** The Camera as the recorder's camera definition; {@link IllegalArgumentException} when it is not valid. */
    static CameraDefinition definition(GenericKubernetesResource r) {
        Map<String, Object> spec = spec(r);
        Object url = spec.get(CameraSchema.URL);
        if (!(url instanceof String u)) {
            throw new IllegalArgumentException("spec.url is missing");
        }
        String secretName = spec.get(CameraSchema.SECRET_NAME) instanceof String s && !s.isBlank() ? s : null;
        boolean recording = !Boolean.FALSE.equals(spec.get(CameraSchema.RECORDING));
        Path caFile = spec.get(CameraSchema.CA_FILE) instanceof String s && !s.isBlank() ? Path.of(s) : null;
        List<CertificateFingerprint> pins = spec.get(CameraSchema.TLS_FINGERPRINT) instanceof String s
                ? CertificateFingerprint.parseList(s) : List.of();
        boolean basic = Boolean.TRUE.equals(spec.get(CameraSchema.ALLOW_BASIC_AUTH));
        return new CameraDefinition(r.getMetadata().getName(), u, null, secretName, recording,
                CameraDefinition.Origin.API, new CameraSecurity(caFile, pins, basic));
    }

    /** The Camera named {@code name} from the informer, if it is known and valid. */
    Optional<CameraDefinition> find(String name) {
        return Optional.ofNullable(definitions().get(name));
    }

    @Override
    public void close() {
        if (informer != null) {
            informer.close();
        }
    }
}
