package io.rtsprecorder.recorder.k8s;

import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.rtsprecorder.recorder.shard.LeaseStore;
import io.rtsprecorder.recorder.shard.LeaseStoreException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * {@link LeaseStore} on {@code coordination.k8s.io/v1} Leases in one namespace, labelled
 * {@value #LABEL}={@code true} so that one list request reads them all. The compare-and-swap is the API server's
 * own: a create fails with 409 when the Lease exists, an update with 409 when its {@code resourceVersion} moved on.
 */
final class KubernetesLeaseStore implements LeaseStore {

    /** fabric8's Lease, named in full: inside this class the simple name is {@link LeaseStore.Lease}. */
    private static final Class<io.fabric8.kubernetes.api.model.coordination.v1.Lease> K8S_LEASE =
            io.fabric8.kubernetes.api.model.coordination.v1.Lease.class;


    static final String LABEL = "rtsp-recorder.io/lease";

    private final KubernetesClient client;
    private final String namespace;

    KubernetesLeaseStore(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    @Override
    public List<LeaseStore.Lease> list() {
        try {
            return client.resources(K8S_LEASE).inNamespace(namespace).withLabel(LABEL, "true").list().getItems()
                    .stream().map(KubernetesLeaseStore::lease).toList();
        } catch (KubernetesClientException e) {
            throw failure("list the Leases", e);
        }
    }

    @Override
    public Optional<LeaseStore.Lease> write(String name, String expectedVersion, String holder, Instant renewedAt,
                                            Duration duration) {
        var l = new LeaseBuilder().withNewMetadata().withName(name).withNamespace(namespace)
                .withResourceVersion(expectedVersion).addToLabels(LABEL, "true")
                .addToLabels("app.kubernetes.io/managed-by", "rtsp-recorder").endMetadata()
                .withNewSpec().withHolderIdentity(holder).withLeaseDurationSeconds((int) duration.toSeconds())
                .withRenewTime(renewedAt.atZone(ZoneOffset.UTC)).endSpec().build();
        try {
            var op = client.resources(K8S_LEASE).inNamespace(namespace).resource(l);
            return Optional.of(lease(expectedVersion == null ? op.create() : op.update()));
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409 || (expectedVersion != null && e.getCode() == 404)) {
                return Optional.empty();
            }
            throw failure("write Lease " + name, e);
        }
    }

    @Override
    public boolean delete(String name, String expectedVersion) {
        try {
            return !client.resources(K8S_LEASE).inNamespace(namespace).withName(name).delete().isEmpty();
        } catch (KubernetesClientException e) {
            throw failure("delete Lease " + name, e);
        }
    }

    private LeaseStoreException failure(String what, KubernetesClientException e) {
        return new LeaseStoreException("cannot " + what + " in namespace '" + namespace + "': "
                + (e.getCode() > 0 ? "HTTP " + e.getCode() : e.getClass().getSimpleName())
                + (e.getCode() == 403 ? " (grant the service account the Role in deploy/sharded)" : ""), e);
    }

    private static LeaseStore.Lease lease(io.fabric8.kubernetes.api.model.coordination.v1.Lease l) {
        var spec = l.getSpec();
        Instant renewed = spec == null || spec.getRenewTime() == null ? null
                : spec.getRenewTime().toInstant();
        int seconds = spec == null || spec.getLeaseDurationSeconds() == null ? 0 : spec.getLeaseDurationSeconds();
        return new LeaseStore.Lease(l.getMetadata().getName(), spec == null ? null : spec.getHolderIdentity(), renewed,
                Duration.ofSeconds(seconds), l.getMetadata().getResourceVersion());
    }
}
